import {
  renderInTestApp,
  registerMswTestHooks,
  TestApiProvider,
} from '@backstage/test-utils';
import { CertificateRequestInput } from '@internal/plugin-certificates-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { options, storedRequest } from '../../__testUtils__/fixtures';
import { certificatesApiRef, CertificatesClient } from '../../api';
import { RequestForm } from './RequestForm';

const base = 'http://localhost:7007/api/certificates';
const server = setupServer();
registerMswTestHooks(server);

const client = new CertificatesClient({
  discoveryApi: { getBaseUrl: async () => base },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

function previewFor(body: CertificateRequestInput) {
  const name = `${body.subdomain}.${body.domain}`.replace(/\./g, '-');
  return [
    {
      path: `tenants/${body.team}/certificates/${name}/certificate.yaml`,
      content: `dnsNames: [${body.subdomain}.${body.domain}]`,
    },
    {
      path: `tenants/${body.team}/certificates/${name}/push-secret.yaml`,
      content: 'kind: PushSecret',
    },
  ];
}

function useDefaultHandlers() {
  const previews: CertificateRequestInput[] = [];
  server.use(
    http.get(`${base}/options`, () => HttpResponse.json(options)),
    http.post(`${base}/preview`, async ({ request }) => {
      const body = (await request.json()) as CertificateRequestInput;
      previews.push(body);
      return HttpResponse.json(previewFor(body));
    }),
  );
  return previews;
}

async function renderForm(props: Parameters<typeof RequestForm>[0] = {}) {
  return renderInTestApp(
    <TestApiProvider apis={[[certificatesApiRef, client]]}>
      <RequestForm {...props} />
    </TestApiProvider>,
  );
}

/** Request is enabled once the preview of the form as it is accepted it. */
async function requestButtonWhenReady() {
  const button = screen.getByRole('button', { name: 'Request certificate' });
  await waitFor(() => expect(button).toBeEnabled());
  return button;
}

describe('RequestForm', () => {
  it('shows progress while the options load', async () => {
    server.use(
      http.get(`${base}/options`, () => new Promise<Response>(() => {})),
    );
    await renderForm();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error when the options cannot be loaded', async () => {
    server.use(
      http.get(`${base}/options`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'database down' },
            response: { statusCode: 500 },
          },
          { status: 500 },
        ),
      ),
    );
    await renderForm();
    expect(
      await screen.findByText(/Could not load the request options/),
    ).toBeInTheDocument();
  });

  it('says so when the user is in no team', async () => {
    server.use(
      http.get(`${base}/options`, () =>
        HttpResponse.json({ ...options, teams: [] }),
      ),
    );
    await renderForm();
    expect(
      await screen.findByText(/not a member of any team/),
    ).toBeInTheDocument();
  });

  it('labels every field, with the choices from /options', async () => {
    useDefaultHandlers();
    await renderForm();
    expect(await screen.findByLabelText('Subdomain')).toBeInTheDocument();
    expect(screen.getByLabelText('Team')).toHaveTextContent('team-a');
    expect(screen.getByLabelText('Domain')).toHaveTextContent('example.com');
    expect(screen.getByLabelText('Issuer')).toHaveTextContent(
      'letsencrypt-staging',
    );
    expect(screen.getByLabelText('Justification')).toBeInTheDocument();
    expect(screen.getByLabelText(/Wildcard/)).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Issuer'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'letsencrypt-prod' }),
    );
    expect(screen.getByLabelText('Issuer')).toHaveTextContent(
      'letsencrypt-prod',
    );
  });

  it('validates the subdomain inline and shows the full name as typed', async () => {
    useDefaultHandlers();
    await renderForm();
    const subdomain = await screen.findByLabelText('Subdomain');
    await userEvent.type(subdomain, 'shop');
    expect(screen.getByTestId('full-name')).toHaveTextContent(
      'shop.example.com',
    );
    await userEvent.type(subdomain, '*');
    expect(subdomain).toHaveAccessibleDescription(/must not contain "\*"/);
    expect(
      screen.getByRole('button', { name: 'Request certificate' }),
    ).toBeDisabled();
  });

  it('refreshes the preview as the form changes', async () => {
    const previews = useDefaultHandlers();
    await renderForm();
    const subdomain = await screen.findByLabelText('Subdomain');
    await userEvent.type(subdomain, 'shop');
    expect(
      await screen.findByText(
        'tenants/team-a/certificates/shop-example-com/certificate.yaml',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('2 files')).toBeInTheDocument();

    await userEvent.clear(subdomain);
    await userEvent.type(subdomain, 'api');
    expect(
      await screen.findByText(
        'tenants/team-a/certificates/api-example-com/certificate.yaml',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(
        'tenants/team-a/certificates/shop-example-com/certificate.yaml',
      ),
    ).not.toBeInTheDocument();
    // Debounced: not one request per keystroke.
    expect(previews.length).toBeLessThan(4);
    expect(previews[previews.length - 1]).toMatchObject({
      subdomain: 'api',
      domain: 'example.com',
      team: 'team-a',
    });
  });

  it('shows the field error from a 400 next to the named field', async () => {
    useDefaultHandlers();
    server.use(
      http.post(`${base}/requests`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'subdomain: must be lowercase',
            },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await renderForm();
    const subdomain = await screen.findByLabelText('Subdomain');
    await userEvent.type(subdomain, 'shop');
    await userEvent.click(await requestButtonWhenReady());
    await waitFor(() =>
      expect(subdomain).toHaveAccessibleDescription(/must be lowercase/),
    );
    expect(subdomain).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('must be lowercase')).toHaveAttribute(
      'id',
      'subdomain-helper-text',
    );
  });

  it('shows an error without a field as a form error', async () => {
    useDefaultHandlers();
    server.use(
      http.post(`${base}/requests`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'a request for shop.example.com is already open',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    await renderForm();
    await userEvent.type(await screen.findByLabelText('Subdomain'), 'shop');
    await userEvent.click(await requestButtonWhenReady());
    expect(
      await screen.findByText('a request for shop.example.com is already open'),
    ).toBeInTheDocument();
  });

  it('submits with the keyboard and shows the pull request link', async () => {
    useDefaultHandlers();
    let sent: unknown;
    server.use(
      http.post(`${base}/requests`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(storedRequest(), { status: 201 });
      }),
    );
    const onCreated = jest.fn();
    await renderForm({
      onCreated,
      statusLink: id => `/certificates?request=${id}`,
    });
    await userEvent.type(await screen.findByLabelText('Subdomain'), 'shop');
    await requestButtonWhenReady();
    await userEvent.keyboard('{enter}');
    const link = await screen.findByRole('link', { name: /Pull request #1/ });
    expect(link).toHaveAttribute('href', 'https://git.example.com/pr/1');
    expect(
      screen.getByRole('link', { name: 'Follow its status' }),
    ).toHaveAttribute('href', '/certificates?request=req-1');
    expect(sent).toEqual({
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'shop',
      wildcard: false,
      issuer: 'letsencrypt-staging',
    });
    expect(onCreated).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'req-1' }),
    );
  });

  it('keeps Request disabled while the subdomain is empty and the team may not hold the domain itself, saying so under Subdomain', async () => {
    const previews = useDefaultHandlers();
    server.use(
      http.get(`${base}/options`, () =>
        HttpResponse.json({
          ...options,
          teams: [
            {
              ...options.teams[0],
              domains: [
                {
                  domain: 'example.com',
                  allowIdn: false,
                  grants: [
                    {
                      base: 'shop.example.com',
                      kind: 'subtree',
                      wildcard: true,
                    },
                  ],
                },
              ],
            },
          ],
        }),
      ),
    );
    await renderForm();
    const subdomain = await screen.findByLabelText('Subdomain');
    const button = screen.getByRole('button', { name: 'Request certificate' });
    expect(button).toBeDisabled();
    expect(subdomain).toHaveAccessibleDescription(
      /enter a subdomain: team-a may not request example.com itself, only shop.example.com and below/,
    );
    expect(screen.getByLabelText('Domain')).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    // A name outside the grant is refused as typed, before anything is sent.
    await userEvent.type(subdomain, 'api');
    expect(subdomain).toHaveAccessibleDescription(
      /team-a may not request api.example.com; its names here: shop.example.com and below/,
    );
    expect(button).toBeDisabled();
    await userEvent.clear(subdomain);
    await userEvent.type(subdomain, 'www.shop');
    await waitFor(() => expect(button).toBeEnabled());
    expect(previews.map(p => p.subdomain)).toEqual(['www.shop']);
  });

  it("shows the preview's ownership refusal under Subdomain before any submit, and keeps Request disabled", async () => {
    useDefaultHandlers();
    server.use(
      http.post(`${base}/preview`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message:
                'names: "shop.example.com" is already held by team "team-b"',
            },
            response: { statusCode: 409 },
          },
          { status: 409 },
        ),
      ),
    );
    await renderForm();
    const subdomain = await screen.findByLabelText('Subdomain');
    await userEvent.type(subdomain, 'shop');
    await waitFor(() =>
      expect(subdomain).toHaveAccessibleDescription(
        /"shop.example.com" is already held by team "team-b"/,
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Request certificate' }),
    ).toBeDisabled();
    expect(screen.getByTestId('submit-reason')).toHaveTextContent(
      'Fix the problems shown above first',
    );
  });

  it('preselects the team of ?team=', async () => {
    useDefaultHandlers();
    const teamB = {
      name: 'team-b',
      group: 'group:default/team-b',
      domains: [
        {
          domain: 'example.org',
          allowIdn: false,
          grants: [{ base: 'example.org', kind: 'subtree', wildcard: false }],
        },
      ],
    };
    server.use(
      http.get(`${base}/options`, () =>
        HttpResponse.json({ ...options, teams: [...options.teams, teamB] }),
      ),
    );
    await renderForm({ team: 'team-b' });
    await screen.findByLabelText('Subdomain');
    expect(screen.getByLabelText('Team')).toHaveTextContent('team-b');
    expect(screen.getByLabelText('Domain')).toHaveTextContent('example.org');
  });

  it('says so when ?team= names a team the user is not in, and falls back to their own', async () => {
    useDefaultHandlers();
    await renderForm({ team: 'team-z' });
    expect(
      await screen.findByText(/You are not a member of team-z/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Team')).toHaveTextContent('team-a');
  });

  it('says what a request changes of a certificate the team already has', async () => {
    useDefaultHandlers();
    await renderForm({
      requests: [
        storedRequest({ state: 'merged', issuer: 'letsencrypt-prod' }),
      ],
    });
    await userEvent.type(await screen.findByLabelText('Subdomain'), 'shop');
    const change = await screen.findByTestId('preview-change');
    expect(change).toHaveTextContent(
      /This changes shop-example-com, requested .* \(merged\):/,
    );
    expect(change).toHaveTextContent(
      'issuer: letsencrypt-prod → letsencrypt-staging',
    );
  });
});

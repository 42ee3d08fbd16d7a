import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ApiHolder } from '@backstage/core-plugin-api';
import { CertificateOptions } from '@internal/plugin-certificates-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import { useState } from 'react';
import { options as baseOptions } from '../../__testUtils__/fixtures';
import { CertificatesApi, certificatesApiRef } from '../../api';
import {
  CertificateRequestPicker,
  CertificateRequestValue,
} from './CertificateRequestPicker';
import { CERTIFICATE_REQUEST_PICKER } from './field';
import { certificateRequestField } from './formField';
import {
  certificateChoiceProblems,
  validateCertificateRequest,
} from './validation';

/** Two teams with different domains; team-b may use wildcards only below wild.example.net. */
const options: CertificateOptions = {
  ...baseOptions,
  teams: [
    ...baseOptions.teams,
    {
      name: 'team-b',
      group: 'group:default/team-b',
      domains: [
        {
          domain: 'example.net',
          allowIdn: false,
          grants: [
            { base: 'example.net', kind: 'subtree', wildcard: false },
            { base: 'wild.example.net', kind: 'subtree', wildcard: true },
          ],
        },
        {
          domain: 'example.org',
          allowIdn: false,
          grants: [
            { base: 'team-b.example.org', kind: 'subtree', wildcard: false },
          ],
        },
      ],
    },
  ],
};

function fakeApi(opts: CertificateOptions = options): CertificatesApi {
  return {
    getOptions: jest.fn(async () => opts),
  } as unknown as CertificatesApi;
}

/** The picker as RJSF drives it: it owns the form data and passes it back in. */
async function renderPicker(
  opts: {
    api?: CertificatesApi;
    initial?: Partial<CertificateRequestValue>;
    rawErrors?: string[];
  } = {},
) {
  const changes: CertificateRequestValue[] = [];
  const Harness = () => {
    const [formData, setFormData] = useState<
      CertificateRequestValue | undefined
    >(opts.initial as CertificateRequestValue);
    const props = {
      formData,
      onChange: (value: CertificateRequestValue) => {
        changes.push(value);
        setFormData(value);
      },
      rawErrors: opts.rawErrors,
      idSchema: { $id: 'root_certificate' },
      schema: { title: 'Certificate', type: 'object' },
      uiSchema: {},
      required: true,
    } as unknown as Parameters<typeof CertificateRequestPicker>[0];
    return <CertificateRequestPicker {...props} />;
  };
  await renderInTestApp(
    <TestApiProvider apis={[[certificatesApiRef, opts.api ?? fakeApi()]]}>
      <Harness />
    </TestApiProvider>,
  );
  await screen.findByLabelText(/Subdomain/);
  return { changes, last: () => changes[changes.length - 1] };
}

async function choose(label: RegExp, option: string) {
  await userEvent.click(screen.getByLabelText(label));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

function optionNames(listbox: HTMLElement) {
  return within(listbox)
    .getAllByRole('option')
    .map(o => o.textContent);
}

describe('CertificateRequestPicker', () => {
  it('offers the teams and issuers from /options and puts the defaults in the form data', async () => {
    const api = fakeApi();
    const { changes } = await renderPicker({ api });
    expect(api.getOptions).toHaveBeenCalled();
    await waitFor(() =>
      expect(changes[0]).toEqual({
        team: 'team-a',
        domain: 'example.com',
        subdomain: '',
        wildcard: false,
        issuer: 'letsencrypt-staging',
      }),
    );
    await userEvent.click(screen.getByLabelText(/Team/));
    expect(optionNames(await screen.findByRole('listbox'))).toEqual([
      'team-a',
      'team-b',
    ]);
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByLabelText(/Issuer/));
    expect(optionNames(await screen.findByRole('listbox'))).toEqual([
      'letsencrypt-staging',
      'letsencrypt-prod',
    ]);
    await userEvent.keyboard('{Escape}');
    expect(screen.getByLabelText(/Issuer/)).toHaveAccessibleDescription(
      'Untrusted test certificates',
    );
  });

  it("offers only the chosen team's domains and follows a change of team", async () => {
    const { last } = await renderPicker();
    await userEvent.click(screen.getByLabelText(/Domain/));
    expect(optionNames(await screen.findByRole('listbox'))).toEqual([
      'example.com',
    ]);
    await userEvent.keyboard('{Escape}');

    await choose(/Team/, 'team-b');
    expect(last()).toMatchObject({ team: 'team-b', domain: 'example.net' });
    expect(screen.getByLabelText(/Domain/)).toHaveTextContent('example.net');
    expect(screen.getByLabelText(/Domain/)).toHaveAccessibleDescription(
      "Your team's names here: example.net and below; wild.example.net and below (wildcards allowed)",
    );
    await userEvent.click(screen.getByLabelText(/Domain/));
    expect(optionNames(await screen.findByRole('listbox'))).toEqual([
      'example.net',
      'example.org',
    ]);
    await userEvent.click(screen.getByRole('option', { name: 'example.org' }));
    expect(last()).toMatchObject({ team: 'team-b', domain: 'example.org' });
  });

  it('enables wildcard only where it is granted', async () => {
    const { last } = await renderPicker({
      initial: {
        team: 'team-b',
        domain: 'example.net',
        subdomain: 'shop',
        issuer: 'letsencrypt-prod',
      },
    });
    const wildcard = () => screen.getByRole('checkbox', { name: /Wildcard/ });
    expect(wildcard()).toBeDisabled();
    expect(
      screen.getByText('Wildcard (not granted for this name)'),
    ).toBeInTheDocument();

    const subdomain = screen.getByLabelText(/Subdomain/);
    await userEvent.clear(subdomain);
    await userEvent.type(subdomain, 'api.wild');
    expect(wildcard()).toBeEnabled();
    await userEvent.click(wildcard());
    expect(last()).toEqual({
      team: 'team-b',
      domain: 'example.net',
      subdomain: 'api.wild',
      wildcard: true,
      issuer: 'letsencrypt-prod',
    });
    expect(screen.getByTestId('certificate-full-name')).toHaveTextContent(
      '*.api.wild.example.net',
    );

    // Leaving the granted subtree drops the wildcard from the value, not just from the checkbox.
    await userEvent.clear(subdomain);
    await userEvent.type(subdomain, 'api');
    expect(wildcard()).toBeDisabled();
    expect(wildcard()).not.toBeChecked();
    expect(last()).toMatchObject({ subdomain: 'api', wildcard: false });
  });

  it('validates the subdomain inline with the shared rules and emits the value object as typed', async () => {
    const { last } = await renderPicker();
    const subdomain = screen.getByLabelText(/Subdomain/);
    await userEvent.type(subdomain, 'shop');
    expect(last()).toEqual({
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'shop',
      wildcard: false,
      issuer: 'letsencrypt-staging',
    });
    expect(screen.getByTestId('certificate-full-name')).toHaveTextContent(
      'shop.example.com',
    );
    expect(subdomain).not.toHaveAttribute('aria-invalid', 'true');

    await userEvent.type(subdomain, '*');
    expect(subdomain).toHaveAttribute('aria-invalid', 'true');
    expect(subdomain).toHaveAccessibleDescription(
      /must not contain "\*"; set wildcard instead/,
    );

    await userEvent.clear(subdomain);
    await userEvent.type(subdomain, 'Shop');
    expect(subdomain).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the errors of the validation next to their fields', async () => {
    await renderPicker({
      rawErrors: [
        'issuer: "letsencrypt-foo" is not a configured issuer',
        'something else went wrong',
      ],
    });
    expect(screen.getByLabelText(/Issuer/)).toHaveAccessibleDescription(
      '"letsencrypt-foo" is not a configured issuer',
    );
    expect(screen.getByText('something else went wrong')).toBeInTheDocument();
  });

  it('says so when the user is in no team', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[certificatesApiRef, fakeApi({ ...options, teams: [] })]]}
      >
        <CertificateRequestPicker
          {...({
            formData: undefined,
            onChange: jest.fn(),
            idSchema: { $id: 'x' },
            schema: {},
            uiSchema: {},
          } as any)}
        />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/not a member of any team/),
    ).toBeInTheDocument();
  });
});

describe('validateCertificateRequest', () => {
  const apiHolder = (api?: CertificatesApi): ApiHolder => ({
    get: ((ref: unknown) =>
      ref === certificatesApiRef ? api : undefined) as ApiHolder['get'],
  });
  async function errorsOf(
    value: Partial<CertificateRequestValue> | undefined,
    api: CertificatesApi | undefined = fakeApi(),
  ) {
    const errors: string[] = [];
    await validateCertificateRequest(
      value,
      { addError: (m: string) => errors.push(m) },
      { apiHolder: apiHolder(api) },
    );
    return errors;
  }
  const good = {
    team: 'team-a',
    domain: 'example.com',
    subdomain: 'shop',
    wildcard: false,
    issuer: 'letsencrypt-staging',
  };

  it('accepts a value the platform offers', async () => {
    expect(await errorsOf(good)).toEqual([]);
    expect(await errorsOf({ ...good, subdomain: '' })).toEqual([]);
  });

  it('flags a bad subdomain with the message of the shared rules', async () => {
    expect(await errorsOf({ ...good, subdomain: '*.shop' })).toEqual([
      'subdomain: must not contain "*"; set wildcard instead',
    ]);
    const [upper] = await errorsOf({ ...good, subdomain: 'Shop' });
    expect(upper).toMatch(/^subdomain: /);
    expect(await errorsOf({ ...good, subdomain: '-shop' })).toEqual([
      expect.stringMatching(/^subdomain: /),
    ]);
  });

  it('flags what is missing, even without the options', async () => {
    expect(await errorsOf(undefined, undefined)).toEqual([
      'team: is required',
      'domain: is required',
      'issuer: is required',
    ]);
  });

  it('flags choices the options do not offer', async () => {
    expect(await errorsOf({ ...good, team: 'team-c' })).toEqual([
      'team: "team-c" is not one of your teams',
    ]);
    expect(await errorsOf({ ...good, domain: 'example.net' })).toEqual([
      'domain: team "team-a" may not request names in example.net',
    ]);
    expect(await errorsOf({ ...good, issuer: 'letsencrypt-foo' })).toEqual([
      'issuer: "letsencrypt-foo" is not a configured issuer',
    ]);
    expect(
      await errorsOf({
        team: 'team-b',
        domain: 'example.org',
        subdomain: 'shop.team-b',
        wildcard: true,
        issuer: 'letsencrypt-prod',
      }),
    ).toEqual(['wildcard: not granted for shop.team-b.example.org']);
  });

  it('leaves the rest to the backend when the options cannot be read', async () => {
    const failing = {
      getOptions: async () => {
        throw new Error('down');
      },
    } as unknown as CertificatesApi;
    expect(await errorsOf({ ...good, team: 'team-c' }, failing)).toEqual([]);
    expect(certificateChoiceProblems({ ...good, subdomain: 'a..b' })).toEqual([
      expect.stringMatching(/^subdomain: /),
    ]);
  });
});

describe('registration', () => {
  it('is the field the certificate-request template names', () => {
    const template = fs.readFileSync(
      path.resolve(
        __dirname,
        '../../../../../templates/certificate-request/template.yaml',
      ),
      'utf8',
    );
    expect(template).toMatch(
      new RegExp(`ui:field: ${CERTIFICATE_REQUEST_PICKER}\\n`),
    );
    expect(certificateRequestField).toMatchObject({
      $$type: '@backstage/scaffolder/FormField',
    });
  });
});

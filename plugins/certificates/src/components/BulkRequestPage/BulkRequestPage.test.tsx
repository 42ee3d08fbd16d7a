import {
  renderInTestApp,
  registerMswTestHooks,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  BulkPreview,
  CertificateBatch,
} from '@internal/plugin-certificates-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { certificatesApiRef, CertificatesClient } from '../../api';
import { rootRouteRef } from '../../routes';
import { BulkRequestPage } from './BulkRequestPage';

const base = 'http://localhost:7007/api/certificates';
const server = setupServer();
registerMswTestHooks(server);

const client = new CertificatesClient({
  discoveryApi: { getBaseUrl: async () => base },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

const CSV = [
  'team,zone,subdomain,issuer',
  'team-a,example.com,api.team-a,letsencrypt-staging',
  'team-a,example.com,BAD.team-a,letsencrypt-staging',
  'team-b,example.org,web.team-b,letsencrypt-staging',
].join('\n');

const preview: BulkPreview = {
  rows: [
    { row: 0, outcome: 'created', team: 'team-a', certificateName: 'api' },
    {
      row: 1,
      outcome: 'rejected',
      problems: [
        { field: 'subdomain', message: 'must be lowercase', kind: 'invalid' },
      ],
    },
    { row: 2, outcome: 'created', team: 'team-b', certificateName: 'web' },
  ],
  teams: [
    {
      team: 'team-a',
      certificates: [
        { row: 0, certificateName: 'api', names: ['api.team-a.example.com'] },
      ],
      files: [
        'tenants/team-a/namespace.yaml',
        'tenants/team-a/certificates/api/certificate.yaml',
      ],
    },
    {
      team: 'team-b',
      certificates: [
        { row: 2, certificateName: 'web', names: ['web.team-b.example.org'] },
      ],
      files: ['tenants/team-b/certificates/web/certificate.yaml'],
    },
  ],
};

function batch(state: 'queued' | 'opened'): CertificateBatch {
  const teams = ['team-a', 'team-b'].map((team, i) => ({
    team,
    state,
    branch: `certificates/${team}/batch-b1`,
    certificates: [],
    ...(state === 'opened'
      ? {
          pullRequest: {
            number: i + 1,
            url: `https://github.com/acme/gitops/pull/${i + 1}`,
          },
        }
      : {}),
  }));
  return {
    id: 'b1',
    state: state === 'opened' ? 'done' : 'publishing',
    createdAt: '2026-12-02T00:00:00Z',
    createdBy: 'user:default/alice',
    updatedAt: '2026-12-02T00:00:00Z',
    progress:
      state === 'opened'
        ? { queued: 0, opened: 2, failed: 0 }
        : { queued: 2, opened: 0, failed: 0 },
    teams,
    rows: [
      { row: 0, outcome: 'created', requestId: 'r0', certificateName: 'api' },
      { row: 1, outcome: 'rejected', problems: preview.rows[1].problems },
      { row: 2, outcome: 'created', requestId: 'r2', certificateName: 'web' },
    ],
  };
}

describe('BulkRequestPage', () => {
  it('previews a pasted CSV per team, stores it with partial and follows the pull requests', async () => {
    const posts: Array<{ url: string; body: unknown; key: string | null }> = [];
    let reads = 0;
    server.use(
      http.post(`${base}/requests/bulk`, async ({ request }) => {
        const body = await request.json();
        posts.push({
          url: request.url,
          body,
          key: request.headers.get('idempotency-key'),
        });
        return new URL(request.url).searchParams.get('dryRun') === 'true'
          ? HttpResponse.json(preview)
          : HttpResponse.json(batch('queued'), { status: 202 });
      }),
      http.get(`${base}/requests/bulk/b1`, () =>
        HttpResponse.json(batch(++reads >= 2 ? 'opened' : 'queued')),
      ),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[certificatesApiRef, client]]}>
        <BulkRequestPage base="/certificates" pollMs={10} />
      </TestApiProvider>,
      { mountedRoutes: { '/certificates': rootRouteRef } },
    );

    fireEvent.change(screen.getByRole('textbox', { name: 'CSV' }), {
      target: { value: CSV },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const table = await screen.findByRole('table', { name: 'Pull requests' });
    expect(
      within(table).getByText('api.team-a.example.com'),
    ).toBeInTheDocument();
    expect(
      within(table).getByText('web.team-b.example.org'),
    ).toBeInTheDocument();
    expect(within(table).getByText('2 files')).toBeInTheDocument();
    expect(
      within(screen.getByRole('list', { name: 'Problems' })).getByText(
        'Line 3 (rows[1].subdomain): must be lowercase',
      ),
    ).toBeInTheDocument();
    expect(posts[0].url).toMatch(/\?dryRun=true$/);
    expect((posts[0].body as { rows: unknown[] }).rows).toHaveLength(3);

    // A row with problems: nothing can be stored until "store the valid rows" is ticked.
    const submit = screen.getByRole('button', {
      name: /Submit 2 pull request/,
    });
    expect(submit).toBeDisabled();
    await userEvent.click(screen.getByRole('checkbox'));
    expect(submit).toBeEnabled();
    await userEvent.click(submit);

    await waitFor(() => expect(posts).toHaveLength(2));
    expect(posts[1].url).toMatch(/\/requests\/bulk\?partial=true$/);
    expect(posts[1].key).toMatch(/^bulk-page:/);
    expect(
      await screen.findByText('0 opened, 0 failed, 2 queued'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('2 opened, 0 failed, 0 queued — done'),
    ).toBeInTheDocument();
    // Named by what it holds (the rejected row is not counted), not by its id.
    expect(
      screen.getByText('Bulk request of 2 certificates'),
    ).toBeInTheDocument();
    const teams = screen.getByRole('table', { name: 'Teams' });
    expect(within(teams).getByRole('link', { name: /^#2/ })).toHaveAttribute(
      'href',
      'https://github.com/acme/gitops/pull/2',
    );
    const results = screen.getByRole('list', { name: 'Results' });
    expect(within(results).getByRole('link', { name: 'web' })).toHaveAttribute(
      'href',
      '/certificates?request=r2',
    );
    expect(
      screen.getByRole('progressbar', { name: 'Pull requests opened' }),
    ).toHaveAttribute('aria-valuenow', '100');
  });

  it('names the CSV problem before calling the backend', async () => {
    const posts: unknown[] = [];
    server.use(
      http.post(`${base}/requests/bulk`, () => {
        posts.push(1);
        return HttpResponse.json(preview);
      }),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[certificatesApiRef, client]]}>
        <BulkRequestPage base="/certificates" />
      </TestApiProvider>,
      { mountedRoutes: { '/certificates': rootRouteRef } },
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'CSV' }), {
      target: { value: 'team,subdomain\nteam-a,api' },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(
      await screen.findByText(/csv\.header: needs the zone column/),
    ).toBeInTheDocument();
    expect(posts).toHaveLength(0);
  });
});

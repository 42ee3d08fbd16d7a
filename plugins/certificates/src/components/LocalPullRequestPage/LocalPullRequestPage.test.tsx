import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { LocalPullRequestDetails } from '@internal/plugin-certificates-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { CertificatesApi, certificatesApiRef } from '../../api';
import { LocalPullRequestPage } from './LocalPullRequestPage';

function pullRequest(
  overrides: Partial<LocalPullRequestDetails> = {},
): LocalPullRequestDetails {
  return {
    number: 3,
    title: 'Certificate shop.example.com for team-a',
    body: 'Requested by **guest**.',
    state: 'open',
    branch: 'certificates/team-a/shop-example-com',
    base: 'main',
    approved: false,
    requests: [
      {
        id: 'req-1',
        team: 'team-a',
        certificateName: 'shop-example-com',
        names: ['shop.example.com'],
        state: 'pr-open',
      },
    ],
    files: [
      {
        path: 'tenants/team-a/certificates/shop-example-com.yaml',
        status: 'added',
        diff: '@@ -0,0 +1,2 @@\n+kind: Certificate\n+  dnsNames: [shop.example.com]',
      },
      {
        path: 'tenants/team-a/kustomization.yaml',
        status: 'modified',
        diff: '@@ -1,2 +1,2 @@\n resources:\n-  - old.yaml\n+  - shop.yaml',
      },
    ],
    ...overrides,
  };
}

async function renderPage(api: Partial<CertificatesApi>, allowed = true) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [certificatesApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: () =>
              allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <Routes>
        <Route
          path="/certificates/pull-requests/:number"
          element={<LocalPullRequestPage />}
        />
      </Routes>
    </TestApiProvider>,
    { routeEntries: ['/certificates/pull-requests/3'] },
  );
}

describe('LocalPullRequestPage', () => {
  it('shows the title, state, requests and every file with its diff lines marked', async () => {
    const api = {
      getLocalPullRequest: jest.fn().mockResolvedValue(pullRequest()),
    };
    await renderPage(api);
    expect(
      await screen.findByText('Certificate shop.example.com for team-a'),
    ).toBeInTheDocument();
    expect(api.getLocalPullRequest).toHaveBeenCalledWith(3);
    expect(screen.getByLabelText('State: Open')).toBeInTheDocument();
    expect(screen.getByText('2 changed files')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'shop.example.com' }),
    ).toHaveAttribute('href', '/certificates?request=req-1');
    const added = screen.getByText('+kind: Certificate');
    expect(added).toHaveAttribute('data-diff', 'added');
    expect(
      screen.getByText('-  - old.yaml', { normalizer: s => s }),
    ).toHaveAttribute('data-diff', 'removed');
    expect(screen.getByText('(added, +2 −0)', { exact: false })).toBeTruthy();
    expect(screen.getByText('tenants/team-a/certificates')).toBeInTheDocument();
  });

  it("opens only the certificates' files of a large pull request", async () => {
    const files = Array.from({ length: 30 }, (_, i) => ({
      path: `tenants/team-a/bundle/file-${i}.yaml`,
      status: 'added' as const,
      diff: `@@ -0,0 +1 @@\n+bundle: ${i}`,
    }));
    files.push({
      path: 'tenants/team-a/certificates/shop/certificate.yaml',
      status: 'added',
      diff: '@@ -0,0 +1 @@\n+dnsNames: [shop.example.com]',
    });
    await renderPage({
      getLocalPullRequest: jest.fn().mockResolvedValue(pullRequest({ files })),
    });
    expect(
      await screen.findByText('+dnsNames: [shop.example.com]'),
    ).toBeInTheDocument();
    expect(screen.getByText('31 changed files')).toBeInTheDocument();
    expect(screen.queryByText('+bundle: 3')).toBeNull();
    await userEvent.click(screen.getByText('file-3.yaml'));
    expect(await screen.findByText('+bundle: 3')).toBeInTheDocument();
  });

  it('merges an open pull request through its request and shows it merged', async () => {
    const api = {
      getLocalPullRequest: jest
        .fn()
        .mockResolvedValueOnce(pullRequest())
        .mockResolvedValue(pullRequest({ state: 'merged' })),
      mergeRequest: jest.fn().mockResolvedValue({}),
    };
    await renderPage(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Merge pull request #3' }),
    );
    expect(api.mergeRequest).toHaveBeenCalledWith('req-1');
    await waitFor(() =>
      expect(screen.getByLabelText('State: Merged')).toBeInTheDocument(),
    );
    expect(screen.queryByRole('button', { name: /Merge/ })).toBeNull();
  });

  it('offers no merge to someone who may not write for the team', async () => {
    // Its own request id: usePermission caches decisions per resource across renders.
    const denied = pullRequest();
    denied.requests[0].id = 'req-denied';
    await renderPage(
      { getLocalPullRequest: jest.fn().mockResolvedValue(denied) },
      false,
    );
    await screen.findByLabelText('State: Open');
    expect(screen.queryByRole('button', { name: /Merge/ })).toBeNull();
  });

  it('shows the backend error of an unknown pull request', async () => {
    await renderPage({
      getLocalPullRequest: jest
        .fn()
        .mockRejectedValue(new Error('pull request #3 not found')),
    });
    expect(
      (await screen.findAllByText(/pull request #3 not found/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('changed files', { exact: false })).toBeNull();
  });
});

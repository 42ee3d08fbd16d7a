import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  details,
  options,
  storedRequest,
  summary,
} from '../../__testUtils__/fixtures';
import { CertificatesApi, certificatesApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { CertificatesPage } from './CertificatesPage';
import { Route, Routes } from 'react-router-dom';

function mockApi(
  overrides: Partial<CertificatesApi> = {},
): Partial<CertificatesApi> {
  return {
    getOptions: jest.fn().mockResolvedValue(options),
    listRequests: jest.fn().mockResolvedValue([
      storedRequest(),
      storedRequest({
        id: 'req-2',
        certificateName: 'api-example-com',
        names: ['api.example.com'],
        state: 'merged',
      }),
    ]),
    preview: jest.fn().mockResolvedValue([]),
    getRequest: jest.fn().mockResolvedValue({
      ...storedRequest({
        id: 'req-2',
        certificateName: 'api-example-com',
        names: ['api.example.com'],
        state: 'merged',
      }),
      events: [
        {
          at: '2025-01-01T10:00:00Z',
          actor: 'user:default/guest',
          state: 'pr-open',
          message: 'pull request opened',
        },
        {
          at: '2025-01-01T11:00:00Z',
          actor: 'user:default/guest',
          state: 'merged',
        },
      ],
    }),
    getCertificate: jest
      .fn()
      .mockResolvedValue(
        details(summary({ name: 'api-example-com', failAt: 'acme' })),
      ),
    mergeRequest: jest
      .fn()
      .mockResolvedValue(storedRequest({ state: 'merged' })),
    getPlatformStatus: jest
      .fn()
      .mockResolvedValue({ upToDate: true, missing: [], outdated: [] }),
    ...overrides,
  };
}

async function renderPage(api: Partial<CertificatesApi>, path: string) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [certificatesApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <Routes>
        <Route path="/certificates/*" element={<CertificatesPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: {
        '/certificates': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

describe('CertificatesPage', () => {
  it('lists the requests with a merge button on open local pull requests', async () => {
    const api = mockApi();
    await renderPage(api, '/certificates');
    expect(await screen.findByText('shop.example.com')).toBeInTheDocument();
    const merge = screen.getByRole('button', { name: /Merge/ });
    await userEvent.click(merge);
    expect(api.mergeRequest).toHaveBeenCalledWith('req-1');
    await waitFor(() => expect(api.listRequests).toHaveBeenCalledTimes(2));
  });

  it('shows the status of ?request=<id> with its lifecycle and highlights it', async () => {
    const api = mockApi();
    await renderPage(api, '/certificates?request=req-2');
    const status = await screen.findByTestId('request-status');
    expect(api.getRequest).toHaveBeenCalledWith('req-2');
    expect(
      within(status).getByText('pull request opened', { exact: false }),
    ).toBeInTheDocument();
    expect(await within(status).findByRole('alert')).toHaveTextContent(
      'acme broke: exact upstream reason',
    );
    expect(api.getCertificate).toHaveBeenCalledWith(
      'team-a',
      'api-example-com',
    );
    const rows = await screen.findAllByRole('row');
    const highlighted = rows.find(r =>
      r.textContent?.includes('api.example.com'),
    )!;
    expect(highlighted).toHaveStyle({ fontWeight: 600 });
  });

  it('shows the form alone on /certificates/new', async () => {
    const api = mockApi();
    await renderPage(api, '/certificates/new');
    expect(
      await screen.findByText('Request a TLS certificate'),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('Subdomain')).toBeInTheDocument();
    expect(screen.queryByText('Certificate requests')).toBeNull();
    expect(screen.getByRole('link', { name: 'All requests' })).toHaveAttribute(
      'href',
      '/certificates',
    );
  });

  it('links each name to its request, each certificate to its catalog entity, and says what kind of change it is', async () => {
    const api = mockApi({
      listRequests: jest.fn().mockResolvedValue([
        storedRequest({ createdAt: '2025-01-01T10:00:00Z', state: 'merged' }),
        storedRequest({
          id: 'req-3',
          operation: 'decommission',
          createdAt: '2025-01-03T10:00:00Z',
        }),
        storedRequest({
          id: 'req-4',
          certificateName: 'api-example-com',
          names: ['api.example.com'],
          batchId: 'b-1',
        }),
      ]),
    });
    await renderPage(api, '/certificates');
    const rows = await screen.findAllByRole('row');
    const cells = (name: string, kind: string) =>
      rows.find(
        r => r.textContent?.includes(name) && r.textContent?.includes(kind),
      )!;
    const decommission = cells('shop.example.com', 'Decommission');
    expect(
      within(decommission).getByRole('link', { name: 'shop.example.com' }),
    ).toHaveAttribute('href', '/certificates?request=req-3');
    const created = cells('shop.example.com', 'New');
    expect(
      within(created).getByRole('link', { name: 'shop.example.com' }),
    ).toHaveAttribute('href', '/certificates?request=req-1');
    expect(
      within(created).getByRole('link', { name: /shop-example-com/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/team-a-shop-example-com',
    );
    expect(cells('api.example.com', 'Bulk')).toBeDefined();
  });

  it('finds a request by its DNS name', async () => {
    const api = mockApi();
    await renderPage(api, '/certificates');
    await screen.findByText('api.example.com');
    await userEvent.type(
      screen.getByPlaceholderText('Search by DNS name'),
      'api.exa',
    );
    await waitFor(() =>
      expect(screen.queryByText('shop.example.com')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('api.example.com')).toBeInTheDocument();
  });

  it('routes /certificates/pull-requests/:number to the local pull request page', async () => {
    const getLocalPullRequest = jest
      .fn()
      .mockRejectedValue(new Error('pull request #7 not found'));
    await renderPage(
      mockApi({ getLocalPullRequest }),
      '/certificates/pull-requests/7',
    );
    expect(
      await screen.findByRole('heading', { name: /Pull request #7/ }),
    ).toBeInTheDocument();
    expect(getLocalPullRequest).toHaveBeenCalledWith(7);
  });

  it('shows a decommission request with its decommission steps, not the creation steps', async () => {
    const api = mockApi({
      getRequest: jest.fn().mockResolvedValue({
        ...storedRequest({
          id: 'req-3',
          operation: 'decommission',
          state: 'merged',
        }),
        events: [],
      }),
      getCertificate: jest.fn().mockResolvedValue({
        ...details(summary({ name: 'shop-example-com' })),
        decommission: 'decommissioned',
      }),
    });
    await renderPage(api, '/certificates?request=req-3');
    const status = await screen.findByTestId('request-status');
    expect(
      screen.getByText('Decommission of shop.example.com'),
    ).toBeInTheDocument();
    const steps = await within(status).findByTestId('decommission-steps');
    expect(steps).toHaveTextContent('Pull request merged');
    await waitFor(() =>
      expect(steps).toHaveTextContent(
        'the Certificate, its Secret and its Vault copy are gone',
      ),
    );
    expect(within(status).queryByText('Certificate issued')).toBeNull();
  });
});

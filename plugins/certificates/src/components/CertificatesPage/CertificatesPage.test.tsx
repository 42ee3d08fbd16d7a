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
import { CertificatesPage } from './CertificatesPage';

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
      <CertificatesPage />
    </TestApiProvider>,
    { routeEntries: [path] },
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
    expect(api.listRequests).not.toHaveBeenCalled();
    expect(screen.getByRole('link', { name: 'All requests' })).toHaveAttribute(
      'href',
      '/certificates',
    );
  });
});

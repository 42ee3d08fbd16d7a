import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { CertificateBatch } from '@internal/plugin-certificates-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { storedRequest } from '../../__testUtils__/fixtures';
import { certificatesApiRef, CertificatesClient } from '../../api';
import { BulkProgress } from '../BulkRequestPage/BulkProgress';
import { RequestActions } from '../CertificatesPage/RequestActions';

const base = 'http://localhost:7007/api/certificates';
const server = setupServer();
registerMswTestHooks(server);

const client = new CertificatesClient({
  discoveryApi: { getBaseUrl: async () => base },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

/** Records every cancel's request id and body, answering as the backend does. */
function cancels() {
  const seen: Array<{ id: string; body: unknown }> = [];
  server.use(
    http.post(`${base}/requests/:id/cancel`, async ({ params, request }) => {
      const body = await request.json();
      seen.push({ id: String(params.id), body });
      return HttpResponse.json(
        storedRequest({ id: String(params.id), state: 'cancelled' }),
      );
    }),
  );
  return seen;
}

function renderWithApis(children: JSX.Element) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [certificatesApiRef, client],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      {children}
    </TestApiProvider>,
  );
}

/** Three certificates of team-a on pull request #7; the third was cancelled already. */
const batch: CertificateBatch = {
  id: 'b1',
  state: 'done',
  createdAt: '2026-12-02T00:00:00Z',
  createdBy: 'user:default/alice',
  updatedAt: '2026-12-02T00:00:00Z',
  progress: { queued: 0, opened: 1, failed: 0 },
  teams: [
    {
      team: 'team-a',
      state: 'opened',
      branch: 'certificates/team-a/batch-b1',
      pullRequest: { number: 7, url: 'https://github.com/acme/gitops/pull/7' },
      certificates: [
        ['r0', 'api', 'pr-open'],
        ['r1', 'web', 'pr-open'],
        ['r2', 'mail', 'cancelled'],
      ].map(([requestId, name, state]) => ({
        requestId,
        certificateName: name,
        names: [`${name}.team-a.example.com`],
        state: state as 'pr-open' | 'cancelled',
      })),
    },
  ],
  rows: ['api', 'web', 'mail'].map((name, row) => ({
    row,
    outcome: 'created' as const,
    requestId: `r${row}`,
    certificateName: name,
  })),
};

describe('cancel dialog', () => {
  it('of a shared pull request names the DNS name and the share, and removes only this certificate', async () => {
    const seen = cancels();
    const onChange = jest.fn();
    await renderWithApis(
      <RequestActions
        request={storedRequest({
          id: 'r0',
          names: ['api.team-a.example.com'],
          batchId: 'b1',
          pullRequestShare: 3,
          pullRequest: {
            url: 'https://github.com/acme/gitops/pull/7',
            number: 7,
            branch: 'certificates/team-a/batch-b1',
            state: 'open',
          },
        })}
        onChange={onChange}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(
        'Cancel the request for api.team-a.example.com?',
      ),
    ).toBeInTheDocument();
    expect(dialog).toHaveTextContent('3 certificates share pull request #7');
    expect(
      within(dialog).getByRole('button', { name: 'Cancel all 3 certificates' }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Remove only this certificate',
      }),
    );
    await waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    expect(seen).toEqual([{ id: 'r0', body: { scope: 'request' } }]);
  });

  it('cancels the whole pull request only when asked', async () => {
    const seen = cancels();
    await renderWithApis(
      <RequestActions
        request={storedRequest({
          id: 'r0',
          batchId: 'b1',
          pullRequestShare: 2,
        })}
        onChange={jest.fn()}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Keep it' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(seen).toEqual([]);
    await userEvent.click(
      screen.getByRole('button', { name: 'Cancel request' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel all 2 certificates',
      }),
    );
    await waitFor(() =>
      expect(seen).toEqual([{ id: 'r0', body: { scope: 'batch' } }]),
    );
  });

  it('of a request with its own pull request offers one choice', async () => {
    cancels();
    await renderWithApis(
      <RequestActions
        request={storedRequest({ id: 'r9' })}
        onChange={jest.fn()}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Pull request #1 is closed unmerged and its branch deleted.',
    );
    expect(
      within(dialog)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Keep it', 'Cancel request']);
  });

  it('on the bulk page counts the open certificates of the row’s pull request', async () => {
    const seen = cancels();
    const onChange = jest.fn();
    await renderWithApis(
      <BulkProgress
        batch={batch}
        requestLink={id => `/c?request=${id}`}
        onChange={onChange}
      />,
    );
    const results = await screen.findByRole('list', { name: 'Results' });
    const rows = within(results).getAllByRole('listitem');
    expect(rows[2]).toHaveTextContent('mail (cancelled)');
    // A cancelled row has nothing left to cancel.
    expect(within(rows[2]).queryByRole('button')).toBeNull();
    await userEvent.click(
      within(rows[1]).getByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Cancel the request for web.team-a.example.com?',
    );
    expect(dialog).toHaveTextContent('2 certificates share pull request #7');
    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Remove only this certificate',
      }),
    );
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(seen).toEqual([{ id: 'r1', body: { scope: 'request' } }]);
  });
});

import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  storedRequest,
  summary,
  teamStatus,
} from '../../__testUtils__/fixtures';
import { renderTeamTab } from '../../__testUtils__/renderTeamTab';

/** The first cell of each body row (the header row has column headers, no cells). */
const rowNames = () =>
  screen
    .getAllByRole('row')
    .map(row => within(row).queryAllByRole('cell')[0]?.textContent)
    .filter(name => name !== undefined);

const findTable = () => screen.findByText('Certificates of team-a');

const items = [
  summary({ name: 'green', names: ['green.example.com'], days: 90 }),
  summary({
    name: 'amber',
    names: ['amber.example.com'],
    days: 30,
    vault: 'stale',
  }),
  summary({
    name: 'red',
    names: ['red.example.com'],
    days: 7,
    issuer: 'letsencrypt-prod',
  }),
  summary({
    name: 'gone',
    names: ['gone.example.com'],
    days: -2,
    vault: 'not pushed',
  }),
  summary({
    name: 'stuck',
    names: ['stuck.example.com'],
    days: 45,
    failAt: 'acme',
  }),
];

describe('TeamCertificatesContent', () => {
  it('shows progress while loading', async () => {
    await renderTeamTab({ getTeamCertificates: () => new Promise(() => {}) });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('asks the team of the group', async () => {
    const getTeamCertificates = jest.fn().mockResolvedValue(teamStatus([]));
    await renderTeamTab({ getTeamCertificates });
    expect(getTeamCertificates).toHaveBeenCalledWith('team-a');
  });

  it('shows an empty state with a link to the request form', async () => {
    await renderTeamTab({
      getTeamCertificates: () => Promise.resolve(teamStatus([])),
    });
    expect(
      await screen.findByText(/team-a has no certificates yet/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Request one' })).toHaveAttribute(
      'href',
      '/certificates/new?team=team-a',
    );
  });

  it('shows the error', async () => {
    await renderTeamTab({
      getTeamCertificates: () => Promise.reject(new Error('boom')),
    });
    expect(
      await screen.findByText(
        /Could not load the certificates of team-a: boom/,
      ),
    ).toBeInTheDocument();
  });

  it('warns about a cluster that could not be read', async () => {
    await renderTeamTab({
      getTeamCertificates: () =>
        Promise.resolve({
          ...teamStatus(items),
          clusters: [{ name: 'prod', ok: false, error: 'connection refused' }],
        }),
    });
    expect(
      await screen.findByText('Cluster prod: connection refused'),
    ).toBeInTheDocument();
  });

  it('shows names, issuer, lifecycle, expiry colour bands and Vault sync', async () => {
    await renderTeamTab({
      getTeamCertificates: () => Promise.resolve(teamStatus(items)),
    });
    await findTable();
    const row = (name: string) => screen.getByText(name).closest('tr')!;

    const band = (name: string) => row(name).querySelector('[data-band]')!;
    expect(band('green.example.com')).toHaveAttribute('data-band', 'ok');
    expect(band('green.example.com')).toHaveStyle({
      backgroundColor: '#2e7d32',
    });
    expect(band('green.example.com')).toHaveTextContent('90 days');
    expect(band('amber.example.com')).toHaveAttribute('data-band', 'soon');
    expect(band('amber.example.com')).toHaveStyle({
      backgroundColor: '#ffb300',
    });
    expect(band('red.example.com')).toHaveAttribute('data-band', 'urgent');
    expect(band('red.example.com')).toHaveStyle({ backgroundColor: '#d32f2f' });
    expect(band('gone.example.com')).toHaveAttribute('data-band', 'expired');
    expect(band('gone.example.com')).toHaveTextContent('expired');
    expect(band('gone.example.com')).toHaveStyle({
      backgroundColor: '#7f0000',
    });

    expect(row('red.example.com')).toHaveTextContent('letsencrypt-prod');
    expect(row('green.example.com')).toHaveTextContent('in sync');
    expect(row('amber.example.com')).toHaveTextContent('stale');
    expect(row('gone.example.com')).toHaveTextContent('not pushed');
    expect(row('green.example.com')).toHaveTextContent(
      'done Renewal scheduled',
    );
    expect(row('stuck.example.com')).toHaveTextContent(
      'failed ACME order and challenges',
    );
    expect(row('stuck.example.com')).toHaveTextContent(
      'acme broke: exact upstream reason',
    );
    expect(
      within(row('green.example.com')).getByRole('link', {
        name: 'green.example.com',
      }),
    ).toHaveAttribute('href', '/catalog/default/resource/team-a-green');
  });

  it('filters by text and by state', async () => {
    await renderTeamTab({
      getTeamCertificates: () => Promise.resolve(teamStatus(items)),
    });
    await findTable();
    expect(rowNames()).toHaveLength(5);

    const search = screen.getByPlaceholderText('Search names, issuer, step');
    await userEvent.type(search, 'prod');
    await waitFor(() => expect(rowNames()).toEqual(['red.example.com']));
    await userEvent.clear(search);
    await userEvent.type(search, 'stuck.exa');
    await waitFor(() => expect(rowNames()).toEqual(['stuck.example.com']));
    await userEvent.clear(search);
    await waitFor(() => expect(rowNames()).toHaveLength(5));

    await userEvent.click(screen.getByLabelText('State'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'failed' }),
    );
    expect(rowNames()).toEqual(['stuck.example.com']);
  });

  it('sorts by names, expiry and lifecycle', async () => {
    await renderTeamTab({
      getTeamCertificates: () => Promise.resolve(teamStatus(items)),
    });
    await findTable();
    expect(rowNames()).toEqual([
      'amber.example.com',
      'gone.example.com',
      'green.example.com',
      'red.example.com',
      'stuck.example.com',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Names' }));
    expect(rowNames()[0]).toBe('stuck.example.com');

    await userEvent.click(screen.getByRole('button', { name: 'Expires in' }));
    expect(rowNames()).toEqual([
      'gone.example.com',
      'red.example.com',
      'amber.example.com',
      'stuck.example.com',
      'green.example.com',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Expires in' }));
    expect(rowNames()[0]).toBe('green.example.com');

    await userEvent.click(screen.getByRole('button', { name: 'Lifecycle' }));
    expect(rowNames()[0]).toBe('stuck.example.com');
  });

  it('links each certificate to its latest request and says what kind of change it was, with the age of the snapshot', async () => {
    const observedAt = new Date(Date.now() - 2 * 60_000).toISOString();
    await renderTeamTab({
      getTeamCertificates: () =>
        Promise.resolve({ ...teamStatus(items), observedAt }),
      listRequests: jest.fn().mockResolvedValue([
        storedRequest({
          id: 'r-1',
          certificateName: 'green',
          createdAt: '2025-01-01T00:00:00Z',
        }),
        storedRequest({
          id: 'r-2',
          certificateName: 'green',
          createdAt: '2025-02-01T00:00:00Z',
        }),
        storedRequest({ id: 'r-3', certificateName: 'red', batchId: 'b' }),
      ]),
    });
    await findTable();
    const row = (name: string) => screen.getByText(name).closest('tr')!;
    expect(row('green.example.com')).toHaveTextContent('Change');
    expect(
      within(row('green.example.com')).getByRole('link', { name: 'View' }),
    ).toHaveAttribute('href', '/certificates?request=r-2');
    expect(row('red.example.com')).toHaveTextContent('Bulk');
    expect(screen.getByTestId('updated-ago')).toHaveTextContent(
      'Status updated 2 min ago',
    );
  });

  it("tells a non-member plainly that another team's certificates are not theirs to see, with no Retry", async () => {
    const notFound = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotFoundError', message: 'team team-a not found' },
          response: { statusCode: 404 },
        }),
        { status: 404, headers: { 'content-type': 'application/json' } },
      ),
    );
    await renderTeamTab({
      getTeamCertificates: () => Promise.reject(notFound),
    });
    expect(await screen.findByTestId('team-not-visible')).toHaveTextContent(
      'The certificates of team-a are visible to its members only',
    );
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    expect(screen.queryByText(/not found/)).toBeNull();
  });
});

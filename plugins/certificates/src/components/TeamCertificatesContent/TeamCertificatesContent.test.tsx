import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { summary, teamStatus } from '../../__testUtils__/fixtures';
import { renderTeamTab } from '../../__testUtils__/renderTeamTab';

const rowNames = () =>
  screen
    .getAllByTestId('certificate-row')
    .map(row => within(row).getAllByRole('cell')[0].textContent);

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
      '/certificates/new',
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
    const table = await screen.findByRole('table', {
      name: 'Certificates of team-a',
    });
    const row = (name: string) => within(table).getByText(name).closest('tr')!;

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
    await screen.findByRole('table', { name: 'Certificates of team-a' });
    expect(rowNames()).toHaveLength(5);

    await userEvent.type(screen.getByLabelText('Filter'), 'prod');
    expect(rowNames()).toEqual(['red.example.com']);
    await userEvent.clear(screen.getByLabelText('Filter'));
    await userEvent.type(screen.getByLabelText('Filter'), 'nothing-matches');
    expect(
      screen.getByText(/No certificate matches the filter \(5 in total\)/),
    ).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Filter'));

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
    await screen.findByRole('table', { name: 'Certificates of team-a' });
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
});

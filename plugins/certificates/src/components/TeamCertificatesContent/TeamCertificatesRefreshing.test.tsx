import { screen, waitFor } from '@testing-library/react';
import { summary, teamStatus } from '../../__testUtils__/fixtures';
import { renderTeamTab } from '../../__testUtils__/renderTeamTab';

describe('TeamCertificatesContent while the status refresher starts', () => {
  it('says "refreshing" at once and shows the snapshot when it arrives', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const items = [
        summary({ name: 'green', names: ['green.example.com'], days: 90 }),
      ];
      const getTeamCertificates = jest
        .fn()
        .mockResolvedValueOnce({ ...teamStatus(items), refreshing: true })
        .mockResolvedValue(teamStatus(items));
      await renderTeamTab({ getTeamCertificates });
      expect(
        await screen.findByText(/^Refreshing: the clusters and Vault/),
      ).toBeInTheDocument();
      jest.advanceTimersByTime(5000);
      await waitFor(() => expect(getTeamCertificates).toHaveBeenCalledTimes(2));
      await waitFor(() =>
        expect(
          screen.queryByText(/^Refreshing: the clusters and Vault/),
        ).not.toBeInTheDocument(),
      );
    } finally {
      jest.useRealTimers();
    }
  });
});

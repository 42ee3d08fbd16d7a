import { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { summary, teamStatus } from '../../__testUtils__/fixtures';
import { CertificatesApi, certificatesApiRef } from '../../api';
import { TeamCertificatesContent } from './TeamCertificatesContent';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a' },
  spec: { type: 'team', children: [] },
};

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
      await renderInTestApp(
        <TestApiProvider
          apis={[
            [
              certificatesApiRef,
              { getTeamCertificates } as Partial<CertificatesApi>,
            ],
            [permissionApiRef, mockApis.permission()],
          ]}
        >
          <EntityProvider entity={group}>
            <TeamCertificatesContent />
          </EntityProvider>
        </TestApiProvider>,
        {
          mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        },
      );
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

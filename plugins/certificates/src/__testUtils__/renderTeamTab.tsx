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
import { CertificatesApi, certificatesApiRef } from '../api';
import { TeamCertificatesContent } from '../components/TeamCertificatesContent';
import { rootRouteRef } from '../routes';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a' },
  spec: { type: 'team', children: [] },
};

/** Renders team-a's certificates tab with this API and a permission API that allows everything. */
export function renderTeamTab(api: Partial<CertificatesApi>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [certificatesApiRef, { listRequests: async () => [], ...api }],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={group}>
        <TeamCertificatesContent />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/certificates': rootRouteRef,
      },
    },
  );
}

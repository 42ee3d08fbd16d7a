import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { certificatesApiRef, CertificatesClient } from './api';
import { rootRouteRef } from './routes';

/** The certificates frontend plugin (legacy frontend system). */
export const certificatesPlugin = createPlugin({
  id: 'certificates',
  apis: [
    createApiFactory({
      api: certificatesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new CertificatesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The request page with the team's requests, at `/certificates`. */
export const CertificatesPage = certificatesPlugin.provide(
  createRoutableExtension({
    name: 'CertificatesPage',
    component: () => import('./components/CertificatesPage').then(m => m.CertificatesPage),
    mountPoint: rootRouteRef,
  }),
);

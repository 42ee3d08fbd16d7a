import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import { certificatesApiRef, CertificatesClient } from './api';
import {
  CERTIFICATE_REQUEST_PICKER,
  CertificateRequestPicker,
  validateCertificateRequest,
} from './components/CertificateRequestPicker';
import {
  bulkRequestRouteRef,
  newRequestRouteRef,
  pullRequestRouteRef,
  rootRouteRef,
} from './routes';

/** The certificates frontend plugin (legacy frontend system). */
export const certificatesPlugin = createPlugin({
  id: 'certificates',
  apis: [
    createApiFactory({
      api: certificatesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CertificatesClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    newRequest: newRequestRouteRef,
    bulkRequest: bulkRequestRouteRef,
    pullRequest: pullRequestRouteRef,
  },
});

/** The request page with the team's requests, at `/certificates`; its own routes below it (`routes.ts`). */
export const CertificatesPage = certificatesPlugin.provide(
  createRoutableExtension({
    name: 'CertificatesPage',
    component: () =>
      import('./components/CertificatesPage').then(m => m.CertificatesPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Certificates tab of a Group entity page (legacy frontend system). */
export const EntityTeamCertificatesContent = certificatesPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamCertificatesContent',
    component: {
      lazy: () =>
        import('./components/TeamCertificatesContent').then(
          m => m.TeamCertificatesContent,
        ),
    },
  }),
);

/** The status card of a certificate's Resource entity, or of a Component naming its certificates. */
export const EntityCertificateStatusCard = certificatesPlugin.provide(
  createComponentExtension({
    name: 'EntityCertificateStatusCard',
    component: {
      lazy: () =>
        import('./components/CertificateStatusCard').then(
          m => m.CertificateStatusCard,
        ),
    },
  }),
);

/**
 * Scaffolder field `CertificateRequestPicker` (legacy frontend system): team, domain,
 * subdomain, wildcard and issuer from `GET /api/certificates/options`. Put it inside
 * `<ScaffolderFieldExtensions>` of the app's `<ScaffolderPage>`.
 */
export const CertificateRequestPickerFieldExtension =
  certificatesPlugin.provide(
    createScaffolderFieldExtension({
      name: CERTIFICATE_REQUEST_PICKER,
      component: CertificateRequestPicker,
      validation: validateCertificateRequest,
    }),
  );

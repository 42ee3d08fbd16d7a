import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';
import { hasComponentCertificates } from './annotations';
import { certificatesApiRef, CertificatesClient } from './api';
import {
  bulkRequestRouteRef,
  newRequestRouteRef,
  pullRequestRouteRef,
  rootRouteRef,
} from './routes';

const certificatesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: certificatesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CertificatesClient({ discoveryApi, fetchApi }),
    }),
});

/** `/certificates` with its own routes: `new`, `bulk`, `pull-requests/:number` (`routes.ts`). */
const certificatesPage = PageBlueprint.make({
  params: {
    path: '/certificates',
    title: 'Certificates',
    icon: <SecurityIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/CertificatesPage').then(m => <m.CertificatesPage />),
  },
});

/** The Certificates tab on Group entities (`/catalog/:ns/group/:team/certificates`). */
const teamCertificatesContent = EntityContentBlueprint.make({
  name: 'team-certificates',
  params: {
    path: 'certificates',
    title: 'Certificates',
    // Same as the expression 'kind:group', as a predicate (string filters are deprecated).
    filter: { kind: 'group' },
    loader: () =>
      import('./components/TeamCertificatesContent').then(m => (
        <m.TeamCertificatesContent />
      )),
  },
});

/** The status card on the certificate's own Resource entity (type `tls-certificate`). */
const certificateStatusCard = EntityCardBlueprint.make({
  name: 'status',
  params: {
    // Resource entities of type tls-certificate (the expression form is 'kind:resource type:tls-certificate').
    filter: { kind: 'resource', 'spec.type': 'tls-certificate' },
    loader: () =>
      import('./components/CertificateStatusCard').then(m => (
        <m.CertificateStatusCard />
      )),
  },
});

/** The same card on Components naming their certificates in `certificates.backstage.io/certificates`. */
const componentCertificatesCard = EntityCardBlueprint.make({
  name: 'component-status',
  params: {
    filter: hasComponentCertificates,
    loader: () =>
      import('./components/CertificateStatusCard').then(m => (
        <m.CertificateStatusCard />
      )),
  },
});

/**
 * Scaffolder field `CertificateRequestPicker`. Attaches to the scaffolder's form-fields API
 * (`api:scaffolder/form-fields`), so every template of the scaffolder page can use it.
 */
const certificateRequestFormField = FormFieldBlueprint.make({
  name: 'certificate-request',
  params: {
    field: () =>
      import('./components/CertificateRequestPicker/formField').then(
        m => m.certificateRequestField,
      ),
  },
});

/**
 * The certificates plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'certificates',
  extensions: [
    certificatesApi,
    certificatesPage,
    teamCertificatesContent,
    certificateStatusCard,
    componentCertificatesCard,
    certificateRequestFormField,
  ],
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    newRequest: convertLegacyRouteRef(newRequestRouteRef),
    bulkRequest: convertLegacyRouteRef(bulkRequestRouteRef),
    pullRequest: convertLegacyRouteRef(pullRequestRouteRef),
  },
});

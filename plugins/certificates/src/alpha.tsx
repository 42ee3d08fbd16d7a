import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import SecurityIcon from '@material-ui/icons/Security';
import { certificatesApiRef, CertificatesClient } from './api';
import { rootRouteRef } from './routes';

const certificatesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: certificatesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new CertificatesClient({ discoveryApi, fetchApi }),
    }),
});

const certificatesPage = PageBlueprint.make({
  params: {
    path: '/certificates',
    title: 'Certificates',
    icon: <SecurityIcon />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () => import('./components/CertificatesPage').then(m => <m.CertificatesPage />),
  },
});

/**
 * The certificates plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'certificates',
  extensions: [certificatesApi, certificatesPage],
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
});

import { createBackend } from '@backstage/backend-defaults';
import {
  catalogModuleCertificates,
  permissionModuleCertificatesPolicy,
} from '@internal/plugin-certificates-backend';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Platform admins from certificates.platformAdmins; team members see and request for their teams only.
backend.add(permissionModuleCertificatesPolicy);

backend.add(import('@backstage/plugin-scaffolder-backend'));

// Notifications (bell icon and page) and signals (live updates) the certificates plugin sends.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Search (Lunr in memory on embedded defaults): catalog entities and certificates by DNS name.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@internal/plugin-search-backend-module-certificates'));

backend.add(import('@internal/plugin-certificates-backend'));
backend.add(catalogModuleCertificates);
backend.add(import('@internal/plugin-scaffolder-backend-module-certificates'));

backend.start();

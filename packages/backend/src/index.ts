import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleCertificates } from '@internal/plugin-certificates-backend';

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
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@internal/plugin-certificates-backend'));
backend.add(catalogModuleCertificates);
backend.add(import('@internal/plugin-scaffolder-backend-module-certificates'));

backend.start();

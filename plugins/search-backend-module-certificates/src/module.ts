import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { CertificatesCollatorFactory } from './collators/CertificatesCollatorFactory';

/**
 * Puts certificates in Backstage search: one document per certificate,
 * titled by its DNS names, refreshed every ten minutes.
 *
 * @public
 */
export const searchModuleCertificatesCollator = createBackendModule({
  pluginId: 'search',
  moduleId: 'certificates-collator',
  register(env) {
    env.registerInit({
      deps: {
        indexRegistry: searchIndexRegistryExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ indexRegistry, discovery, auth, logger, scheduler }) {
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner({
            frequency: { minutes: 10 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
          }),
          factory: new CertificatesCollatorFactory({
            discovery,
            auth,
            logger,
          }),
        });
      },
    });
  },
});

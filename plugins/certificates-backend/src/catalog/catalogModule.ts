import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  CertificatesClient,
  RequestState,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { CertificateEntityProvider } from './entityProvider';

/**
 * Puts every certificate in the catalog as a `Resource` of type
 * `tls-certificate`, owned by its team. The catalog runs apart from the
 * certificates plugin, so it reads the requests over the plugin's API.
 *
 * @public
 */
export const catalogModuleCertificates = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'certificates',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, discovery, auth, logger, scheduler }) {
        const client = new CertificatesClient({ discoveryApi: discovery });
        const store = {
          async list(filter: {
            states?: RequestState[];
          }): Promise<StoredCertificateRequest[]> {
            const { token } = await auth.getPluginRequestToken({
              onBehalfOf: await auth.getOwnServiceCredentials(),
              targetPluginId: 'certificates',
            });
            const items = await client.listRequests({}, { token });
            return filter.states
              ? items.filter(i => filter.states!.includes(i.state))
              : items;
          },
        };
        const provider = new CertificateEntityProvider({ store, logger });
        catalog.addEntityProvider(provider);
        await scheduler.scheduleTask({
          id: 'certificates-catalog-entities',
          frequency: { minutes: 1 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 20 },
          fn: async () => {
            await provider.refresh();
          },
        });
      },
    });
  },
});

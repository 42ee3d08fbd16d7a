import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readPlatformModel } from '@internal/plugin-certificates-node';
import { createRenderManifestsAction } from './actions/manifestsRender';
import { createRequestCertificateAction } from './actions/requestCreate';
import { createDecommissionCertificateAction } from './actions/requestDecommission';
import { createBulkRequestsAction } from './actions/requestsBulk';

/**
 * Scaffolder actions for TLS certificates.
 *
 * @public
 */
export const scaffolderModuleCertificates = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'certificates',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolderActions, config, auth, discovery }) {
        const platform = readPlatformModel(config);
        scaffolderActions.addActions(
          createRenderManifestsAction({ platform, auth, discovery }),
          createRequestCertificateAction({ auth, discovery, config }),
          createDecommissionCertificateAction({ auth, discovery, config }),
          createBulkRequestsAction({ auth, discovery, config }),
        );
      },
    });
  },
});

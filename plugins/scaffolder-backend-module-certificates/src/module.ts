import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import { createRenderManifestsAction } from './actions/manifestsRender';

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
      },
      async init({ scaffolderActions, config }) {
        const platform = createPlatformModel(config.getConfig('certificates').get());
        scaffolderActions.addActions(createRenderManifestsAction({ platform }));
      },
    });
  },
});

import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { createServices } from './createServices';
import { createRouter } from './router';
import { scheduleTasks } from './scheduleTasks';
import { setupCertificateNotifications } from './services/Notifications';

/**
 * The certificates backend plugin: request API, GitOps pull requests and
 * the tasks that resume and track them.
 *
 * @public
 */
export const certificatesPlugin = createBackendPlugin({
  pluginId: 'certificates',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init({ httpRouter, notifications, ...deps }) {
        const services = await createServices(deps);
        await scheduleTasks(services);
        // Tells requesters and their teams what happened to their certificates.
        const notifier = await setupCertificateNotifications({
          ...services,
          notifications,
        });
        services.changes.subscribe(notifier.trigger);
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.use(createRouter(services));
      },
    });
  },
});

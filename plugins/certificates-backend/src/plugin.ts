import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  certificateRequestCreatePermission,
  certificatesPermissions,
} from '@internal/plugin-certificates-common';
import { readPlatformModel } from '@internal/plugin-certificates-node';
import { createRouter } from './router';
import { createLifecycleRouter } from './lifecycle';
import {
  createLifecycleService,
  createRenewalService,
} from './services/Lifecycle';
import { createStatusFeatures } from './status';
import { createGitopsTarget } from './services/Gitops/createGitopsTarget';
import { createMembershipService } from './services/Membership';
import {
  createPublishService,
  readRetryPolicy,
} from './services/PublishService';
import { createLifecycleStore } from './services/RequestStore/lifecycleStore';
import { createRequestStore } from './services/RequestStore';

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
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        userInfo,
        database,
        scheduler,
        permissions,
        permissionsRegistry,
        auditor,
        cache,
        catalog,
      }) {
        // A bad configuration stops the backend here with every problem listed.
        const platform = readPlatformModel(config);
        permissionsRegistry.addPermissions(certificatesPermissions);

        const store = await createRequestStore({ database });
        const gitops = await createGitopsTarget({ config, logger });
        const lifecycleStore = await createLifecycleStore({
          database,
          requests: store,
        });
        const publisher = createPublishService({
          store,
          lifecycle: lifecycleStore,
          retry: readRetryPolicy(config),
          gitops,
          platform,
          logger,
          labels: config.getOptionalStringArray('certificates.gitops.labels'),
          reviewers: config.getOptionalStringArray(
            'certificates.gitops.reviewers',
          ),
        });
        const membership = createMembershipService({
          platform,
          userInfo,
          catalog,
        });

        await scheduler.scheduleTask({
          id: 'certificates-resume-pending',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            const count = await publisher.resumePending();
            if (count > 0)
              logger.info(`Resumed ${count} pending certificate requests`);
          },
        });
        await scheduler.scheduleTask({
          id: 'certificates-track-pull-requests',
          frequency: { minutes: 2 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const count = await publisher.refreshPullRequests();
            if (count > 0)
              logger.info(`Recorded ${count} pull request state changes`);
          },
        });

        const status = await createStatusFeatures({
          config,
          logger,
          cache,
          httpAuth,
          permissions,
          store,
          platform,
        });

        // Tells the platform engineer when the cluster side lags behind the configuration.
        publisher.checkPlatform().then(
          state => {
            if (state.upToDate) {
              logger.info(
                'The platform bundle in the GitOps repository is up to date',
              );
            } else {
              logger.warn(
                `The platform bundle (platform/) in the GitOps repository is ${
                  state.missing.length > 0
                    ? `missing ${state.missing.length} files`
                    : 'complete'
                } and has ${state.outdated.length} out-of-date files; ` +
                  'a platform admin opens its pull request with POST /api/certificates/platform/bootstrap',
              );
            }
          },
          error => logger.warn(`Could not check the platform bundle: ${error}`),
        );

        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            permissions,
            auditor,
            platform,
            membership,
            store,
            publisher,
          }),
        );
        httpRouter.use(status.router);
        httpRouter.use(
          await createLifecycleRouter({
            httpAuth,
            auditor,
            store,
            lifecycle: createLifecycleService({
              store,
              lifecycle: lifecycleStore,
              publisher,
              logger,
            }),
            renewal: createRenewalService({ config, logger }),
            // The same checks as creating a request for the team.
            assertMayWrite: async (credentials, team) => {
              const [decision] = await permissions.authorize(
                [{ permission: certificateRequestCreatePermission }],
                { credentials },
              );
              if (decision.result !== AuthorizeResult.ALLOW)
                throw new NotAllowedError(
                  `team: permission ${certificateRequestCreatePermission.name} is required`,
                );
              await membership.assertMember(credentials, team);
            },
          }),
        );
      },
    });
  },
});

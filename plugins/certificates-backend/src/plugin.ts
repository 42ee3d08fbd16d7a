import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { certificatesPermissions } from '@internal/plugin-certificates-common';
import { readPlatformModel } from '@internal/plugin-certificates-node';
import {
  certificateRequestResourceRef,
  certificateRequestRules,
  createRequestAccess,
  createRequestResourceLoader,
  createWriteCheck,
} from './permissions';
import { createRouter } from './router';
import { scheduleResumeTask } from './resumeTask';
import { createBulkRouter } from './bulk';
import { createBulkPublisher, createBulkStore } from './services/Bulk';
import { createLifecycleRouter } from './lifecycle';
import {
  createLifecycleService,
  createRenewalService,
} from './services/Lifecycle';
import { createLifecycleStore } from './services/RequestStore/lifecycleStore';
import { createStatusFeatures } from './status';
import { createGitopsTarget } from './services/Gitops/createGitopsTarget';
import { withTenantFileCheck } from './services/Gitops/tenantFileCheck';
import { createIssuanceBudgetService } from './services/IssuanceBudget';
import { createPlatformApiCheck } from './services/PlatformApis';
import { readStatusConfig } from './services/Status/config';
import { createMembershipService } from './services/Membership';
import {
  createPublishService,
  readRetryPolicy,
} from './services/PublishService';
import { createRequestStore } from './services/RequestStore';
import {
  setupCertificateNotifications,
  withChangeSignals,
  withLifecycleChangeSignals,
} from './services/Notifications';

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
        notifications,
        signals,
      }) {
        // A bad configuration stops the backend here with every problem listed.
        const platform = readPlatformModel(config);
        // Every stored change is signalled, so open pages update at once.
        const store = withChangeSignals(
          await createRequestStore({ database }),
          { signals, platform, logger },
        );
        const access = createRequestAccess({
          permissions,
          permissionsRegistry,
          platform,
        });
        permissionsRegistry.addPermissions(certificatesPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: certificateRequestResourceRef,
          permissions: certificatesPermissions,
          rules: Object.values(certificateRequestRules),
          // Request ids or team names, e.g. from usePermission in the frontend.
          getResources: createRequestResourceLoader({ store, platform }),
        });
        const gitops = withTenantFileCheck(
          await createGitopsTarget({ config, logger }),
          platform,
        );
        const lifecycleStore = withLifecycleChangeSignals(
          await createLifecycleStore({ database, requests: store }),
          { signals, platform, logger },
        );
        // Both publishers label their pull requests and ask the same reviewers.
        const pullRequestExtras = {
          labels: config.getOptionalStringArray('certificates.gitops.labels'),
          reviewers: config.getOptionalStringArray(
            'certificates.gitops.reviewers',
          ),
        };
        const publisher = createPublishService({
          store,
          lifecycle: lifecycleStore,
          retry: readRetryPolicy(config),
          gitops,
          platform,
          logger,
          ...pullRequestExtras,
        });
        const membership = createMembershipService({
          platform,
          userInfo,
          catalog,
        });
        const assertMayWrite = createWriteCheck({ access, membership });

        // Bulk requests: one pull request per team; the task resumes batches after a crash.
        const bulk = await createBulkStore({ database });
        const issuance = await createIssuanceBudgetService({
          database,
          platform,
        });
        const bulkPublisher = createBulkPublisher({
          store,
          bulk,
          gitops,
          platform,
          logger,
          ...pullRequestExtras,
        });
        await scheduleResumeTask(scheduler, logger, {
          id: 'certificates-resume-bulk',
          frequency: { minutes: 1 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 20 },
          run: () => bulkPublisher.resumeBatches(),
          describe: count => `Resumed ${count} bulk requests`,
        });

        await scheduleResumeTask(scheduler, logger, {
          id: 'certificates-resume-pending',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 15 },
          run: () => publisher.resumePending(),
          describe: count => `Resumed ${count} pending certificate requests`,
        });
        await scheduleResumeTask(scheduler, logger, {
          id: 'certificates-track-pull-requests',
          frequency: { minutes: 2 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          run: () => publisher.refreshPullRequests(),
          describe: count => `Recorded ${count} pull request state changes`,
        });

        const renewal = createRenewalService({ config, logger });
        const status = await createStatusFeatures({
          renewClusters: renewal.clusters,
          config,
          logger,
          cache,
          scheduler,
          httpAuth,
          access,
          store,
          platform,
        });

        // Tells requesters and their teams what happened to their certificates.
        await setupCertificateNotifications({
          config,
          database,
          scheduler,
          logger,
          notifications,
          signals,
          store,
          status: status.service,
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
        // Before the main router, whose body parser takes 64 kB only.
        httpRouter.use(
          await createBulkRouter({
            logger,
            httpAuth,
            auditor,
            platform,
            bulk,
            publisher: bulkPublisher,
            issuance,
            assertMayWrite,
            mayRead: (credentials, team, requester) =>
              access.allowed(credentials, 'read', team, requester),
          }),
        );
        httpRouter.use(
          await createRouter({
            logger,
            httpAuth,
            access,
            auditor,
            platform,
            membership,
            store,
            publisher,
            issuance,
            platformApis: createPlatformApiCheck({
              platform,
              status: readStatusConfig(config),
            }),
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
            renewal,
            issuance,
            assertMayWrite,
            mayRead: (credentials, team, requester) =>
              access.allowed(credentials, 'read', team, requester),
          }),
        );
      },
    });
  },
});

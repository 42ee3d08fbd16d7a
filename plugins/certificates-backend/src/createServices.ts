import {
  AuditorService,
  CacheService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootConfigService,
  SchedulerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { certificatesPermissions } from '@internal/plugin-certificates-common';
import { readPlatformModel } from '@internal/plugin-certificates-node';
import {
  certificateRequestResourceRef,
  certificateRequestRules,
  createRequestAccess,
  createRequestResourceLoader,
  createWriteCheck,
} from './permissions';
import { RouteContext } from './routes/context';
import { createBulkPublisher, createBulkStore } from './services/Bulk';
import { createGitopsTarget } from './services/Gitops/createGitopsTarget';
import { withTenantFileCheck } from './services/Gitops/tenantFileCheck';
import { createIssuanceBudgetService } from './services/IssuanceBudget';
import { createPlatformApiCheck } from './services/PlatformApis';
import { readStatusConfig } from './services/Status/config';
import {
  createLifecycleService,
  createRenewalService,
} from './services/Lifecycle';
import { createMembershipService } from './services/Membership';
import {
  createChangeFeed,
  withChangeSignals,
  withLifecycleChangeSignals,
} from './services/Notifications';
import {
  createPublishService,
  readRetryPolicy,
} from './services/PublishService';
import { createRequestStore } from './services/RequestStore';
import { createLifecycleStore } from './services/RequestStore/lifecycleStore';
import { createStatusFeatures } from './services/Status/createStatusFeatures';

/** The core services the plugin's services are built from. */
export type CertificatesDeps = {
  logger: LoggerService;
  config: RootConfigService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  database: DatabaseService;
  scheduler: SchedulerService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  cache: CacheService;
  catalog: CatalogService;
  signals: SignalsService;
};

/**
 * Builds every service of the plugin once, from one context: the routes
 * get them as their {@link RouteContext}, the tasks and notifications the
 * same instances.
 */
export async function createServices(deps: CertificatesDeps) {
  const { logger, config, database, signals } = deps;
  // A bad configuration stops the backend here with every problem listed.
  const platform = readPlatformModel(config);
  // Every stored change is signalled, so open pages update at once.
  const signalled = { signals, platform, logger };
  // State and status changes reach the notifier within a debounce.
  const changes = createChangeFeed();
  const store = withChangeSignals(
    await createRequestStore({ database, onTransition: changes.onTransition }),
    signalled,
  );
  const access = createRequestAccess({ ...deps, platform });
  deps.permissionsRegistry.addPermissions(certificatesPermissions);
  deps.permissionsRegistry.addResourceType({
    resourceRef: certificateRequestResourceRef,
    permissions: certificatesPermissions,
    rules: Object.values(certificateRequestRules),
    // Request ids or team names, e.g. from usePermission in the frontend.
    getResources: createRequestResourceLoader({ store, platform }),
  });
  const membership = createMembershipService({ ...deps, platform });
  // Every pull request passes the repository check the GitOps CI runs (docs/security.md).
  const gitops = withTenantFileCheck(
    await createGitopsTarget({ config, logger }),
    platform,
  );
  const lifecycleStore = withLifecycleChangeSignals(
    await createLifecycleStore({ database, requests: store }),
    signalled,
  );
  // Single and bulk pull requests carry the same labels and reviewers.
  const publishing = {
    store,
    lifecycle: lifecycleStore,
    gitops,
    platform,
    logger,
    labels: config.getOptionalStringArray('certificates.gitops.labels'),
    reviewers: config.getOptionalStringArray('certificates.gitops.reviewers'),
  };
  const publisher = createPublishService({
    ...publishing,
    retry: readRetryPolicy(config),
  });
  const bulk = await createBulkStore({ database });
  const bulkPublisher = createBulkPublisher({ ...publishing, bulk });
  const status = await createStatusFeatures({
    ...deps,
    store,
    platform,
    onStatusChange: changes.onStatusChange,
  });
  const services = {
    ...deps,
    platform,
    store,
    access,
    assertMayWrite: createWriteCheck({ access, membership }),
    membership,
    publisher,
    bulk,
    bulkPublisher,
    lifecycle: createLifecycleService({
      store,
      lifecycle: lifecycleStore,
      publisher,
      batches: bulkPublisher,
      logger,
    }),
    renewal: createRenewalService({ config, logger }),
    status: status.service,
    gitops,
    issuance: await createIssuanceBudgetService({ database, platform }),
    platformApis: createPlatformApiCheck({
      platform,
      status: readStatusConfig(config),
    }),
  } satisfies RouteContext & CertificatesDeps;
  // The notifier subscribes to the change feed once it is set up.
  return { ...services, changes };
}

export type CertificatesServices = Awaited<ReturnType<typeof createServices>>;

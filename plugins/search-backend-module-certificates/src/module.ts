import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { CertificatesCollatorFactory } from './collators/CertificatesCollatorFactory';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 10 },
};

/**
 * Puts certificates in Backstage search: one document per certificate,
 * titled by its DNS names, refreshed on `search.collators.certificates.schedule`
 * (every ten minutes by default).
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
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({
        indexRegistry,
        config,
        discovery,
        auth,
        logger,
        scheduler,
      }) {
        const scheduleConfig = config.getOptionalConfig(
          'search.collators.certificates.schedule',
        );
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(
            scheduleConfig
              ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                  scheduleConfig,
                )
              : DEFAULT_SCHEDULE,
          ),
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

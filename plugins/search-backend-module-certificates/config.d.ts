import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /** The certificates collator (`@internal/plugin-search-backend-module-certificates`). */
      certificates?: {
        /**
         * How often the certificates are indexed again. Defaults to every
         * ten minutes, first ten seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}

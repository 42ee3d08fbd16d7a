import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import certificatesPlugin from '@internal/plugin-certificates/alpha';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';
import { searchModule } from './modules/search';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    scaffolderPlugin,
    notificationsPlugin,
    searchPlugin,
    searchModule,
    signalsPlugin,
    userSettingsPlugin,
    certificatesPlugin,
    homeModule,
    navModule,
    signInModule,
  ],
});

import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';

/** Certificate results (the certificates collator's `certificate` documents) read as certificates. */
const certificateResultItem = SearchResultListItemBlueprint.make({
  name: 'certificate',
  params: {
    predicate: result => result.type === 'certificate',
    component: async () =>
      (await import('./CertificateSearchResultItem'))
        .CertificateSearchResultItem,
  },
});

const certificateResultType = SearchFilterResultTypeBlueprint.make({
  name: 'certificate',
  params: {
    value: 'certificate',
    name: 'Certificates',
    icon: <SecurityIcon />,
  },
});

export const searchModule = createFrontendModule({
  pluginId: 'search',
  extensions: [certificateResultItem, certificateResultType],
});

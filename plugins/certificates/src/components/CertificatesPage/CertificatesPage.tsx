import { useRouteRef } from '@backstage/core-plugin-api';
import { Route, Routes } from 'react-router-dom';
import { rootRouteRef } from '../../routes';
import { BulkRequestPage } from '../BulkRequestPage';
import { LocalPullRequestPage } from '../LocalPullRequestPage';
import { NewRequestPage } from './NewRequestPage';
import { RequestsOverview } from './RequestsOverview';

/**
 * The certificates page's routes: the requests (`?request=<id>` for one),
 * `new` (the form alone, `?team=` preselects), `bulk` (CSV) and a local
 * pull request. Paths match the sub-route refs in `routes.ts`.
 */
export const CertificatesPage = () => {
  const root = useRouteRef(rootRouteRef)();
  return (
    <Routes>
      <Route path="/" element={<RequestsOverview />} />
      <Route path="/new" element={<NewRequestPage />} />
      <Route path="/bulk" element={<BulkRequestPage base={root} />} />
      <Route path="/pull-requests/:number" element={<LocalPullRequestPage />} />
    </Routes>
  );
};

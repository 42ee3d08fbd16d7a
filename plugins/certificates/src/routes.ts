import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** `/certificates`: the request form and the team's requests. */
export const rootRouteRef = createRouteRef({ id: 'certificates' });

/** `/certificates/new`: the form alone (`?team=` preselects the team). */
export const newRequestRouteRef = createSubRouteRef({
  id: 'certificates/new',
  parent: rootRouteRef,
  path: '/new',
});

/** `/certificates/bulk`: many certificates from CSV. */
export const bulkRequestRouteRef = createSubRouteRef({
  id: 'certificates/bulk',
  parent: rootRouteRef,
  path: '/bulk',
});

/** `/certificates/pull-requests/:number`: a pull request of the local GitOps target. */
export const pullRequestRouteRef = createSubRouteRef({
  id: 'certificates/pull-request',
  parent: rootRouteRef,
  path: '/pull-requests/:number',
});

import express from 'express';
import Router from 'express-promise-router';
import { jsonBody } from './http';
import { bulkRoutes, BULK_BODY_LIMIT } from './routes/bulk';
import { RouteContext, RouteModule } from './routes/context';
import { lifecycleRoutes } from './routes/lifecycle';
import { platformRoutes } from './routes/platform';
import { pullRequestRoutes } from './routes/pullRequests';
import { requestRoutes } from './routes/requests';
import { statusRoutes } from './routes/status';

export type { RouteContext, RouteModule } from './routes/context';

/**
 * The one HTTP layer of the API: the JSON body parser with its error
 * mapping (bulk bodies may be larger), `/health`, then each resource's
 * routes. Adding a route is a file under `routes/` listed here.
 */
export function createApiRouter(routes: RouteModule[]): express.Router {
  const router = Router();
  router.use('/requests/bulk', jsonBody(BULK_BODY_LIMIT));
  router.use(jsonBody('64kb'));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  for (const mount of routes) mount(router);
  return router;
}

/** Every route of the certificates API, on the services `init` built. */
export function createRouter(ctx: RouteContext): express.Router {
  return createApiRouter([
    requestRoutes(ctx),
    bulkRoutes(ctx),
    lifecycleRoutes(ctx),
    statusRoutes({ ...ctx, teamNames: () => ctx.platform.teamNames() }),
    platformRoutes(ctx),
    pullRequestRoutes(ctx),
  ]);
}

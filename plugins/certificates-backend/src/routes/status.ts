import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { pathParam, readableOr404 } from '../http';
import { renewAvailability } from '../services/Lifecycle';
import { RouteContext, RouteModule, userOf } from './context';

/**
 * Status API: `GET /teams/:team/certificates` (every certificate's
 * lifecycle) and `GET /certificates/:team/:name` (one, with the
 * CertificateRequests, Order, Challenges and events behind it). A team that
 * is not configured, or whose requests the caller may not read, is a 404.
 */
export function statusRoutes(
  ctx: Pick<RouteContext, 'httpAuth' | 'access' | 'status' | 'renewal'> & {
    /** The configured teams; any other name is not found before anything is read. */
    teamNames: () => string[];
  },
): RouteModule {
  const { httpAuth, access, status, renewal, teamNames } = ctx;

  /** Not found unless configured and readable by the caller; nothing is read upstream before. */
  const readableTeam = (credentials: BackstageCredentials, team: string) =>
    readableOr404(
      team,
      async t =>
        teamNames().includes(t) &&
        (await access.allowed(credentials, 'read', t)),
      `team ${team} not found`,
    );

  return router => {
    router.get('/teams/:team/certificates', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      const team = await readableTeam(credentials, pathParam(req, 'team'));
      res.type('application/json').send(await status.teamStatusJson(team));
    });

    router.get('/certificates/:team/:name', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      const team = pathParam(req, 'team');
      const name = pathParam(req, 'name');
      await readableTeam(credentials, team);
      const result = await status.certificateStatus(team, name);
      if (!result)
        throw new NotFoundError(`certificate ${team}/${name} not found`);
      // Whether "Renew now" can act on it, in plain words for the card.
      res.json({
        ...result,
        renew: renewAvailability(result, renewal.clusters),
      });
    });
  };
}

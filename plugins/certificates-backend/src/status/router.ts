import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { RequestAccess } from '../permissions';
import { renewAvailability } from '../services/Lifecycle/renewal';
import { StatusService } from '../services/Status';

export type StatusRouterOptions = {
  httpAuth: HttpAuthService;
  access: Pick<RequestAccess, 'allowed'>;
  status: StatusService;
  /** The configured teams; any other name is not found before anything is read. */
  teamNames: () => string[];
  /** Clusters that allow "Renew now"; a certificate's answer says whether it can be renewed. */
  renewClusters?: readonly string[];
};

/** Team names are namespaces: DNS-1123 labels. */
const TEAM_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Certificate names are Kubernetes object names (DNS-1123 subdomains). */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Status API: `GET /teams/:team/certificates` (every certificate's
 * lifecycle) and `GET /certificates/:team/:name` (one, with the
 * CertificateRequests, Order, Challenges and events behind it). A team that
 * is not configured, or whose requests the caller may not read, is a 404.
 */
export async function createStatusRouter(
  options: StatusRouterOptions,
): Promise<express.Router> {
  const { httpAuth, access, status, teamNames } = options;
  const renewClusters = options.renewClusters ?? [];
  const router = Router();

  function teamOf(req: Request): string {
    const team = req.params.team;
    if (!TEAM_PATTERN.test(team))
      throw new InputError(
        'team: must be a team name (lowercase DNS label, at most 63 characters)',
      );
    return team;
  }

  /** Not found unless configured and readable by the caller; nothing is read upstream before. */
  async function assertReadable(
    credentials: BackstageCredentials,
    team: string,
  ) {
    if (
      !teamNames().includes(team) ||
      !(await access.allowed(credentials, 'read', team))
    )
      throw new NotFoundError(`team ${team} not found`);
  }

  // A team's answer is about a megabyte for 500 certificates; serialise each built answer once.
  const serialized = new WeakMap<object, string>();
  router.get('/teams/:team/certificates', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const team = teamOf(req);
    await assertReadable(credentials, team);
    const value = await status.teamStatus(team);
    let body = serialized.get(value);
    if (body === undefined) {
      body = JSON.stringify(value);
      serialized.set(value, body);
    }
    res.type('application/json').send(body);
  });

  router.get('/certificates/:team/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const team = teamOf(req);
    const name = req.params.name;
    if (!NAME_PATTERN.test(name))
      throw new InputError(
        'name: must be a certificate name (lowercase DNS name, at most 253 characters)',
      );
    await assertReadable(credentials, team);
    const result = await status.certificateStatus(team, name);
    if (!result)
      throw new NotFoundError(`certificate ${team}/${name} not found`);
    res.json({ ...result, renew: renewAvailability(result, renewClusters) });
  });

  return router;
}

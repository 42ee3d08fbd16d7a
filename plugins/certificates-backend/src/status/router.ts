import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { certificateRequestReadPermission } from '@internal/plugin-certificates-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { StatusService } from '../services/Status';

export type StatusRouterOptions = {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  status: StatusService;
};

/** Team names are namespaces: DNS-1123 labels. */
const TEAM_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Certificate names are Kubernetes object names (DNS-1123 subdomains). */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Status API: `GET /teams/:team/certificates` (every certificate's
 * lifecycle) and `GET /certificates/:team/:name` (one, with the
 * CertificateRequests, Order, Challenges and events behind it).
 */
export async function createStatusRouter(
  options: StatusRouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, status } = options;
  const router = Router();

  async function authorizeRead(req: Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const [decision] = await permissions.authorize(
      [{ permission: certificateRequestReadPermission }],
      {
        credentials,
      },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `permission ${certificateRequestReadPermission.name} is required`,
      );
    }
  }

  function team(req: Request): string {
    const value = req.params.team;
    if (!TEAM_PATTERN.test(value))
      throw new InputError(
        'team: must be a team name (lowercase DNS label, at most 63 characters)',
      );
    return value;
  }

  // A team's answer is about a megabyte for 500 certificates; serialise each built answer once.
  const serialized = new WeakMap<object, string>();
  router.get('/teams/:team/certificates', async (req, res) => {
    await authorizeRead(req);
    const value = await status.teamStatus(team(req));
    let body = serialized.get(value);
    if (body === undefined) {
      body = JSON.stringify(value);
      serialized.set(value, body);
    }
    res.type('application/json').send(body);
  });

  router.get('/certificates/:team/:name', async (req, res) => {
    await authorizeRead(req);
    const t = team(req);
    const name = req.params.name;
    if (!NAME_PATTERN.test(name))
      throw new InputError(
        'name: must be a certificate name (lowercase DNS name, at most 253 characters)',
      );
    const result = await status.certificateStatus(t, name);
    if (!result) throw new NotFoundError(`certificate ${t}/${name} not found`);
    res.json(result);
  });

  return router;
}

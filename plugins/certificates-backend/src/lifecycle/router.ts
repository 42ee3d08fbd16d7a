import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { LifecycleService, RenewalService } from '../services/Lifecycle';
import { RequestStore } from '../services/RequestStore';
import { IssuanceBudgetService } from '../services/IssuanceBudget';

export type LifecycleRouterOptions = {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  store: Pick<RequestStore, 'get'>;
  lifecycle: LifecycleService;
  renewal: RenewalService;
  /** "Renew now" waits out its cooldown (certificates.issuance.renewCooldownHours). */
  issuance: Pick<IssuanceBudgetService, 'assertRenewal' | 'recordRenewal'>;
  /**
   * Throws NotAllowedError unless the caller may change the team's
   * certificates: the same check as creating a request for the team.
   */
  assertMayWrite(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    team: string,
  ): Promise<void>;
  /**
   * Whether the caller may read the team's requests; a request the caller
   * may not read answers as an unknown id, so ids cannot be probed.
   */
  mayRead(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    team: string,
    requester: string,
  ): Promise<boolean>;
};

const ID_PATTERN = /^[0-9a-f-]{36}$/;
const NAME_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Retry, cancel, decommission and renew: every route answers 200 with the
 * request (or renew outcome) and `changed: false` when a repeat found the
 * work done, 201/202 when it did the work.
 */
export async function createLifecycleRouter(
  options: LifecycleRouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    auditor,
    store,
    lifecycle,
    renewal,
    issuance,
    assertMayWrite,
    mayRead,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '1kb' }));

  const user = (req: Request) => httpAuth.credentials(req, { allow: ['user'] });

  /** Runs an operation inside an auditor event (severity by how much it changes). */
  async function audited<T>(
    req: Request,
    eventId: string,
    severityLevel: 'medium' | 'high',
    meta: Record<string, string>,
    run: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta,
    });
    try {
      const result = await run();
      await event.success({ meta });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error, meta });
      throw error;
    }
  }

  function certificateParams(req: Request) {
    const { team, name } = req.params;
    if (!NAME_PATTERN.test(team))
      throw new InputError('team: must be a team name');
    if (!NAME_PATTERN.test(name))
      throw new InputError('name: must be a certificate name');
    return { team, name };
  }

  for (const action of ['retry', 'cancel'] as const) {
    router.post(`/requests/:id/${action}`, async (req, res) => {
      const credentials = await user(req);
      const { id } = req.params;
      if (!ID_PATTERN.test(id))
        throw new InputError('id: must be a request id');
      const result = await audited(
        req,
        `certificate-request-${action}`,
        'medium',
        { requestId: id },
        async () => {
          const record = await store.get(id);
          if (
            !record ||
            !(await mayRead(credentials, record.team, record.createdBy))
          )
            throw new NotFoundError(`id: request ${id} not found`);
          await assertMayWrite(credentials, record.team);
          const actor = credentials.principal.userEntityRef;
          return action === 'retry'
            ? lifecycle.retry(id, actor)
            : lifecycle.cancel(id, actor);
        },
      );
      res.json({ ...result.record, changed: result.changed });
    });
  }

  router.post('/certificates/:team/:name/decommission', async (req, res) => {
    const credentials = await user(req);
    const { team, name } = certificateParams(req);
    const result = await audited(
      req,
      'certificate-decommission',
      'high',
      { team, certificate: name },
      async () => {
        await assertMayWrite(credentials, team);
        return lifecycle.decommission(
          team,
          name,
          credentials.principal.userEntityRef,
        );
      },
    );
    res
      .status(result.changed ? 201 : 200)
      .json({ ...result.record, changed: result.changed });
  });

  router.post('/certificates/:team/:name/renew', async (req, res) => {
    const credentials = await user(req);
    const { team, name } = certificateParams(req);
    const outcomes = await audited(
      req,
      'certificate-renew',
      'medium',
      { team, certificate: name },
      async () => {
        await assertMayWrite(credentials, team);
        await issuance.assertRenewal(team, name);
        const done = await renewal.renew(team, name);
        if (done.some(o => o.result === 'renewed'))
          await issuance.recordRenewal(team, name);
        await lifecycle.note(
          team,
          name,
          credentials.principal.userEntityRef,
          `renew now: ${done.map(o => `${o.cluster} ${o.result}`).join(', ')}`,
        );
        return done;
      },
    );
    const changed = outcomes.some(o => o.result === 'renewed');
    res.status(changed ? 202 : 200).json({ outcomes, changed });
  });

  return router;
}

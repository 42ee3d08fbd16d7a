import { InputError } from '@backstage/errors';
import { CancelScope } from '@internal/plugin-certificates-common';
import { Request } from 'express';
import { z } from 'zod';
import { audited, pathParam, readableOr404 } from '../http';
import { RouteContext, RouteModule, userOf } from './context';

const cancelBody = z
  .object({ scope: z.enum(['request', 'batch']).optional() })
  .passthrough();

/** The scope of a cancel: `request` unless the body asks for the whole `batch` pull request. */
function cancelScope(body: unknown): CancelScope {
  const parsed = cancelBody.safeParse(body ?? {});
  if (!parsed.success)
    throw new InputError(
      `scope: must be "request" or "batch" (${parsed.error.issues[0].message})`,
    );
  return parsed.data.scope ?? 'request';
}

/**
 * Retry, cancel, decommission and renew: every route answers 200 with the
 * request (or renew outcome) and `changed: false` when a repeat found the
 * work done, 201/202 when it did the work.
 */
export function lifecycleRoutes(
  ctx: Pick<
    RouteContext,
    | 'httpAuth'
    | 'auditor'
    | 'access'
    | 'assertMayWrite'
    | 'store'
    | 'lifecycle'
    | 'renewal'
    | 'issuance'
  >,
): RouteModule {
  const { httpAuth, auditor, access, assertMayWrite, store, lifecycle } = ctx;
  /** A change of one certificate: its checked parameters, the write check and the auditor event around it. */
  async function certificateChange<T>(
    req: Request,
    eventId: string,
    severityLevel: 'medium' | 'high',
    run: (c: { team: string; name: string; actor: string }) => Promise<T>,
  ): Promise<T> {
    const credentials = await userOf(httpAuth, req);
    const team = pathParam(req, 'team');
    const name = pathParam(req, 'name');
    return audited(
      auditor,
      req,
      { eventId, severityLevel, meta: { team, certificate: name } },
      async () => {
        await assertMayWrite(credentials, team);
        const actor = credentials.principal.userEntityRef;
        return run({ team, name, actor });
      },
    );
  }

  return router => {
    for (const action of ['retry', 'cancel'] as const) {
      router.post(`/requests/:id/${action}`, async (req, res) => {
        const credentials = await userOf(httpAuth, req);
        const id = pathParam(req, 'id');
        const scope = action === 'cancel' ? cancelScope(req.body) : 'request';
        const result = await audited(
          auditor,
          req,
          {
            eventId: `certificate-request-${action}`,
            severityLevel: 'medium',
            meta: { requestId: id },
          },
          async () => {
            const record = await readableOr404(
              await store.get(id),
              r => access.allowed(credentials, 'read', r.team, r.createdBy),
              `id: request ${id} not found`,
            );
            await assertMayWrite(credentials, record.team);
            const actor = credentials.principal.userEntityRef;
            return action === 'retry'
              ? lifecycle.retry(id, actor)
              : lifecycle.cancel(id, actor, scope);
          },
        );
        res.json({ ...result.record, changed: result.changed });
      });
    }

    router.post('/certificates/:team/:name/decommission', async (req, res) => {
      const result = await certificateChange(
        req,
        'certificate-decommission',
        'high',
        c => lifecycle.decommission(c.team, c.name, c.actor),
      );
      res
        .status(result.changed ? 201 : 200)
        .json({ ...result.record, changed: result.changed });
    });

    router.post('/certificates/:team/:name/renew', async (req, res) => {
      const outcomes = await certificateChange(
        req,
        'certificate-renew',
        'medium',
        async c => {
          // "Renew now" waits out its cooldown (certificates.issuance.renewCooldownHours).
          await ctx.issuance.assertRenewal(c.team, c.name);
          const done = await ctx.renewal.renew(c.team, c.name);
          if (done.some(o => o.result === 'renewed'))
            await ctx.issuance.recordRenewal(c.team, c.name);
          const results = done.map(o => `${o.cluster} ${o.result}`);
          await lifecycle.note(
            c.team,
            c.name,
            c.actor,
            `renew now: ${results.join(', ')}`,
          );
          return done;
        },
      );
      const changed = outcomes.some(o => o.result === 'renewed');
      res.status(changed ? 202 : 200).json({ outcomes, changed });
    });
  };
}

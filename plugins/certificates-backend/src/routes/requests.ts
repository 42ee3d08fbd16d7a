import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  CertificateOptions,
  KEY_ALGORITHMS,
  parseCertificateRequest,
  problemsToError,
  resolveCertificateRequest,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '@internal/plugin-certificates-node';
import { Request } from 'express';
import {
  audited,
  idempotencyKey,
  pathParam,
  queryParam,
  readableOr404,
} from '../http';
import { newCertificateOf } from '../services/IssuanceBudget';
import { RouteContext, RouteModule, userOf } from './context';

type RequestDeps = Pick<
  RouteContext,
  | 'httpAuth'
  | 'access'
  | 'assertMayWrite'
  | 'auditor'
  | 'platform'
  | 'membership'
  | 'store'
  | 'publisher'
  | 'issuance'
>;

/** Parses, applies the platform's rules and checks the caller may write for the team; throws with the field named. */
async function validate(
  ctx: RequestDeps,
  body: unknown,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
): Promise<ResolvedCertificateRequest> {
  const parsed = parseCertificateRequest(body);
  if (!parsed.ok) throw problemsToError(parsed.problems);
  const result = resolveCertificateRequest(parsed.request, ctx.platform);
  if (!result.ok) throw problemsToError(result.problems);
  await ctx.assertMayWrite(credentials, parsed.request.team);
  return result.resolved;
}

/** What the caller may request: their teams the policy lets create, with domains, grants and issuers. */
async function optionsOf(
  ctx: RequestDeps,
  credentials: BackstageCredentials<BackstageUserPrincipal>,
): Promise<CertificateOptions> {
  const { access, platform } = ctx;
  const mayCreate = await access.filter(credentials, 'create');
  const teams = (await ctx.membership.teamsOf(credentials)).filter(team =>
    mayCreate(access.resourceOf(team)),
  );
  return {
    teams: teams.map(team => ({
      name: team,
      group: platform.teamGroupRef(team),
      domains: platform.zones
        .map(zone => ({
          domain: zone.domain,
          allowIdn: zone.allowIdn,
          grants: platform
            .grantsOf(team)
            .filter(g => g.zone === zone.domain)
            .map(g => ({ base: g.base, kind: g.kind, wildcard: g.wildcard })),
        }))
        .filter(d => d.grants.length > 0),
    })),
    issuers: platform.issuers.map(i => ({
      name: i.name,
      description: i.description,
      staging: i.staging,
    })),
    keyAlgorithms: [...KEY_ALGORITHMS],
    gitopsTarget: ctx.publisher.target,
  };
}

/**
 * Single requests: `GET /options`, `POST /preview`, `POST /requests`,
 * `GET /requests`, `GET /requests/:id`, `POST /requests/:id/merge`.
 */
export function requestRoutes(ctx: RequestDeps): RouteModule {
  const { httpAuth, access, assertMayWrite, auditor, platform } = ctx;
  const { store, publisher, issuance } = ctx;

  /** The request of `id` if the caller may read it; another team's is "not found" too. */
  async function readableRequest(
    credentials: BackstageCredentials,
    req: Request,
  ) {
    const id = pathParam(req, 'id');
    return readableOr404(
      await store.get(id),
      r => access.allowed(credentials, 'read', r.team, r.createdBy),
      `request ${id} not found`,
    );
  }

  return router => {
    router.get('/options', async (req, res) => {
      res.json(await optionsOf(ctx, await userOf(httpAuth, req)));
    });

    router.post('/preview', async (req, res) => {
      const resolved = await validate(
        ctx,
        req.body,
        await userOf(httpAuth, req),
      );
      res.json(renderRequestFiles(resolved, platform));
    });

    router.post('/requests', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      const team =
        typeof req.body?.team === 'string' ? req.body.team : undefined;
      const { published, created } = await audited(
        auditor,
        req,
        {
          eventId: 'certificate-request-create',
          severityLevel: 'medium',
          meta: { team },
          resultMeta: r => ({
            requestId: r.published.id,
            names: r.published.names,
            created: r.created,
          }),
        },
        async () => {
          const resolved = await validate(ctx, req.body, credentials);
          const key = idempotencyKey(req);
          const wanted = [newCertificateOf(resolved)];
          await issuance.assertNewCertificates(resolved.request.team, wanted);
          const result = await store.createOrGet({
            resolved,
            actor: credentials.principal.userEntityRef,
            idempotencyKey: key,
          });
          if (result.created)
            await issuance.recordNewCertificates(resolved.request.team, wanted);
          const changed = result.created || result.updated;
          return {
            created: result.created,
            published: changed
              ? await publisher.publish(result.record.id)
              : result.record,
          };
        },
      );
      res.status(created ? 201 : 200).json(published);
    });

    router.get('/requests', async (req, res) => {
      // Services may list too: the catalog module turns requests into Resource entities.
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const team = queryParam(req, 'team');
      // The policy's conditions become the query: other teams' rows are never read.
      const allowed = await access.readableCriteria(credentials);
      res.json({ items: await store.list({ team, allowed }) });
    });

    router.get('/requests/:id', async (req, res) => {
      const record = await readableRequest(await userOf(httpAuth, req), req);
      res.json({ ...record, events: await store.events(record.id) });
    });

    router.post('/requests/:id/merge', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      pathParam(req, 'id');
      if (publisher.target !== 'local') {
        throw new ConflictError(
          'merge: pull requests on GitHub are merged on GitHub, not here',
        );
      }
      // The local target stands in for GitHub, where the team reviews and merges its own pull request.
      const record = await readableRequest(credentials, req);
      await assertMayWrite(credentials, record.team);
      res.json(
        await publisher.mergeLocal(
          record.id,
          credentials.principal.userEntityRef,
        ),
      );
    });
  };
}

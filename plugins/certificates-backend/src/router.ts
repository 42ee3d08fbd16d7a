import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  CertificateOptions,
  KEY_ALGORITHMS,
  parseCertificateRequest,
  problemsToError,
  PlatformModel,
  resolveCertificateRequest,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  renderPlatformFiles,
  renderRequestFiles,
} from '@internal/plugin-certificates-node';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';

import { createWriteCheck, RequestAccess } from './permissions';
import { MembershipService } from './services/Membership';
import { PublishService } from './services/PublishService';
import { RequestStore } from './services/RequestStore';
import { IssuanceBudgetService } from './services/IssuanceBudget';
import { PlatformApiCheck } from './services/PlatformApis';

export type RouterOptions = {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  /** Decisions of the permission policy, per request and team. */
  access: RequestAccess;
  auditor: AuditorService;
  platform: PlatformModel;
  membership: MembershipService;
  store: RequestStore;
  publisher: PublishService;
  /** The issuance budgets a new request must fit in (certificates.issuance). */
  issuance: IssuanceBudgetService;
  /** The clusters' API discovery against the API versions the platform needs. */
  platformApis: PlatformApiCheck;
};

const ID_PATTERN = /^[0-9a-f-]{36}$/;

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    access,
    auditor,
    platform,
    membership,
    store,
    publisher,
    issuance,
    platformApis,
  } = options;
  const router = Router();

  router.use(express.json({ limit: '64kb', strict: true }));
  router.use(
    (
      error: Error & { type?: string },
      _req: Request,
      _res: Response,
      next: NextFunction,
    ) => {
      if (error.type === 'entity.parse.failed')
        return next(new InputError('(body): must be valid JSON'));
      if (error.type === 'entity.too.large')
        return next(new InputError('(body): must be at most 64 kB'));
      return next(error);
    },
  );
  router.use((req, _res, next) => {
    if (
      ['POST', 'PUT', 'PATCH'].includes(req.method) &&
      !req.is('application/json')
    ) {
      next(new InputError('(body): Content-Type must be application/json'));
      return;
    }
    next();
  });

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  async function userCredentials(req: Request) {
    return httpAuth.credentials(req, { allow: ['user'] });
  }

  /**
   * The request of `id` if the caller may read it. Another team's request is
   * "not found" too, so that ids cannot be probed.
   */
  async function readableRequest(
    credentials: BackstageCredentials,
    id: string,
  ) {
    if (!ID_PATTERN.test(id)) throw new InputError('id: must be a request id');
    const record = await store.get(id);
    if (
      !record ||
      !(await access.allowed(
        credentials,
        'read',
        record.team,
        record.createdBy,
      ))
    )
      throw new NotFoundError(`request ${id} not found`);
    return record;
  }

  const assertMayWrite = createWriteCheck({ access, membership });

  /** Parses, applies the platform's rules and checks the caller may write for the team; throws with the field named. */
  async function validate(
    body: unknown,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<ResolvedCertificateRequest> {
    const parsed = parseCertificateRequest(body);
    if (!parsed.ok) throw problemsToError(parsed.problems);
    const result = resolveCertificateRequest(parsed.request, platform);
    if (!result.ok) throw problemsToError(result.problems);
    await assertMayWrite(credentials, parsed.request.team);
    return result.resolved;
  }

  router.get('/options', async (req, res) => {
    const credentials = await userCredentials(req);
    const mayCreate = await access.filter(credentials, 'create');
    const teams = (await membership.teamsOf(credentials)).filter(team =>
      mayCreate(access.resourceOf(team)),
    );
    const choices: CertificateOptions = {
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
      gitopsTarget: publisher.target,
    };
    res.json(choices);
  });

  router.post('/preview', async (req, res) => {
    const credentials = await userCredentials(req);
    const resolved = await validate(req.body, credentials);
    res.json(renderRequestFiles(resolved, platform));
  });

  router.post('/requests', async (req, res) => {
    const credentials = await userCredentials(req);
    const auditorEvent = await auditor.createEvent({
      eventId: 'certificate-request-create',
      severityLevel: 'medium',
      request: req,
      meta: {
        team: typeof req.body?.team === 'string' ? req.body.team : undefined,
      },
    });
    try {
      const resolved = await validate(req.body, credentials);
      const idempotencyKey = req.header('idempotency-key');
      if (
        idempotencyKey !== undefined &&
        !/^[\x21-\x7e]{1,255}$/.test(idempotencyKey)
      ) {
        throw new InputError(
          'Idempotency-Key: must be 1-255 visible ASCII characters',
        );
      }
      const wanted = [
        {
          certificate: resolved.certificateName,
          names: resolved.names,
          issuer: resolved.request.issuer,
        },
      ];
      await issuance.assertNewCertificates(resolved.request.team, wanted);
      const { record, created, updated } = await store.createOrGet({
        resolved,
        actor: credentials.principal.userEntityRef,
        idempotencyKey,
      });
      if (created)
        await issuance.recordNewCertificates(resolved.request.team, wanted);
      const published =
        created || updated ? await publisher.publish(record.id) : record;
      await auditorEvent.success({
        meta: { requestId: record.id, names: resolved.names, created },
      });
      res.status(created ? 201 : 200).json(published);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/requests', async (req, res) => {
    // Services may list too: the catalog module turns requests into Resource entities.
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const team = req.query.team;
    if (
      team !== undefined &&
      (typeof team !== 'string' || !/^[a-z0-9-]{1,63}$/.test(team))
    ) {
      throw new InputError('team: must be a team name');
    }
    // The policy's conditions become the query: other teams' rows are never read.
    const allowed = await access.readableCriteria(credentials);
    res.json({ items: await store.list({ team, allowed }) });
  });

  router.get('/requests/:id', async (req, res) => {
    const credentials = await userCredentials(req);
    const record = await readableRequest(credentials, req.params.id);
    res.json({ ...record, events: await store.events(record.id) });
  });

  router.post('/requests/:id/merge', async (req, res) => {
    const credentials = await userCredentials(req);
    if (!ID_PATTERN.test(req.params.id))
      throw new InputError('id: must be a request id');
    if (publisher.target !== 'local') {
      throw new ConflictError(
        'merge: pull requests on GitHub are merged on GitHub, not here',
      );
    }
    // The local target stands in for GitHub, where the team reviews and merges its own pull request.
    const record = await readableRequest(credentials, req.params.id);
    await assertMayWrite(credentials, record.team);
    res.json(
      await publisher.mergeLocal(
        record.id,
        credentials.principal.userEntityRef,
      ),
    );
  });

  router.get('/platform/preview', async (req, res) => {
    const credentials = await userCredentials(req);
    await access.assertAdmin(credentials);
    res.json(renderPlatformFiles(platform));
  });

  router.get('/platform/status', async (req, res) => {
    const credentials = await userCredentials(req);
    await access.assertAdmin(credentials);
    const [bundle, clusters] = await Promise.all([
      publisher.checkPlatform(),
      platformApis.check(),
    ]);
    res.json({ ...bundle, clusters });
  });

  router.post('/platform/bootstrap', async (req, res) => {
    const credentials = await userCredentials(req);
    await access.assertAdmin(credentials);
    const auditorEvent = await auditor.createEvent({
      eventId: 'certificate-platform-bootstrap',
      severityLevel: 'high',
      request: req,
    });
    try {
      const pullRequest = await publisher.publishPlatform(
        credentials.principal.userEntityRef,
      );
      await auditorEvent.success({ meta: { pullRequest: pullRequest.url } });
      res.json({ pullRequest });
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}

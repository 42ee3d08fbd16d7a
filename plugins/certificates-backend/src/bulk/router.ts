import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  MAX_BULK_ROWS,
  PlatformModel,
  problemsToError,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import express, { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  bulkPreview,
  BulkPublisher,
  BulkStore,
  rowProblems,
  validateBulkRows,
} from '../services/Bulk';
import {
  IssuanceBudgetService,
  NewCertificate,
} from '../services/IssuanceBudget';

/** The new certificates of the valid rows, per team: a batch fits a team's budget whole or not at all. */
function newCertificatesByTeam(
  rows: Array<{ resolved: ResolvedCertificateRequest }>,
): Map<string, NewCertificate[]> {
  const byTeam = new Map<string, NewCertificate[]>();
  for (const { resolved } of rows) {
    const list = byTeam.get(resolved.request.team) ?? [];
    list.push({
      certificate: resolved.certificateName,
      names: resolved.names,
      issuer: resolved.request.issuer,
    });
    byTeam.set(resolved.request.team, list);
  }
  return byTeam;
}

export type BulkRouterOptions = {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  platform: PlatformModel;
  bulk: BulkStore;
  publisher: BulkPublisher;
  /** The issuance budgets every team's rows must fit in together (certificates.issuance). */
  issuance: IssuanceBudgetService;
  /**
   * Throws NotAllowedError (message `team: ...`) unless the caller may
   * request certificates for the team: the same check as a single request.
   */
  assertMayWrite: (
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    team: string,
  ) => Promise<void>;
  /** Whether the caller may read the requests of the team. */
  mayRead: (
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    team: string,
    requester: string,
  ) => Promise<boolean>;
};

const ID_PATTERN = /^[0-9a-f-]{36}$/;
/** 1,000 rows of a few hundred bytes each, with room for justifications. */
const BODY_LIMIT = '2mb';

const bulkBody = z
  .object({
    rows: z
      .array(z.unknown(), {
        required_error: 'is required',
        invalid_type_error: 'must be a list of requests',
      })
      .min(1, 'must list at least one request')
      .max(MAX_BULK_ROWS, `must list at most ${MAX_BULK_ROWS} requests`),
  })
  .strict();

/**
 * Bulk requests: `POST /requests/bulk` validates every row (all problems at
 * once, `rows[<n>].<field>: ...`), stores the batch and opens one pull
 * request per team in the background; `GET /requests/bulk/:id` reports
 * per-team progress. Mounted before the main router, whose body parser
 * allows 64 kB only.
 */
export async function createBulkRouter(
  options: BulkRouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, platform, bulk, publisher, logger, issuance } =
    options;
  const router = Router();

  const json = express.json({ limit: BODY_LIMIT, strict: true });
  function parseBody(req: Request, res: Response, next: NextFunction) {
    if (!req.is('application/json'))
      return next(
        new InputError('(body): Content-Type must be application/json'),
      );
    return json(req, res, (error?: Error & { type?: string }) => {
      if (error?.type === 'entity.parse.failed')
        return next(new InputError('(body): must be valid JSON'));
      if (error?.type === 'entity.too.large')
        return next(new InputError(`(body): must be at most ${BODY_LIMIT}`));
      return next(error);
    });
  }

  function idempotencyKey(req: Request): string | undefined {
    const key = req.header('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key))
      throw new InputError(
        'Idempotency-Key: must be 1-255 visible ASCII characters',
      );
    return key;
  }

  function flag(req: Request, name: string): boolean {
    const value = req.query[name];
    if (value !== undefined && value !== 'true' && value !== 'false')
      throw new InputError(`${name}: must be true or false`);
    return value === 'true';
  }

  router.post('/requests/bulk', parseBody, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const auditorEvent = await auditor.createEvent({
      eventId: 'certificate-request-bulk-create',
      severityLevel: 'medium',
      request: req,
      meta: {
        rows: Array.isArray(req.body?.rows) ? req.body.rows.length : undefined,
      },
    });
    try {
      const key = idempotencyKey(req);
      const partial = flag(req, 'partial');
      const dryRun = flag(req, 'dryRun');
      const body = bulkBody.safeParse(req.body);
      if (!body.success)
        throw new InputError(
          body.error.issues
            .flatMap(i =>
              i.code === 'unrecognized_keys'
                ? i.keys.map(k => `${k}: is not a known field`)
                : [`${i.path.join('.') || '(body)'}: ${i.message}`],
            )
            .join('\n'),
        );
      const { valid, rejected } = await validateBulkRows({
        rows: body.data.rows,
        platform,
        assertMember: team => options.assertMayWrite(credentials, team),
        holders: names => bulk.holders(names),
      });
      if (dryRun) {
        await auditorEvent.success({ meta: { dryRun: true } });
        res.json(
          bulkPreview(
            valid,
            rejected,
            platform,
            credentials.principal.userEntityRef,
          ),
        );
        return;
      }
      if (rejected.length > 0 && (!partial || valid.length === 0))
        throw problemsToError(rowProblems(rejected));
      const wanted = newCertificatesByTeam(valid);
      for (const [team, certificates] of wanted)
        await issuance.assertNewCertificates(team, certificates);
      const { batch, created } = await bulk.create({
        actor: credentials.principal.userEntityRef,
        idempotencyKey: key,
        rows: valid,
        rejected,
      });
      if (created)
        for (const [team, certificates] of wanted)
          await issuance.recordNewCertificates(team, certificates);
      if (created && batch.state === 'publishing') {
        // The pull requests open in the background; the client follows GET /requests/bulk/:id.
        publisher
          .publishBatch(batch.id)
          .catch(error =>
            logger.warn(
              `Publishing bulk request ${batch.id} failed, the resume task retries: ${error}`,
            ),
          );
      }
      await auditorEvent.success({
        meta: {
          batchId: batch.id,
          created,
          stored: valid.length,
          rejected: rejected.length,
        },
      });
      res.status(created ? 202 : 200).json(batch);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/requests/bulk/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    if (!ID_PATTERN.test(req.params.id))
      throw new InputError('id: must be a bulk request id');
    const batch = await bulk.get(req.params.id);
    // Someone else's batch is "not found" unless the caller may read every team in it.
    const readable =
      batch &&
      (batch.createdBy === credentials.principal.userEntityRef ||
        (batch.teams.length > 0 &&
          (
            await Promise.all(
              batch.teams.map(t =>
                options.mayRead(credentials, t.team, batch.createdBy),
              ),
            )
          ).every(Boolean)));
    if (!batch || !readable)
      throw new NotFoundError(`bulk request ${req.params.id} not found`);
    res.json(batch);
  });

  return router;
}

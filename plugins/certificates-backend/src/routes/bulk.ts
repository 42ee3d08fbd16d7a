import { InputError } from '@backstage/errors';
import {
  BulkPreview,
  CertificateBatch,
  MAX_BULK_ROWS,
  problemsToError,
} from '@internal/plugin-certificates-common';
import { z } from 'zod';
import {
  audited,
  flag,
  idempotencyKey,
  pathParam,
  readableOr404,
} from '../http';
import { bulkPreview, rowProblems, validateBulkRows } from '../services/Bulk';
import { newCertificatesByTeam } from '../services/IssuanceBudget';
import { RouteContext, RouteModule, userOf } from './context';

type Answer = BulkPreview | CertificateBatch;

/** 1,000 rows of a few hundred bytes each, with room for justifications. */
export const BULK_BODY_LIMIT = '2mb';

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

function parseBulkBody(body: unknown) {
  const parsed = bulkBody.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new InputError(
    parsed.error.issues
      .flatMap(i =>
        i.code === 'unrecognized_keys'
          ? i.keys.map(k => `${k}: is not a known field`)
          : [`${i.path.join('.') || '(body)'}: ${i.message}`],
      )
      .join('\n'),
  );
}

/**
 * Bulk requests: `POST /requests/bulk` validates every row (all problems at
 * once, `rows[<n>].<field>: ...`), stores the batch and opens one pull
 * request per team in the background; `GET /requests/bulk/:id` reports
 * per-team progress. Its body may be up to {@link BULK_BODY_LIMIT}.
 */
export function bulkRoutes(
  ctx: Pick<
    RouteContext,
    | 'logger'
    | 'httpAuth'
    | 'auditor'
    | 'platform'
    | 'bulk'
    | 'bulkPublisher'
    | 'assertMayWrite'
    | 'access'
    | 'issuance'
  >,
): RouteModule {
  const { httpAuth, auditor, platform, bulk, bulkPublisher, logger } = ctx;
  const { issuance } = ctx;

  return router => {
    router.post('/requests/bulk', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      const actor = credentials.principal.userEntityRef;
      const answer = await audited(
        auditor,
        req,
        {
          eventId: 'certificate-request-bulk-create',
          severityLevel: 'medium',
          meta: {
            rows: Array.isArray(req.body?.rows)
              ? req.body.rows.length
              : undefined,
          },
          resultMeta: r => r.meta,
        },
        async () => {
          const key = idempotencyKey(req);
          const partial = flag(req, 'partial');
          const dryRun = flag(req, 'dryRun');
          const { rows } = parseBulkBody(req.body);
          const { valid, rejected } = await validateBulkRows({
            rows,
            platform,
            assertMember: team => ctx.assertMayWrite(credentials, team),
            holders: names => bulk.holders(names),
          });
          if (dryRun)
            return {
              status: 200,
              body: bulkPreview(valid, rejected, platform, actor) as Answer,
              meta: { dryRun: true },
            };
          if (rejected.length > 0 && (!partial || valid.length === 0))
            throw problemsToError(rowProblems(rejected));
          const wanted = newCertificatesByTeam(valid);
          for (const [team, certificates] of wanted)
            await issuance.assertNewCertificates(team, certificates);
          const { batch, created } = await bulk.create({
            actor,
            idempotencyKey: key,
            rows: valid,
            rejected,
          });
          if (created)
            for (const [team, certificates] of wanted)
              await issuance.recordNewCertificates(team, certificates);
          if (created && batch.state === 'publishing') {
            // The pull requests open in the background; the client follows GET /requests/bulk/:id.
            bulkPublisher
              .publishBatch(batch.id)
              .catch(error =>
                logger.warn(
                  `Publishing bulk request ${batch.id} failed, the resume task retries: ${error}`,
                ),
              );
          }
          return {
            status: created ? 202 : 200,
            body: batch as Answer,
            meta: {
              batchId: batch.id,
              created,
              stored: valid.length,
              rejected: rejected.length,
            },
          };
        },
      );
      res.status(answer.status).json(answer.body);
    });

    router.get('/requests/bulk/:id', async (req, res) => {
      const credentials = await userOf(httpAuth, req);
      const id = pathParam(req, 'batchId', 'id');
      // Someone else's batch is "not found" unless the caller may read every team in it.
      const batch = await readableOr404(
        await bulk.get(id),
        async b =>
          b.createdBy === credentials.principal.userEntityRef ||
          (b.teams.length > 0 &&
            (
              await Promise.all(
                b.teams.map(t =>
                  ctx.access.allowed(credentials, 'read', t.team, b.createdBy),
                ),
              )
            ).every(Boolean)),
        `bulk request ${id} not found`,
      );
      res.json(batch);
    });
  };
}

import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CertificateBatch,
  CertificateRequestInput,
  CertificatesClient,
  MAX_BULK_ROWS,
  parseBulkCsv,
} from '@internal/plugin-certificates-common';
import { idempotencyKeyFor } from './requestCreate';
import {
  appBaseUrlOf,
  CertificatesActionOptions,
  taskError,
} from './backendCall';
import { examples } from './requestsBulk.examples';

export const REQUESTS_BULK_ACTION_ID = 'certificates:requests:bulk';
const CHECKPOINT_KEY = 'certificates-requests-bulk';

/** The rows of the input: `rows` as given, or `csv` parsed as the bulk page parses it. */
export function bulkRows(input: {
  rows?: Array<Record<string, unknown>>;
  csv?: string;
}): CertificateRequestInput[] {
  if (input.rows && input.csv)
    throw new InputError('rows: give either rows or csv, not both');
  if (input.rows) return input.rows as CertificateRequestInput[];
  if (input.csv === undefined) throw new InputError('rows: give rows or csv');
  const parsed = parseBulkCsv(input.csv);
  if (!parsed.ok)
    throw new InputError(
      parsed.problems.map(p => `${p.field}: ${p.message}`).join('\n'),
    );
  return parsed.rows;
}

/**
 * Requests many certificates at once as the user who runs the task: the
 * backend validates every row as it validates one request, stores the
 * batch and opens one pull request per team. The step waits (up to
 * `waitSeconds`) for the pull requests and outputs them; a retried task
 * never stores the batch twice.
 */
export function createBulkRequestsAction(
  options: CertificatesActionOptions & {
    /** Milliseconds between progress reads (tests use less). */
    pollIntervalMs?: number;
  },
) {
  const { auth, discovery, config } = options;
  const client = new CertificatesClient({ discoveryApi: discovery });
  const appBaseUrl = appBaseUrlOf(config);
  const pollMs = options.pollIntervalMs ?? 2000;

  return createTemplateAction({
    id: REQUESTS_BULK_ACTION_ID,
    description:
      'Requests many TLS certificates at once as the user who runs the task: every row is validated like a single request (all problems reported with their row), the batch is stored and one pull request per team is opened on the GitOps repository.',
    examples,
    schema: {
      input: {
        rows: z =>
          z
            .array(z.record(z.unknown()), {
              description: `Certificate requests (team, domain, subdomain, issuer, ...), at most ${MAX_BULK_ROWS}`,
            })
            .optional(),
        csv: z =>
          z
            .string({
              description:
                'Instead of rows: CSV with a header row, columns team, zone, subdomain, issuer and optional wildcard, additionalNames, keyAlgorithm, name, justification',
            })
            .optional(),
        partial: z =>
          z
            .boolean({
              description:
                'Store the valid rows and report the others instead of storing nothing',
            })
            .optional(),
        waitSeconds: z =>
          z
            .number({
              description:
                'How long to wait for the pull requests (default 120); the backend keeps opening them afterwards',
            })
            .min(0)
            .max(1800)
            .optional(),
      },
      output: {
        batchId: z => z.string({ description: 'Id of the bulk request' }),
        state: z =>
          z.string({
            description: 'publishing while a team is still queued, then done',
          }),
        pullRequests: z =>
          z.array(
            z.object({
              team: z.string(),
              state: z.string(),
              url: z.string().optional(),
              error: z.string().optional(),
            }),
            { description: 'One entry per team' },
          ),
        rejectedRows: z =>
          z.array(z.number(), {
            description: 'Rows left out (with partial: true)',
          }),
        statusUrl: z =>
          z.string({ description: 'Page of the bulk request in Backstage' }),
      },
    },
    async handler(ctx) {
      const rows = bulkRows(ctx.input);
      const token = async () => {
        const { token: t } = await auth.getPluginRequestToken({
          onBehalfOf: await ctx.getInitiatorCredentials(),
          targetPluginId: 'certificates',
        });
        return t;
      };
      const batchId = await ctx.checkpoint<string>({
        key: CHECKPOINT_KEY,
        fn: async () => {
          const batch = await client
            .createBulkRequest(rows, {
              token: await token(),
              signal: ctx.signal,
              partial: ctx.input.partial,
              idempotencyKey: idempotencyKeyFor(ctx.task.id, ctx.step?.id, {
                rows,
                partial: !!ctx.input.partial,
              }),
            })
            .catch(error => {
              throw taskError(error);
            });
          return batch.id;
        },
      });

      let batch: CertificateBatch = await client.getBulkRequest(batchId, {
        token: await token(),
      });
      const deadline = Date.now() + (ctx.input.waitSeconds ?? 120) * 1000;
      while (batch.state !== 'done' && Date.now() < deadline) {
        ctx.logger.info(
          `Bulk request ${batchId}: ${batch.progress.opened} opened, ${batch.progress.failed} failed, ${batch.progress.queued} queued`,
        );
        await new Promise(resolve => setTimeout(resolve, pollMs));
        batch = await client.getBulkRequest(batchId, { token: await token() });
      }
      for (const team of batch.teams) {
        if (team.state === 'failed')
          ctx.logger.error(`Team ${team.team}: ${team.error}`);
        else if (team.pullRequest)
          ctx.logger.info(`Team ${team.team}: ${team.pullRequest.url}`);
      }
      const failed = batch.teams.filter(t => t.state === 'failed');
      if (failed.length > 0)
        throw new Error(
          `bulk request ${batchId}: the pull requests of ${failed
            .map(t => t.team)
            .join(', ')} could not be opened: ${failed[0].error}`,
        );
      ctx.output('batchId', batchId);
      ctx.output('state', batch.state);
      ctx.output(
        'pullRequests',
        batch.teams.map(t => ({
          team: t.team,
          state: t.state,
          ...(t.pullRequest ? { url: t.pullRequest.url } : {}),
          ...(t.error ? { error: t.error } : {}),
        })),
      );
      ctx.output(
        'rejectedRows',
        batch.rows.filter(r => r.outcome === 'rejected').map(r => r.row),
      );
      ctx.output(
        'statusUrl',
        `${appBaseUrl}/certificates/bulk?batch=${encodeURIComponent(batchId)}`,
      );
    },
  });
}

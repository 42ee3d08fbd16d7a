import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  fnv1a32,
  KEY_ALGORITHMS,
  CertificateRequestInput,
  CertificatesClient,
} from '@internal/plugin-certificates-common';
import { examples } from './requestCreate.examples';
import {
  appBaseUrlOf,
  CertificatesActionOptions,
  assertPublished,
  callAsInitiator,
  requestStatusUrl,
} from './backendCall';

export const REQUEST_CREATE_ACTION_ID = 'certificates:request:create';
export const REQUEST_CREATE_CHECKPOINT_KEY = 'certificates-request-create';

/** What the checkpoint stores: enough to set the outputs again on a retried task. */
type CreatedRequest = {
  requestId: string;
  state: string;
  certificateName: string;
  names: string[];
  pullRequestUrl: string | null;
};

/**
 * Idempotency-Key of the request: the task, the step and the body. The same
 * task retried sends the same key, so the backend returns the stored request
 * instead of opening a second pull request; a step run with `each` sends
 * one key per distinct body. Always 1-255 visible ASCII characters.
 */
export function idempotencyKeyFor(
  taskId: string,
  stepId: string | undefined,
  body: unknown,
): string {
  const visible = (value: string) => value.replace(/[^\x21-\x7e]/g, '_');
  const key = `scaffolder:${visible(taskId)}:${visible(
    stepId ?? 'step',
  )}:${fnv1a32(JSON.stringify(body))}`;
  return key.length <= 255
    ? key
    : `scaffolder:${fnv1a32(key)}:${fnv1a32(JSON.stringify(body))}`;
}

/**
 * Requests a certificate through the certificates backend, as the user who
 * started the task: the same validation, membership check and errors as the
 * certificates page, and one pull request on the GitOps repository.
 */
export function createRequestCertificateAction(
  options: CertificatesActionOptions,
) {
  const { auth, discovery, config } = options;
  const client = new CertificatesClient({ discoveryApi: discovery });
  const appBaseUrl = appBaseUrlOf(config);

  return createTemplateAction({
    id: REQUEST_CREATE_ACTION_ID,
    description:
      'Requests a TLS certificate as the user who runs the task: the certificates backend validates it (same rules and errors as the certificates page), stores it and opens one pull request on the GitOps repository. A retried task never opens a second pull request.',
    examples,
    schema: {
      input: {
        team: z =>
          z.string({
            description:
              'Team that owns the certificate (its namespace); the user must be a member of its Group',
          }),
        domain: z =>
          z.string({
            description: 'One of the platform zones, e.g. example.com',
          }),
        subdomain: z =>
          z
            .string({
              description:
                'Labels left of the domain, e.g. shop.team-a; empty or absent for the apex',
            })
            .optional(),
        wildcard: z =>
          z
            .boolean({
              description:
                'Request *.<subdomain>.<domain> instead of the name itself',
            })
            .optional(),
        issuer: z =>
          z.string({
            description: 'ClusterIssuer name, e.g. letsencrypt-staging',
          }),
        additionalNames: z =>
          z
            .array(z.string(), {
              description:
                'More DNS names on the same certificate; same ownership rules',
            })
            .optional(),
        keyAlgorithm: z =>
          z
            .enum(KEY_ALGORITHMS, {
              description: 'Private key algorithm; default ECDSA-P256',
            })
            .optional(),
        name: z =>
          z
            .string({
              description:
                'Certificate name; derived from the DNS name when absent',
            })
            .optional(),
        justification: z =>
          z
            .string({
              description:
                'Why the certificate is needed; shown in the pull request',
            })
            .optional(),
      },
      output: {
        requestId: z =>
          z.string({ description: 'Id of the stored certificate request' }),
        pullRequestUrl: z =>
          z
            .string({
              description:
                'URL of the pull request on the GitOps repository; absent while the backend still retries opening it',
            })
            .optional(),
        names: z =>
          z.array(z.string(), { description: 'DNS names of the certificate' }),
        certificateName: z =>
          z.string({ description: 'Kubernetes name of the Certificate' }),
        state: z =>
          z.string({
            description:
              'State of the request: pending, pr-open, merged, closed or failed',
          }),
        statusUrl: z =>
          z.string({ description: 'Page of the request in Backstage' }),
      },
    },
    async handler(ctx) {
      // Only what was given: the backend's schema is strict and applies the defaults itself.
      // The backend validates it strictly; unknown or malformed fields come back as a 400 naming them.
      const body = Object.fromEntries(
        Object.entries({
          team: ctx.input.team,
          domain: ctx.input.domain,
          subdomain: ctx.input.subdomain,
          wildcard: ctx.input.wildcard,
          issuer: ctx.input.issuer,
          additionalNames: ctx.input.additionalNames?.length
            ? ctx.input.additionalNames
            : undefined,
          keyAlgorithm: ctx.input.keyAlgorithm,
          name: ctx.input.name || undefined,
          justification: ctx.input.justification || undefined,
        }).filter(([, value]) => value !== undefined && value !== null),
      ) as CertificateRequestInput;
      const idempotencyKey = idempotencyKeyFor(ctx.task.id, ctx.step?.id, body);
      const checkpointKey = ctx.each
        ? `${REQUEST_CREATE_CHECKPOINT_KEY}-${fnv1a32(JSON.stringify(body))}`
        : REQUEST_CREATE_CHECKPOINT_KEY;

      const result = await ctx.checkpoint<CreatedRequest>({
        key: checkpointKey,
        fn: async () => {
          const record = await callAsInitiator(auth, ctx, token =>
            client.createRequest(body, {
              token,
              idempotencyKey,
              signal: ctx.signal,
            }),
          );
          assertPublished('certificate', record);
          return {
            requestId: record.id,
            state: record.state,
            certificateName: record.certificateName,
            names: record.names,
            pullRequestUrl: record.pullRequest?.url ?? null,
          };
        },
      });

      const statusUrl = requestStatusUrl(appBaseUrl, result.requestId);
      if (result.pullRequestUrl) {
        ctx.logger.info(
          `Request ${result.requestId} (${
            result.state
          }) for ${result.names.join(', ')}: ${result.pullRequestUrl}`,
        );
        ctx.output('pullRequestUrl', result.pullRequestUrl);
      } else {
        ctx.logger.warn(
          `Request ${result.requestId} is stored; its pull request is not open yet and will be retried by the certificates backend. Follow it on ${statusUrl}`,
        );
      }
      ctx.output('requestId', result.requestId);
      ctx.output('names', result.names);
      ctx.output('certificateName', result.certificateName);
      ctx.output('state', result.state);
      ctx.output('statusUrl', statusUrl);
    },
  });
}

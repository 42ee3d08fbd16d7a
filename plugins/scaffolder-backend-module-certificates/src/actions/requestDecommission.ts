import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { CertificatesClient } from '@internal/plugin-certificates-common';
import { examples } from './requestDecommission.examples';
import {
  appBaseUrlOf,
  CertificatesActionOptions,
  assertPublished,
  callAsInitiator,
  requestStatusUrl,
} from './backendCall';

export const REQUEST_DECOMMISSION_ACTION_ID =
  'certificates:request:decommission';

/** What the checkpoint stores: enough to set the outputs again on a retried task. */
type Decommission = {
  requestId: string;
  state: string;
  pullRequestUrl: string | null;
  changed: boolean;
};

/**
 * Decommissions a certificate through the certificates backend, as the user
 * who started the task: the backend checks membership, refuses a pending
 * request (409) or an unknown certificate (404), and answers a repeat with
 * the decommission already open, so a retried task opens no second pull
 * request.
 */
export function createDecommissionCertificateAction(
  options: CertificatesActionOptions,
) {
  const { auth, discovery, config } = options;
  const client = new CertificatesClient({ discoveryApi: discovery });
  const appBaseUrl = appBaseUrlOf(config);

  return createTemplateAction({
    id: REQUEST_DECOMMISSION_ACTION_ID,
    description:
      'Opens the pull request that removes a certificate (its Certificate and PushSecret; External Secrets then deletes the Vault copy), as the user who runs the task. A repeated or retried call returns the decommission already open.',
    examples,
    schema: {
      input: {
        team: z =>
          z.string({
            description:
              'Team that owns the certificate; the user must be a member of its Group',
          }),
        certificateName: z =>
          z.string({
            description:
              'Kubernetes name of the Certificate, e.g. shop-team-a-example-com',
          }),
      },
      output: {
        requestId: z =>
          z.string({ description: 'Id of the decommission request' }),
        pullRequestUrl: z =>
          z
            .string({
              description:
                'URL of the decommission pull request; absent while the backend still retries opening it',
            })
            .optional(),
        state: z =>
          z.string({
            description:
              'State of the decommission request: pending, pr-open or merged',
          }),
        changed: z =>
          z.boolean({
            description:
              'False when the decommission was already requested (nothing new was opened)',
          }),
        statusUrl: z =>
          z.string({ description: 'Page of the request in Backstage' }),
      },
    },
    async handler(ctx) {
      const { team, certificateName } = ctx.input;
      const result = await ctx.checkpoint<Decommission>({
        key: `certificates-request-decommission-${team}-${certificateName}`,
        fn: async () => {
          const answer = await callAsInitiator(auth, ctx, token =>
            client.decommissionCertificate(team, certificateName, {
              token,
              signal: ctx.signal,
            }),
          );
          assertPublished('decommission', answer);
          return {
            requestId: answer.id,
            state: answer.state,
            pullRequestUrl: answer.pullRequest?.url ?? null,
            changed: answer.changed,
          };
        },
      });
      const statusUrl = requestStatusUrl(appBaseUrl, result.requestId);
      if (result.pullRequestUrl) {
        ctx.output('pullRequestUrl', result.pullRequestUrl);
        ctx.logger.info(
          `Decommission of ${team}/${certificateName}: ${result.pullRequestUrl}`,
        );
      }
      ctx.output('requestId', result.requestId);
      ctx.output('state', result.state);
      ctx.output('changed', result.changed);
      ctx.output('statusUrl', statusUrl);
    },
  });
}

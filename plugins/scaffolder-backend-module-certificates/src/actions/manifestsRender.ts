import {
  AuthService,
  DiscoveryService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CertificateRequestInput,
  CertificatesClient,
  KEY_ALGORITHMS,
  parseCertificateRequest,
  problemsToError,
  PlatformModel,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './manifestsRender.examples';
import { taskError } from './backendCall';

/**
 * Writes the manifests of a certificate request into the task workspace.
 * The files come from the certificates backend's `/preview`, called as the
 * user who started the task: the same permission, validation and team
 * membership checks as the request API (a user who is not in the team's
 * Group gets the same 403), and the same renderer. The request is parsed
 * and resolved here first only to fail fast, with the same field errors,
 * before any call.
 */
export function createRenderManifestsAction(options: {
  platform: PlatformModel;
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const client = new CertificatesClient({ discoveryApi: options.discovery });
  return createTemplateAction({
    id: 'certificates:manifests:render',
    description:
      'Renders the GitOps files of a certificate request (tenant bundle and certificate) into the workspace, for teams that publish with their own actions.',
    examples,
    schema: {
      input: {
        team: z =>
          z.string({
            description: 'Team that owns the certificate; also its namespace',
          }),
        domain: z =>
          z.string({
            description: 'One of the platform zones, e.g. example.com',
          }),
        subdomain: z =>
          z
            .string({
              description: 'Labels left of the domain; empty for the apex',
            })
            .optional(),
        wildcard: z =>
          z
            .boolean({ description: 'Request *.<subdomain>.<domain>' })
            .optional(),
        issuer: z =>
          z.string({
            description: 'ClusterIssuer name, e.g. letsencrypt-staging',
          }),
        additionalNames: z =>
          z
            .array(z.string(), {
              description: 'More DNS names, same ownership rules',
            })
            .optional(),
        keyAlgorithm: z =>
          z
            .enum(KEY_ALGORITHMS, { description: 'Private key algorithm' })
            .optional(),
        name: z =>
          z
            .string({
              description:
                'Certificate name; derived from the DNS name when absent',
            })
            .optional(),
        justification: z =>
          z.string({ description: 'Why the certificate is needed' }).optional(),
        targetPath: z =>
          z
            .string({
              description:
                'Folder in the workspace to write into; default the workspace root',
            })
            .optional(),
      },
      output: {
        files: z =>
          z.array(z.string(), {
            description: 'Paths written, relative to targetPath',
          }),
        certificateName: z =>
          z.string({ description: 'Kubernetes name of the Certificate' }),
        names: z =>
          z.array(z.string(), { description: 'DNS names of the certificate' }),
      },
    },
    async handler(ctx) {
      const { targetPath, ...request } = ctx.input;
      const parsed = parsedInput(request);
      const resolved = resolveCertificateRequest(
        parsed.parsed,
        options.platform,
      );
      if (!resolved.ok) throw problemsToError(resolved.problems);
      const credentials = await ctx.getInitiatorCredentials();
      const { token } = await options.auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'certificates',
      });
      const files = await client
        .preview(parsed.input, { token, signal: ctx.signal })
        .catch(error => {
          throw taskError(error);
        });
      const root = resolveSafeChildPath(ctx.workspacePath, targetPath ?? '.');
      for (const file of files) {
        const destination = resolveSafeChildPath(root, file.path);
        await fs.mkdir(path.dirname(destination), { recursive: true });
        await fs.writeFile(destination, file.content);
      }
      ctx.logger.info(
        `Wrote ${files.length} files for ${resolved.resolved.names.join(', ')}`,
      );
      ctx.output(
        'files',
        files.map(f => f.path),
      );
      ctx.output('certificateName', resolved.resolved.certificateName);
      ctx.output('names', resolved.resolved.names);
    },
  });
}

/** The request as given (no defaults added; the backend applies them) and parsed, or the field errors. */
function parsedInput(request: Record<string, unknown>) {
  const input = Object.fromEntries(
    Object.entries(request).filter(([, v]) => v !== undefined),
  );
  const parsed = parseCertificateRequest(input);
  if (!parsed.ok) throw problemsToError(parsed.problems);
  return { input: input as CertificateRequestInput, parsed: parsed.request };
}

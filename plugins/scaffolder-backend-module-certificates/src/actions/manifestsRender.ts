import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KEY_ALGORITHMS,
  parseCertificateRequest,
  problemsToError,
  PlatformModel,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '@internal/plugin-certificates-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { examples } from './manifestsRender.examples';

/** Writes the manifests of a certificate request into the task workspace. */
export function createRenderManifestsAction(options: {
  platform: PlatformModel;
}) {
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
      const parsed = parseCertificateRequest(request);
      if (!parsed.ok) throw problemsToError(parsed.problems);
      const resolved = resolveCertificateRequest(
        parsed.request,
        options.platform,
      );
      if (!resolved.ok) throw problemsToError(resolved.problems);
      const files = renderRequestFiles(resolved.resolved, options.platform);
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

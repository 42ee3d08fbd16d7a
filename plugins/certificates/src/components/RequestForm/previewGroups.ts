import { RenderedFile } from '@internal/plugin-certificates-common';

/** What a group of the pull request's files is, in the order the preview shows them. */
export type PreviewGroupKey = 'certificate' | 'tenant' | 'policies';

export const PREVIEW_GROUPS: Record<
  PreviewGroupKey,
  { title: string; description: string }
> = {
  certificate: {
    title: "The team's certificate",
    description:
      'The cert-manager Certificate and what copies it to Vault, in the team folder',
  },
  tenant: {
    title: 'Platform-owned tenant files',
    description:
      "The team's namespace, quota, Argo CD project and secret store (created with its first certificate)",
  },
  policies: {
    title: 'Policies and access',
    description:
      'RBAC, network policies, Vault policies and admission policies for the team',
  },
};

const POLICY_PATH = /(^|\/)(rbac|network-policies|policies|admission|vault)\//;

function groupOf(path: string): PreviewGroupKey {
  if (path.startsWith('tenants/')) return 'certificate';
  return POLICY_PATH.test(path) ? 'policies' : 'tenant';
}

/** The Certificate's own file first, then the rest by path. */
function filesOrder(a: RenderedFile, b: RenderedFile): number {
  const certA = a.path.endsWith('/certificate.yaml') ? 0 : 1;
  const certB = b.path.endsWith('/certificate.yaml') ? 0 : 1;
  return certA - certB || a.path.localeCompare(b.path);
}

/** The files by what they are: the tenant's certificate first, then the platform's tenant files, then policies. */
export function groupPreview(
  files: RenderedFile[],
): Array<{ key: PreviewGroupKey; files: RenderedFile[] }> {
  return (Object.keys(PREVIEW_GROUPS) as PreviewGroupKey[])
    .map(key => ({
      key,
      files: files.filter(f => groupOf(f.path) === key).sort(filesOrder),
    }))
    .filter(g => g.files.length > 0);
}

/**
 * The kinds the simulator serves, as the real API servers name them. Core
 * kinds have an empty group (served under /api/v1).
 */
export type ResourceType = {
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  /** Served with a `status` subresource (PATCH …/status). */
  status: boolean;
  shortNames?: string[];
};

const t = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  extra: Partial<ResourceType> = {},
): ResourceType => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced: true,
  status: true,
  ...extra,
});

export const RESOURCES = {
  certificates: t('cert-manager.io', 'v1', 'Certificate', 'certificates', {
    shortNames: ['cert', 'certs'],
  }),
  certificaterequests: t(
    'cert-manager.io',
    'v1',
    'CertificateRequest',
    'certificaterequests',
    { shortNames: ['cr', 'crs'] },
  ),
  clusterissuers: t(
    'cert-manager.io',
    'v1',
    'ClusterIssuer',
    'clusterissuers',
    {
      namespaced: false,
    },
  ),
  orders: t('acme.cert-manager.io', 'v1', 'Order', 'orders'),
  challenges: t('acme.cert-manager.io', 'v1', 'Challenge', 'challenges'),
  pushsecrets: t(
    'external-secrets.io',
    'v1alpha1',
    'PushSecret',
    'pushsecrets',
  ),
  applications: t('argoproj.io', 'v1alpha1', 'Application', 'applications', {
    shortNames: ['app', 'apps'],
  }),
  secrets: t('', 'v1', 'Secret', 'secrets', { status: false }),
  namespaces: t('', 'v1', 'Namespace', 'namespaces', { namespaced: false }),
  events: t('', 'v1', 'Event', 'events', { status: false, shortNames: ['ev'] }),
} satisfies Record<string, ResourceType>;

export type Plural = keyof typeof RESOURCES;

export const apiVersionOf = (r: ResourceType) =>
  r.group ? `${r.group}/${r.version}` : r.version;

/** The resource served at `group/version/plural`, if any. */
export function resourceAt(
  group: string,
  version: string,
  plural: string,
): ResourceType | undefined {
  const r = (RESOURCES as Record<string, ResourceType>)[plural];
  return r && r.group === group && r.version === version ? r : undefined;
}

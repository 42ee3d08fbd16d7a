/**
 * The kinds the status reads and which of their spec fields it keeps: the
 * one place to change when a CRD version moves.
 */

export const TEAM_LABEL = 'certificates.backstage.io/team';

/** One kind the status reads, as `group/version` and plural. */
export type KindRef = {
  group: string;
  version: string;
  plural: string;
  kind: string;
};

export const KINDS = {
  certificates: {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificates',
    kind: 'Certificate',
  },
  certificateRequests: {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'certificaterequests',
    kind: 'CertificateRequest',
  },
  orders: {
    group: 'acme.cert-manager.io',
    version: 'v1',
    plural: 'orders',
    kind: 'Order',
  },
  challenges: {
    group: 'acme.cert-manager.io',
    version: 'v1',
    plural: 'challenges',
    kind: 'Challenge',
  },
  pushSecrets: {
    group: 'external-secrets.io',
    version: 'v1alpha1',
    plural: 'pushsecrets',
    kind: 'PushSecret',
  },
  clusterIssuers: {
    group: 'cert-manager.io',
    version: 'v1',
    plural: 'clusterissuers',
    kind: 'ClusterIssuer',
  },
  applications: {
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'applications',
    kind: 'Application',
  },
} satisfies Record<string, KindRef>;

/** The spec fields kept per kind; the rest of a spec is dropped from the cache. */
export const SPEC_KEYS: Record<keyof typeof KINDS, string[]> = {
  certificates: [
    'secretName',
    'dnsNames',
    'issuerRef',
    'duration',
    'renewBefore',
  ],
  certificateRequests: ['issuerRef', 'duration', 'username'],
  orders: ['issuerRef', 'dnsNames', 'commonName'],
  challenges: ['type', 'dnsName', 'wildcard', 'url', 'issuerRef', 'token'],
  pushSecrets: [
    'refreshInterval',
    'secretStoreRefs',
    'selector',
    'updatePolicy',
  ],
  clusterIssuers: [],
  applications: ['project', 'destination', 'source'],
};

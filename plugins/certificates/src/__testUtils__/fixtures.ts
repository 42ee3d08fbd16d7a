import {
  CERTIFICATE_STATUS_STEPS,
  CertificateOptions,
  CertificateStatusDetails,
  CertificateStatusStepKey,
  CertificateStatusSummary,
  StoredCertificateRequest,
  TeamCertificatesStatus,
} from '@internal/plugin-certificates-common';
import { CertificatesApi } from '../api';

const DAY = 24 * 60 * 60 * 1000;

export const options: CertificateOptions = {
  teams: [
    {
      name: 'team-a',
      group: 'group:default/team-a',
      domains: [
        {
          domain: 'example.com',
          allowIdn: false,
          grants: [{ base: 'example.com', kind: 'subtree', wildcard: true }],
        },
      ],
    },
  ],
  issuers: [
    {
      name: 'letsencrypt-staging',
      description: 'Untrusted test certificates',
      staging: true,
    },
    {
      name: 'letsencrypt-prod',
      description: 'Trusted certificates',
      staging: false,
    },
  ],
  keyAlgorithms: ['ECDSA-P256'],
  gitopsTarget: 'local',
};

export function storedRequest(
  overrides: Partial<StoredCertificateRequest> = {},
): StoredCertificateRequest {
  return {
    id: 'req-1',
    state: 'pr-open',
    team: 'team-a',
    certificateName: 'shop-example-com',
    names: ['shop.example.com'],
    issuer: 'letsencrypt-staging',
    keyAlgorithm: 'ECDSA-P256',
    createdAt: '2025-01-01T10:00:00Z',
    createdBy: 'user:default/guest',
    updatedAt: '2025-01-01T10:00:00Z',
    pullRequest: {
      url: 'https://git.example.com/pr/1',
      number: 1,
      branch: 'cert/shop',
      state: 'open',
    },
    ...overrides,
  };
}

function overallState(failIndex: number, progressIndex: number) {
  if (failIndex >= 0) return 'failed' as const;
  if (progressIndex >= 0) return 'in-progress' as const;
  return 'done' as const;
}

/** A fully done certificate expiring in `days` days (unless overridden). */
export function summary(
  opts: {
    name?: string;
    names?: string[];
    issuer?: string;
    days?: number;
    vault?: 'in sync' | 'stale' | 'not pushed';
    failAt?: CertificateStatusStepKey;
    inProgressAt?: CertificateStatusStepKey;
  } = {},
): CertificateStatusSummary {
  const name = opts.name ?? 'shop-example-com';
  const now = Date.now();
  const notAfter = new Date(
    now + (opts.days ?? 60) * DAY + 60 * 60 * 1000,
  ).toISOString();
  const failIndex = opts.failAt
    ? CERTIFICATE_STATUS_STEPS.indexOf(opts.failAt)
    : -1;
  const progressIndex = opts.inProgressAt
    ? CERTIFICATE_STATUS_STEPS.indexOf(opts.inProgressAt)
    : -1;
  const stopAt = failIndex >= 0 ? failIndex : progressIndex;
  const stateOf = (key: CertificateStatusStepKey) => {
    const i = CERTIFICATE_STATUS_STEPS.indexOf(key);
    if (stopAt < 0 || i < stopAt) return 'done' as const;
    if (i === stopAt)
      return failIndex >= 0 ? ('failed' as const) : ('in-progress' as const);
    return 'pending' as const;
  };
  const reason = opts.failAt
    ? {
        source: `${opts.failAt} source`,
        reason: 'Failed',
        message: `${opts.failAt} broke: exact upstream reason`,
      }
    : undefined;
  const step = (key: CertificateStatusStepKey) => ({
    key,
    state: stateOf(key),
    time: '2025-01-01T10:00:00Z',
    message: `${key} message`,
    ...(key === opts.failAt ? { reason } : {}),
  });
  const vault = opts.vault ?? 'in sync';
  return {
    team: 'team-a',
    certificateName: name,
    names: opts.names ?? ['shop.example.com'],
    namespace: 'team-a',
    cluster: 'dev',
    source: 'both',
    state: overallState(failIndex, progressIndex),
    ...(opts.failAt
      ? { failure: { step: opts.failAt, reason, message: reason!.message } }
      : {}),
    steps: {
      requested: {
        ...step('requested'),
        requestId: 'req-1',
        requestState: 'merged',
        by: 'user:default/guest',
      },
      pullRequest: {
        ...step('pullRequest'),
        pullRequest: {
          number: 7,
          url: 'https://git.example.com/pr/7',
          state: 'merged',
        },
      },
      synced: {
        ...step('synced'),
        sync: { application: 'team-a-certs', cluster: 'dev' },
      },
      acme: {
        ...step('acme'),
        acme: {
          issuer: opts.issuer ?? 'letsencrypt-staging',
          issuerReady: true,
          order: 'shop-1-2',
          challenges: [],
        },
      },
      issued: {
        ...step('issued'),
        issued: {
          ready: true,
          notAfter,
          renewalTime: '2030-02-01T00:00:00Z',
          revision: 1,
        },
      },
      vault: {
        ...step('vault'),
        vault:
          vault === 'not pushed'
            ? undefined
            : {
                pushSecretReady: true,
                path: `kv/certs/team-a/${name}`,
                currentVersion: 3,
                updatedTime: '2025-01-02T10:00:00Z',
                stale: vault === 'stale',
              },
      },
      renewal: {
        ...step('renewal'),
        renewal: { renewalTime: '2030-02-01T00:00:00Z' },
      },
    },
  };
}

export function details(
  base: CertificateStatusSummary = summary(),
): CertificateStatusDetails {
  return {
    ...base,
    observedAt: '2025-01-03T10:00:00Z',
    clusters: [{ name: 'dev', ok: true }],
    details: {
      certificateRequests: [
        {
          kind: 'CertificateRequest',
          metadata: { name: 'shop-example-com-1', namespace: 'team-a' },
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'Issued' }],
          },
        },
      ],
      order: {
        kind: 'Order',
        metadata: { name: 'shop-example-com-1-123' },
        status: { state: 'valid' },
      },
      challenges: [
        {
          kind: 'Challenge',
          metadata: { name: 'shop-example-com-1-123-456' },
          status: { state: 'valid' },
        },
      ],
      events: [
        {
          type: 'Normal',
          reason: 'Issuing',
          message: 'The certificate has been successfully issued',
          involvedObject: { kind: 'Certificate', name: 'shop-example-com' },
        },
      ],
    },
  };
}

export function teamStatus(
  items: CertificateStatusSummary[],
): TeamCertificatesStatus {
  return {
    team: 'team-a',
    observedAt: '2025-01-03T10:00:00Z',
    clusters: [{ name: 'dev', ok: true }],
    items,
  };
}

/** A certificates API whose platform bundle misses one file and whose platform pull request is #7. */
export function platformApi(): Partial<CertificatesApi> {
  return {
    getPlatformStatus: jest.fn().mockResolvedValue({
      upToDate: false,
      missing: ['platform/cluster-issuers.yaml'],
      outdated: [],
    }),
    bootstrapPlatform: jest.fn().mockResolvedValue({
      pullRequest: {
        url: 'https://git.example/pr/7',
        number: 7,
        branch: 'certificates/platform',
        state: 'open',
      },
    }),
  };
}

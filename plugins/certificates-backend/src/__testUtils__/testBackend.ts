import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Knex } from 'knex';
import { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { certificatesPlugin } from '../plugin';

/** The platform the API tests run against: two teams, two zones, explicit grants. */
export function testCertificatesConfig(gitopsDir: string) {
  return {
    gitops: { target: 'local', baseBranch: 'main', local: { path: gitopsDir } },
    issuers: [
      {
        name: 'letsencrypt-staging',
        server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
        email: 'p@example.com',
        staging: true,
      },
      {
        name: 'letsencrypt-prod',
        server: 'https://acme-v02.api.letsencrypt.org/directory',
        email: 'p@example.com',
      },
    ],
    zones: [
      {
        domain: 'example.com',
        dnsProvider: {
          type: 'cloudflare',
          apiTokenSecretRef: { name: 'cf', key: 'token' },
        },
      },
      {
        domain: 'example.org',
        teamSubdomainWildcards: false,
        dnsProvider: { type: 'route53', region: 'eu-west-1' },
      },
      {
        domain: 'idn.example.net',
        allowIdn: true,
        dnsProvider: {
          type: 'digitalocean',
          tokenSecretRef: { name: 'do', key: 'token' },
        },
      },
    ],
    teams: [
      {
        name: 'team-a',
        grants: [{ zone: 'example.com', subtree: 'shop', wildcard: true }],
      },
      { name: 'team-ab', grants: [] },
      { name: 'team-b', grants: [{ zone: 'example.org', subtree: '' }] },
    ],
    reservedNamespaces: ['platform-system'],
  };
}

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => ({
      type: 'memberOf',
      targetRef: `group:default/${g}`,
    })),
  };
}

/** Users and the groups the catalog says they belong to. */
export const TEST_USERS: Record<string, string[]> = {
  alice: ['team-a'],
  bob: ['team-b'],
  // In the token but no longer in the catalog: writes must be refused.
  mallory: [],
  // Platform admin (the platform group), member of no team.
  carol: ['platform'],
};

/** Ownership refs as a sign-in resolver would put them in the token. */
const TOKEN_GROUPS: Record<string, string[]> = {
  alice: ['team-a'],
  bob: ['team-b'],
  mallory: ['team-a'],
  carol: ['platform'],
};

/** Ownership refs of a test user as a sign-in resolver would issue them. */
export function testOwnershipRefs(userEntityRef: string): string[] {
  const name = userEntityRef.split('/')[1];
  return [
    userEntityRef,
    ...(TOKEN_GROUPS[name] ?? []).map(g => `group:default/${g}`),
  ];
}

export type CertificatesTestBackend = {
  server: Server;
  backend: { stop(): Promise<void> };
  gitopsDir: string;
  branches(): string[];
};

export async function startCertificatesTestBackend(
  options: {
    gitopsDir?: string;
    extraConfig?: object;
    knex?: Knex;
    /** Extra features or service factories, e.g. a permissions service running a real policy. */
    features?: BackendFeature[];
    /** Top-level app-config besides `certificates`, e.g. `{ permission: { enabled: true } }`. */
    rootConfig?: object;
  } = {},
): Promise<CertificatesTestBackend> {
  const gitopsDir =
    options.gitopsDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-gitops-'));
  const backend = await startTestBackend({
    features: [
      certificatesPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...options.rootConfig,
          certificates: {
            ...testCertificatesConfig(gitopsDir),
            ...options.extraConfig,
          },
        },
      }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      catalogServiceMock.factory({
        entities: Object.entries(TEST_USERS).map(([name, groups]) =>
          user(name, groups),
        ),
      }),
      mockServices.userInfo.mock({
        async getUserInfo(credentials) {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs: testOwnershipRefs(ref),
          };
        },
      }).factory,
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    backend,
    gitopsDir,
    /** Branches the publisher created: none means no publish was attempted. */
    branches(): string[] {
      const out = execFileSync('git', [
        '-C',
        gitopsDir,
        'branch',
        '--list',
        'certificates/*',
        '--format=%(refname:short)',
      ]);
      return String(out).split('\n').filter(Boolean);
    },
  };
}

export const asUser = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

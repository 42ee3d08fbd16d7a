import {
  createServiceFactory,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the end-to-end test starts the real certificates backend
import certificatesPlugin from '@internal/plugin-certificates-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import yaml from 'js-yaml';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { testPlatformConfig } from './__testUtils__/fakeCertificatesBackend';
import { scaffolderModuleCertificates } from './module';

/**
 * End to end through the scaffolder: the real scaffolder backend runs the
 * template as a task (not a dry run: the dry-run route skips actions that do
 * not declare `supportsDryRun`, and this one has side effects), the action
 * calls the real certificates backend as the task user, and the pull request
 * lands in a local git repository.
 */

const TEMPLATE_FILE = path.resolve(
  __dirname,
  '../../../templates/certificate-request/template.yaml',
);
const APP_BASE_URL = 'http://localhost:3000';

const members: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
};

function user(name: string) {
  const ref = `user:default/${name}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: members[ref].map(g => g.split('/')[1]) },
    relations: members[ref].map(targetRef => ({ type: 'memberOf', targetRef })),
  };
}

function group(name: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

/** Ownership refs as the auth backend would put them in the token: the user and their groups. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef as string;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(members[ref] ?? [])],
      };
    },
  }),
});

async function startBackend(gitopsDir: string) {
  const template = yaml.load(fs.readFileSync(TEMPLATE_FILE, 'utf8')) as any;
  template.metadata.namespace = 'default';
  return startTestBackend({
    features: [
      scaffolderPlugin,
      certificatesPlugin,
      scaffolderModuleCertificates,
      catalogServiceMock.factory({
        entities: [
          template,
          user('alice'),
          user('bob'),
          group('team-a'),
          group('team-b'),
        ],
      }),
      userInfoFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: APP_BASE_URL },
          backend: { baseUrl: 'http://localhost:7007' },
          certificates: {
            ...testPlatformConfig,
            gitops: {
              target: 'local',
              baseBranch: 'main',
              local: { path: gitopsDir },
            },
          },
        },
      }),
    ],
  });
}

/** Calls the test backend as a user; returns the status and the parsed JSON body. */
async function call(
  baseUrl: string,
  as: string,
  method: string,
  url: string,
  body?: unknown,
) {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    headers: {
      Authorization: mockCredentials.user.header(as),
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function runTask(
  baseUrl: string,
  as: string,
  values: Record<string, unknown>,
) {
  const created = await call(baseUrl, as, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: 'template:default/certificate-request',
    values,
  });
  expect(created).toMatchObject({ status: 201 });
  return waitForTask(baseUrl, as, created.body.id);
}

async function waitForTask(baseUrl: string, as: string, taskId: string) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const task = await call(
      baseUrl,
      as,
      'GET',
      `/api/scaffolder/v2/tasks/${taskId}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await call(
        baseUrl,
        as,
        'GET',
        `/api/scaffolder/v2/tasks/${taskId}/events`,
      );
      const completion = events.body.find((e: any) => e.type === 'completion');
      const log = events.body
        .filter((e: any) => e.type === 'log')
        .map((e: any) => e.body.message)
        .join('\n');
      return {
        taskId,
        status: task.body.status as string,
        output: completion?.body.output,
        error: completion?.body.error,
        log,
      };
    }
    if (Date.now() > deadline)
      throw new Error(`task ${taskId} did not finish: ${task.body.status}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

function readPullRequests(gitopsDir: string) {
  return JSON.parse(
    fs.readFileSync(
      path.join(gitopsDir, '.git', 'certificates-pull-requests.json'),
      'utf8',
    ),
  );
}

function git(dir: string, ...args: string[]) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).trim();
}

describe('certificate-request template through the scaffolder', () => {
  const mockDir = createMockDirectory();
  jest.setTimeout(60_000);

  it('opens the pull request in the GitOps repository and links to it and to the status page', async () => {
    const gitopsDir = mockDir.resolve('gitops');
    const backend = await startBackend(gitopsDir);
    const baseUrl = `http://localhost:${backend.server.port()}`;

    // The values as the CertificateRequestPicker field puts them in the form: one object.
    const result = await runTask(baseUrl, 'user:default/alice', {
      certificate: {
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'shop.team-a',
        wildcard: false,
        issuer: 'letsencrypt-staging',
      },
      justification: 'Storefront of team A',
    });
    expect(result.log).not.toMatch(/dry-run/);
    if (result.status !== 'completed')
      throw new Error(
        `task ${result.status}: ${JSON.stringify(result.error)}\n${result.log}`,
      );

    // The pull request exists in the local repository, with the certificate on its branch.
    const prs = readPullRequests(gitopsDir);
    expect(prs).toHaveLength(1);
    expect(prs[0]).toMatchObject({ number: 1, state: 'open' });
    const files = git(gitopsDir, 'ls-tree', '-r', '--name-only', prs[0].branch);
    expect(files).toMatch(/tenants\/team-a\//);
    expect(
      git(
        gitopsDir,
        'show',
        `${prs[0].branch}:${files
          .split('\n')
          .find(f => /certificate/i.test(f))}`,
      ),
    ).toContain('shop.team-a.example.com');

    // The outputs point at it.
    const stored = await call(
      baseUrl,
      'user:default/alice',
      'GET',
      '/api/certificates/requests',
    );
    expect(stored.body.items).toHaveLength(1);
    const [record] = stored.body.items;
    expect(record).toMatchObject({
      team: 'team-a',
      names: ['shop.team-a.example.com'],
      issuer: 'letsencrypt-staging',
      justification: 'Storefront of team A',
      createdBy: 'user:default/alice',
    });
    expect(result.output.links).toEqual([
      expect.objectContaining({ title: 'Pull request', url: prs[0].url }),
      {
        title: 'Certificate status',
        url: `${APP_BASE_URL}/certificates?request=${record.id}`,
      },
    ]);
    expect(record.pullRequest.url).toBe(prs[0].url);
    expect(result.output.text[0].content).toContain('shop.team-a.example.com');

    // Retrying the finished task runs the step again: the checkpoint (or else the Idempotency-Key) keeps it
    // at one stored request and one pull request, with the same outputs.
    const retry = await call(
      baseUrl,
      'user:default/alice',
      'POST',
      `/api/scaffolder/v2/tasks/${result.taskId}/retry`,
      {},
    );
    expect(retry.status).toBeLessThan(300);
    const retried = await waitForTask(
      baseUrl,
      'user:default/alice',
      result.taskId,
    );
    expect(retried.status).toBe('completed');
    expect(retried.output).toEqual(result.output);
    expect(readPullRequests(gitopsDir)).toHaveLength(1);
    expect(
      (
        await call(
          baseUrl,
          'user:default/alice',
          'GET',
          '/api/certificates/requests',
        )
      ).body.items,
    ).toHaveLength(1);

    // The template's pattern already refuses what the backend would refuse as malformed.
    const malformed = await call(
      baseUrl,
      'user:default/alice',
      'POST',
      '/api/scaffolder/v2/tasks',
      {
        templateRef: 'template:default/certificate-request',
        values: {
          certificate: {
            team: 'team-a',
            domain: 'example.com',
            subdomain: 'Shop',
            issuer: 'letsencrypt-staging',
          },
        },
      },
    );
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body.errors)).toContain('subdomain');
    // So does its schema of the field's value: the team, domain and issuer are required.
    const incomplete = await call(
      baseUrl,
      'user:default/alice',
      'POST',
      '/api/scaffolder/v2/tasks',
      {
        templateRef: 'template:default/certificate-request',
        values: { certificate: { team: 'team-a', subdomain: 'shop' } },
      },
    );
    expect(incomplete.status).toBe(400);
    expect(JSON.stringify(incomplete.body.errors)).toMatch(/domain/);

    // A request the backend refuses: the task fails with the backend's message, field first, and no pull request.
    const rejected = await runTask(baseUrl, 'user:default/alice', {
      certificate: {
        team: 'team-a',
        domain: 'example.org',
        subdomain: 'shop',
        wildcard: true,
        issuer: 'letsencrypt-staging',
      },
    });
    expect(rejected.status).toBe('failed');
    expect(rejected.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'wildcard: team "team-a" may not request "*.shop.example.org"',
    });

    // Not a member: the task user's credentials reach the backend, which refuses.
    const foreign = await runTask(baseUrl, 'user:default/bob', {
      certificate: {
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'api.team-a',
        wildcard: false,
        issuer: 'letsencrypt-staging',
      },
    });
    expect(foreign.status).toBe('failed');
    expect(foreign.error.message).toBe(
      'team: user:default/bob is not a member of group:default/team-a',
    );
    expect(readPullRequests(gitopsDir)).toHaveLength(1);

    await backend.stop();
  });
});

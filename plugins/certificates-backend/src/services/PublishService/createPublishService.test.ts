import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  createPlatformModel,
  parseCertificateRequest,
  resolveCertificateRequest,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testCertificatesConfig } from '../../__testUtils__/testBackend';
import {
  GitopsConfigurationError,
  GitopsTarget,
  LocalGitTarget,
} from '../Gitops';
import { KnexRequestStore } from '../RequestStore';
import { KnexLifecycleStore } from '../RequestStore/lifecycleStore';
import { createPublishService } from './createPublishService';

const platform = createPlatformModel(testCertificatesConfig('/unused'));
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function resolved(
  subdomain: string,
  justification?: string,
): ResolvedCertificateRequest {
  const parsed = parseCertificateRequest({
    team: 'team-a',
    domain: 'example.com',
    subdomain,
    issuer: 'letsencrypt-staging',
    ...(justification ? { justification } : {}),
  });
  if (!parsed.ok) throw new Error('bad fixture');
  const result = resolveCertificateRequest(parsed.request, platform);
  if (!result.ok) throw new Error('bad fixture');
  return result.resolved;
}

/** A target that fails the first `failures` calls to openPullRequest with `error`, then delegates. */
function flaky(
  target: LocalGitTarget,
  error: Error,
  failures: number,
): GitopsTarget & { calls: number } {
  let calls = 0;
  return {
    kind: target.kind,
    get calls() {
      return calls;
    },
    readBaseFile: p => target.readBaseFile(p),
    closePullRequest: branch => target.closePullRequest(branch),
    pullRequestStates: prs => target.pullRequestStates(prs),
    async openPullRequest(change, progress, save) {
      calls++;
      if (calls <= failures) throw error;
      return target.openPullRequest(change, progress, save);
    },
  };
}

describe('publish service', () => {
  let store: KnexRequestStore;
  let lifecycle: KnexLifecycleStore;
  let local: LocalGitTarget;
  // The resume task only retries after the backoff: tests move this clock past it.
  let clock: number;
  const now = () => new Date(clock);
  let dir: string;

  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@internal/plugin-certificates-backend',
        'migrations',
      ),
    });
    clock = Date.parse('2026-12-02T10:00:00Z');
    store = new KnexRequestStore(knex, now);
    lifecycle = new KnexLifecycleStore(knex, store, now);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificates-publish-'));
    local = await LocalGitTarget.create({ dir, baseBranch: 'main' });
  });

  it('keeps a request pending after a transient failure and the resume task publishes it', async () => {
    const gitops = flaky(local, new Error('connect ECONNRESET'), 1);
    const publisher = createPublishService({
      store,
      gitops,
      platform,
      logger: mockServices.logger.mock(),
      lifecycle,
      now,
    });
    const { record } = await store.createOrGet({
      resolved: resolved('api.team-a'),
      actor: 'user:default/alice',
    });

    const first = await publisher.publish(record.id);
    expect(first).toMatchObject({
      state: 'pending',
      error: 'connect ECONNRESET',
    });

    // Not before the backoff (30 s after the first failure) has passed.
    expect(await publisher.resumePending()).toBe(0);
    clock += 30_000;
    expect(await publisher.resumePending()).toBe(1);
    const after = await store.get(record.id);
    expect(after).toMatchObject({
      state: 'pr-open',
      pullRequest: { number: 1, state: 'open' },
    });
    expect(after?.error).toBeUndefined();
    expect(gitops.calls).toBe(2);
    expect(await publisher.resumePending()).toBe(0);
  });

  it('marks a request failed on a configuration error, without retrying it', async () => {
    const gitops = flaky(
      local,
      new GitopsConfigurationError('repository acme/gitops not found'),
      99,
    );
    const publisher = createPublishService({
      store,
      gitops,
      platform,
      logger: mockServices.logger.mock(),
      lifecycle,
      now,
    });
    const { record } = await store.createOrGet({
      resolved: resolved('api.team-a'),
      actor: 'user:default/alice',
    });
    expect(await publisher.publish(record.id)).toMatchObject({
      state: 'failed',
      error: 'repository acme/gitops not found',
    });
    expect(await publisher.resumePending()).toBe(0);
    expect(gitops.calls).toBe(1);
  });

  it('records merged and closed pull requests', async () => {
    const publisher = createPublishService({
      store,
      gitops: local,
      platform,
      logger: mockServices.logger.mock(),
      lifecycle,
      now,
    });
    const a = await store.createOrGet({
      resolved: resolved('a.team-a'),
      actor: 'user:default/alice',
    });
    const b = await store.createOrGet({
      resolved: resolved('b.team-a'),
      actor: 'user:default/alice',
    });
    const prA = (await publisher.publish(a.record.id)).pullRequest!;
    const prB = (await publisher.publish(b.record.id)).pullRequest!;
    await local.merge(prA);
    await local.close(prB.number);
    expect(await publisher.refreshPullRequests()).toBe(2);
    expect((await store.get(a.record.id))?.state).toBe('merged');
    expect((await store.get(b.record.id))?.state).toBe('closed');
    expect(await publisher.refreshPullRequests()).toBe(0);
  });

  it('writes the justification inertly into the pull request body', async () => {
    const publisher = createPublishService({
      store,
      gitops: local,
      platform,
      logger: mockServices.logger.mock(),
      lifecycle,
      now,
    });
    const text =
      'ping @platform-team, closes #12 <img src=x onerror=alert(1)> ```';
    const { record } = await store.createOrGet({
      resolved: resolved('c.team-a', text),
      actor: 'user:default/alice',
    });
    await publisher.publish(record.id);
    const prs = JSON.parse(
      fs.readFileSync(
        path.join(dir, '.git', 'certificates-pull-requests.json'),
        'utf8',
      ),
    );
    const body: string = prs[0].body;
    const fence = body.match(/\n(`{4,})text\n/)?.[1];
    expect(fence).toBe('````');
    expect(body).toContain(`${fence}text\n${text}\n${fence}`);
    // Outside the fence nothing of the justification appears.
    expect(body.replace(`${fence}text\n${text}\n${fence}`, '')).not.toMatch(
      /@platform-team|#12|<img/,
    );
    expect(body).toContain(
      '| `tenants/team-a/certificates/c-team--a-example-com/certificate.yaml` |',
    );
  });

  it('merges a local pull request and refuses a second merge', async () => {
    const publisher = createPublishService({
      store,
      gitops: local,
      platform,
      logger: mockServices.logger.mock(),
      lifecycle,
      now,
    });
    const { record } = await store.createOrGet({
      resolved: resolved('d.team-a'),
      actor: 'user:default/alice',
    });
    await publisher.publish(record.id);
    expect(
      await publisher.mergeLocal(record.id, 'user:default/alice'),
    ).toMatchObject({ state: 'merged' });
    expect(
      fs.existsSync(
        path.join(
          dir,
          'tenants/team-a/certificates/d-team--a-example-com/certificate.yaml',
        ),
      ),
    ).toBe(true);
    await expect(
      publisher.mergeLocal(record.id, 'user:default/alice'),
    ).rejects.toThrow(/not an open pull request/);
  });
});

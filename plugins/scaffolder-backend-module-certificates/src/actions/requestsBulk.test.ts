import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { setupServer } from 'msw/node';
import { BACKEND_BASE_URL } from '../__testUtils__/fakeCertificatesBackend';
import { createFakeBulkBackend } from '../__testUtils__/fakeBulkBackend';
import { createBulkRequestsAction } from './requestsBulk';

const server = setupServer();
registerMswTestHooks(server);

function setup() {
  const backend = createFakeBulkBackend();
  server.use(...backend.handlers);
  const action = createBulkRequestsAction({
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => BACKEND_BASE_URL,
    }),
    config: mockServices.rootConfig({
      data: { app: { baseUrl: 'http://app.test' } },
    }),
    pollIntervalMs: 1,
  });
  return { backend, action };
}

function context(input: Record<string, any>) {
  const ctx = createMockActionContext({ input, task: { id: 'task-1' } });
  return {
    ...ctx,
    step: { id: 'bulk', name: 'Request certificates' },
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/alice'),
  };
}

const row = (subdomain: string) => ({
  team: 'team-a',
  domain: 'example.com',
  subdomain,
  issuer: 'letsencrypt-staging',
});

describe('certificates:requests:bulk', () => {
  it('stores the rows, waits for the pull requests and outputs them', async () => {
    const { backend, action } = setup();
    const ctx = context({ rows: [row('a.shop'), row('b.shop')] });
    await action.handler(ctx);
    expect(backend.posts).toHaveLength(1);
    expect(ctx.output).toHaveBeenCalledWith('pullRequests', [
      {
        team: 'team-a',
        state: 'opened',
        url: 'https://github.com/acme/gitops/pull/1',
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith('state', 'done');
    expect(ctx.output).toHaveBeenCalledWith(
      'statusUrl',
      expect.stringMatching(/^http:\/\/app\.test\/certificates\/bulk\?batch=/),
    );
  });

  it('reads CSV rows as the bulk page does', async () => {
    const { backend, action } = setup();
    const ctx = context({
      csv: 'team,zone,subdomain,issuer\nteam-a,example.com,a.shop,letsencrypt-staging\nteam-a,example.com,b.shop,letsencrypt-staging\n',
    });
    await action.handler(ctx);
    expect(backend.posts).toEqual([{ rows: [row('a.shop'), row('b.shop')] }]);
  });

  it('fails with every bad row named, as the backend names them', async () => {
    const { action } = setup();
    const ctx = context({
      rows: [
        row('a.shop'),
        { ...row('b.shop'), issuer: 'nope' },
        { ...row('c.shop'), team: 'Team-A' },
      ],
    });
    const failure = action.handler(ctx);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      /^rows\[1\]\.issuer: .*\nrows\[2\]\.team: /,
    );
  });

  it('refuses a CSV without the required columns before calling the backend', async () => {
    const { backend, action } = setup();
    await expect(
      action.handler(context({ csv: 'team,subdomain\nteam-a,a.shop\n' })),
    ).rejects.toThrow(/csv\.header: needs the zone column/);
    expect(backend.posts).toHaveLength(0);
  });

  it('sends the same Idempotency-Key when the task is retried', async () => {
    const { backend, action } = setup();
    await action.handler(context({ rows: [row('a.shop')] }));
    await action.handler(context({ rows: [row('a.shop')] }));
    expect(backend.posts).toHaveLength(2);
    expect(backend.batches.size).toBe(1);
  });
});

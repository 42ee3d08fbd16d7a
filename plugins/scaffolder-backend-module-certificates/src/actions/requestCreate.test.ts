import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  APP_BASE_URL,
  BACKEND_BASE_URL,
  createFakeCertificatesBackend,
} from '../__testUtils__/fakeCertificatesBackend';
import {
  createRequestCertificateAction,
  idempotencyKeyFor,
} from './requestCreate';

type JsonValue = unknown;
type JsonObject = Record<string, any>;

const server = setupServer();
registerMswTestHooks(server);

const ALICE = 'user:default/alice'; // team-a
const BOB = 'user:default/bob'; // team-b

function setup(options: { heldNames?: Record<string, string> } = {}) {
  const backend = createFakeCertificatesBackend({
    members: { [ALICE]: ['team-a'], [BOB]: ['team-b'] },
    heldNames: options.heldNames,
  });
  server.use(backend.handler);
  const action = createRequestCertificateAction({
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => BACKEND_BASE_URL,
    }),
    config: mockServices.rootConfig({
      data: { app: { baseUrl: `${APP_BASE_URL}/` } },
    }),
  });
  return { backend, action };
}

/** A checkpoint store as the scaffolder keeps it in the task state: a retried task reads it back. */
function persistedCheckpoints() {
  const values = new Map<string, JsonValue | void>();
  return {
    values,
    checkpoint: async <T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T> | T;
    }): Promise<T> => {
      if (values.has(opts.key)) return values.get(opts.key) as T;
      const value = await opts.fn();
      values.set(opts.key, value);
      return value;
    },
  };
}

function context(
  input: JsonObject,
  options: { user?: string; taskId?: string } = {},
) {
  const ctx = createMockActionContext({
    input,
    task: { id: options.taskId ?? 'task-1' },
  });
  return {
    ...ctx,
    step: { id: 'request', name: 'Request certificate' },
    getInitiatorCredentials: async () =>
      mockCredentials.user(options.user ?? ALICE),
  };
}

const shopRequest = {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'shop.team-a',
  issuer: 'letsencrypt-staging',
  justification: 'Storefront',
};

describe('certificates:request:create', () => {
  it('requests the certificate as the task user and outputs the pull request and status page', async () => {
    const { backend, action } = setup();
    const ctx = context(shopRequest);
    await action.handler(ctx as any);

    expect(backend.calls).toHaveLength(1);
    const call = backend.calls[0];
    expect(
      JSON.parse(call.authorization!.replace('Bearer mock-service-token:', '')),
    ).toMatchObject({
      obo: ALICE,
      target: 'certificates',
    });
    expect(call.idempotencyKey).toBe(
      idempotencyKeyFor('task-1', 'request', shopRequest),
    );
    expect(call.body).toEqual(shopRequest);

    const [record] = [...backend.records.values()];
    expect(ctx.output).toHaveBeenCalledWith('requestId', record.id);
    expect(ctx.output).toHaveBeenCalledWith(
      'pullRequestUrl',
      'https://github.com/example/platform-gitops/pull/1',
    );
    expect(ctx.output).toHaveBeenCalledWith('names', [
      'shop.team-a.example.com',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'certificateName',
      'shop-team--a-example-com',
    );
    expect(ctx.output).toHaveBeenCalledWith('state', 'pr-open');
    expect(ctx.output).toHaveBeenCalledWith(
      'statusUrl',
      `${APP_BASE_URL}/certificates?request=${record.id}`,
    );
  });

  it('sends only the fields given, so the backend applies its own defaults', async () => {
    const { backend, action } = setup();
    await action.handler(
      context({
        team: 'team-a',
        domain: 'example.com',
        subdomain: 'shop',
        issuer: 'letsencrypt-prod',
        justification: '',
        name: '',
      }) as any,
    );
    expect(backend.calls[0].body).toEqual({
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'shop',
      issuer: 'letsencrypt-prod',
    });
    expect(backend.pullRequests).toHaveLength(1);
  });

  it('fails the task with an InputError naming the field when the backend rejects the request', async () => {
    const { backend, action } = setup();
    const ctx = context({ ...shopRequest, subdomain: 'Shop.team-a' });
    const error = await action.handler(ctx as any).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('subdomain: must be lowercase');
    expect(backend.pullRequests).toHaveLength(0);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('passes every problem line through, each starting with its field', async () => {
    const { action } = setup();
    const error = await action
      .handler(
        context({
          team: 'team-a',
          domain: 'example.net',
          subdomain: 'shop',
          issuer: 'nope',
        }) as any,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message.split('\n')).toEqual([
      "domain: must be one of the platform's zones: example.com, example.org",
      'issuer: must be one of letsencrypt-staging, letsencrypt-prod',
    ]);
  });

  it('passes a canned backend error body through unchanged', async () => {
    const { action } = setup();
    server.use(
      http.post(`${BACKEND_BASE_URL}/requests`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'InputError',
              message: 'subdomain: must be lowercase',
            },
            request: { method: 'POST', url: '/api/certificates/requests' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(action.handler(context(shopRequest) as any)).rejects.toThrow(
      new InputError('subdomain: must be lowercase'),
    );
  });

  it('fails with NotAllowedError when the task user is not a member of the team', async () => {
    const { backend, action } = setup();
    const error = await action
      .handler(context(shopRequest, { user: BOB }) as any)
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'team: user:default/bob is not a member of group:default/team-a',
    );
    expect(backend.pullRequests).toHaveLength(0);
  });

  it('fails with NotAllowedError when the name is not the team’s', async () => {
    const { action } = setup();
    const error = await action
      .handler(
        context({
          team: 'team-a',
          domain: 'example.org',
          issuer: 'letsencrypt-staging',
        }) as any,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'domain: team "team-a" may not request "example.org"',
    );
  });

  it('fails with ConflictError when another team holds the name', async () => {
    const { backend, action } = setup({
      heldNames: { 'shop.team-a.example.com': 'team-b' },
    });
    const error = await action
      .handler(context(shopRequest) as any)
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toBe(
      'names: "shop.team-a.example.com" is already held by team "team-b"',
    );
    expect(backend.pullRequests).toHaveLength(0);
  });

  it('reuses the checkpoint on a retried task: one POST, one pull request, same outputs', async () => {
    const { backend, action } = setup();
    const checkpoints = persistedCheckpoints();

    const first = {
      ...context(shopRequest),
      checkpoint: checkpoints.checkpoint,
    };
    await action.handler(first as any);
    // The task fails in a later step and is retried: the scaffolder runs the step again with the stored checkpoints.
    const retry = {
      ...context(shopRequest),
      checkpoint: checkpoints.checkpoint,
    };
    await action.handler(retry as any);

    expect(backend.calls).toHaveLength(1);
    expect(backend.pullRequests).toHaveLength(1);
    expect([...checkpoints.values.keys()]).toEqual([
      'certificates-request-create',
    ]);
    expect((retry.output as jest.Mock).mock.calls).toEqual(
      (first.output as jest.Mock).mock.calls,
    );
  });

  it('opens no second pull request when the checkpoint was lost: the Idempotency-Key returns the stored request', async () => {
    const { backend, action } = setup();
    // The mock context's checkpoint runs fn every time, as if the task died before the checkpoint was saved.
    const first = context(shopRequest);
    await action.handler(first as any);
    const retry = context(shopRequest);
    await action.handler(retry as any);

    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1].idempotencyKey).toBe(
      backend.calls[0].idempotencyKey,
    );
    expect(backend.pullRequests).toHaveLength(1);
    expect((retry.output as jest.Mock).mock.calls).toEqual(
      (first.output as jest.Mock).mock.calls,
    );
  });

  it('does not cache a rejected request: the retried task asks the backend again', async () => {
    const { backend, action } = setup();
    const checkpoints = persistedCheckpoints();
    const failingCheckpoint = async <T extends JsonValue | void>(opts: {
      key: string;
      fn: () => Promise<T>;
    }) => checkpoints.checkpoint(opts);
    await expect(
      action.handler({
        ...context(shopRequest, { user: BOB }),
        checkpoint: failingCheckpoint,
      } as any),
    ).rejects.toThrow(NotAllowedError);
    expect(checkpoints.values.size).toBe(0);
    await action.handler({
      ...context(shopRequest),
      checkpoint: failingCheckpoint,
    } as any);
    expect(backend.calls).toHaveLength(2);
    expect(backend.pullRequests).toHaveLength(1);
  });

  it('uses a different Idempotency-Key per task, so two tasks are two requests to the backend', async () => {
    const { backend, action } = setup();
    await action.handler(context(shopRequest, { taskId: 'task-1' }) as any);
    await action.handler(
      context(
        { ...shopRequest, subdomain: 'api.team-a' },
        { taskId: 'task-2' },
      ) as any,
    );
    expect(new Set(backend.calls.map(c => c.idempotencyKey)).size).toBe(2);
    expect(backend.pullRequests).toHaveLength(2);
  });

  it('fails the task when the request was stored but publishing failed for good', async () => {
    const { action } = setup();
    server.use(
      http.post(`${BACKEND_BASE_URL}/requests`, () =>
        HttpResponse.json(
          {
            id: '00000000-0000-4000-8000-000000000009',
            state: 'failed',
            team: 'team-a',
            certificateName: 'shop-team-a-example-com',
            names: ['shop.team-a.example.com'],
            issuer: 'letsencrypt-staging',
            keyAlgorithm: 'ECDSA-P256',
            createdAt: '2026-11-28T12:00:00.000Z',
            createdBy: ALICE,
            updatedAt: '2026-11-28T12:00:00.000Z',
            error: 'base branch main does not exist',
          },
          { status: 201 },
        ),
      ),
    );
    await expect(action.handler(context(shopRequest) as any)).rejects.toThrow(
      /pull request could not be opened: base branch main does not exist/,
    );
  });

  it('succeeds without a pull request URL while the backend retries opening it', async () => {
    const { action } = setup();
    server.use(
      http.post(`${BACKEND_BASE_URL}/requests`, () =>
        HttpResponse.json(
          {
            id: '00000000-0000-4000-8000-000000000009',
            state: 'pending',
            team: 'team-a',
            certificateName: 'shop-team-a-example-com',
            names: ['shop.team-a.example.com'],
            issuer: 'letsencrypt-staging',
            keyAlgorithm: 'ECDSA-P256',
            createdAt: '2026-11-28T12:00:00.000Z',
            createdBy: ALICE,
            updatedAt: '2026-11-28T12:00:00.000Z',
            error: 'GitHub is down',
          },
          { status: 201 },
        ),
      ),
    );
    const ctx = context(shopRequest);
    await action.handler(ctx as any);
    expect(ctx.output).not.toHaveBeenCalledWith(
      'pullRequestUrl',
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith('state', 'pending');
    expect(ctx.output).toHaveBeenCalledWith(
      'statusUrl',
      `${APP_BASE_URL}/certificates?request=00000000-0000-4000-8000-000000000009`,
    );
  });

  it('reports a server error with its status', async () => {
    const { action } = setup();
    server.use(
      http.post(`${BACKEND_BASE_URL}/requests`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'database is locked' },
            request: {},
            response: { statusCode: 500 },
          },
          { status: 500 },
        ),
      ),
    );
    const error = await action
      .handler(context(shopRequest) as any)
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.message).toBe('database is locked');
    expect(error.statusCode).toBe(500);
  });
});

describe('idempotencyKeyFor', () => {
  it('is visible ASCII of at most 255 characters', () => {
    const key = idempotencyKeyFor('t'.repeat(300), 'step ü', { a: 1 });
    expect(key).toMatch(/^[\x21-\x7e]{1,255}$/);
    expect(idempotencyKeyFor('task', 'step ü', { a: 1 })).toMatch(
      /^[\x21-\x7e]{1,255}$/,
    );
  });

  it('differs by body and is stable for the same body', () => {
    expect(idempotencyKeyFor('task', 'step', { a: 1 })).toBe(
      idempotencyKeyFor('task', 'step', { a: 1 }),
    );
    expect(idempotencyKeyFor('task', 'step', { a: 1 })).not.toBe(
      idempotencyKeyFor('task', 'step', { a: 2 }),
    );
  });
});

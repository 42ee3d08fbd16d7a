import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'js-yaml';
import { setupServer } from 'msw/node';
import { BACKEND_BASE_URL } from '../__testUtils__/fakeCertificatesBackend';
import { createFakeDecommissionBackend } from '../__testUtils__/fakeDecommissionBackend';
import { createDecommissionCertificateAction } from './requestDecommission';
import { examples } from './requestDecommission.examples';

const server = setupServer();
registerMswTestHooks(server);

const ALICE = 'user:default/alice';

function setup() {
  const backend = createFakeDecommissionBackend({
    members: { [ALICE]: ['team-a'], 'user:default/mock': ['team-a'] },
    certificates: [
      { team: 'team-a', certificateName: 'shop-team-a-example-com', state: 'merged' },
      { team: 'team-a', certificateName: 'new-team-a-example-com', state: 'pr-open' },
      { team: 'team-b', certificateName: 'b-example-org', state: 'merged' },
    ],
  });
  server.use(backend.handler);
  const action = createDecommissionCertificateAction({
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => BACKEND_BASE_URL,
    }),
    config: mockServices.rootConfig({
      data: { app: { baseUrl: 'http://app.test/' } },
    }),
  });
  return { backend, action };
}

type Input = { team: string; certificateName: string };

function context(input: Input, taskId = 'task-1') {
  const ctx = createMockActionContext<Input>({ input, task: { id: taskId } });
  return {
    ...ctx,
    step: { id: 'decommission', name: 'Decommission certificate' },
    getInitiatorCredentials: async () => mockCredentials.user(ALICE),
  };
}

describe('certificates:request:decommission', () => {
  it('opens one decommission pull request; the same step run again opens none', async () => {
    const { backend, action } = setup();
    const input = { team: 'team-a', certificateName: 'shop-team-a-example-com' };
    const first = context(input);
    await action.handler(first);
    expect(first.output).toHaveBeenCalledWith(
      'pullRequestUrl',
      'https://github.com/acme/platform-gitops/pull/100',
    );
    expect(first.output).toHaveBeenCalledWith('changed', true);
    expect(first.output).toHaveBeenCalledWith(
      'statusUrl',
      'http://app.test/certificates?request=d-1',
    );
    // Another task (no checkpoint): the backend answers with the open decommission.
    const second = context(input, 'task-2');
    await action.handler(second);
    expect(second.output).toHaveBeenCalledWith('changed', false);
    expect(second.output).toHaveBeenCalledWith('requestId', 'd-1');
    expect(backend.opened.size).toBe(1);
    expect(backend.calls).toHaveLength(2);
  });

  it.each([
    ['another team', { team: 'team-b', certificateName: 'b-example-org' }, NotAllowedError, /^team: /],
    ['an unknown certificate', { team: 'team-a', certificateName: 'nope' }, NotFoundError, /^certificate: team-a\/nope/],
    ['a pending request', { team: 'team-a', certificateName: 'new-team-a-example-com' }, ConflictError, /^certificate: .* has a pr-open request/],
  ])('fails the task for %s with the backend\'s error', async (_what, input, type, message) => {
    const { backend, action } = setup();
    const ctx = context(input);
    const run = action.handler(ctx);
    await expect(run).rejects.toBeInstanceOf(type);
    await expect(run).rejects.toThrow(message);
    expect(backend.opened.size).toBe(0);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it.each(examples.map(e => [e.description, e] as const))(
    'example: %s',
    async (_description, example) => {
      const { backend, action } = setup();
      const { steps } = yaml.load(example.example) as {
        steps: Array<{ action: string; input: any }>;
      };
      expect(steps[0].action).toBe(action.id);
      const ctx = createMockActionContext({ input: steps[0].input });
      await action.handler(ctx);
      expect(backend.opened.size).toBe(1);
      expect(ctx.output).toHaveBeenCalledWith('state', 'pr-open');
    },
  );
});

import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'js-yaml';
import { setupServer } from 'msw/node';
import { BACKEND_BASE_URL } from '../__testUtils__/fakeCertificatesBackend';
import { createFakeBulkBackend } from '../__testUtils__/fakeBulkBackend';
import { createBulkRequestsAction } from './requestsBulk';
import { examples } from './requestsBulk.examples';

const server = setupServer();
registerMswTestHooks(server);

describe('certificates:requests:bulk examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_d, example) => {
      const backend = createFakeBulkBackend();
      server.use(...backend.handlers);
      const action = createBulkRequestsAction({
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => BACKEND_BASE_URL,
        }),
        config: mockServices.rootConfig({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
        pollIntervalMs: 1,
      });
      const { steps } = yaml.load(example.example) as {
        steps: Array<{ action: string; input: any }>;
      };
      expect(steps[0].action).toBe(action.id);
      const ctx = createMockActionContext({ input: steps[0].input });
      await action.handler(ctx);
      expect(backend.batches.size).toBe(1);
      expect(ctx.output).toHaveBeenCalledWith('state', 'done');
    },
  );
});

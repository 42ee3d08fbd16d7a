import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'js-yaml';
import { setupServer } from 'msw/node';
import {
  BACKEND_BASE_URL,
  createFakeCertificatesBackend,
} from '../__testUtils__/fakeCertificatesBackend';
import { createRequestCertificateAction } from './requestCreate';
import { examples } from './requestCreate.examples';

const server = setupServer();
registerMswTestHooks(server);

describe('certificates:request:create examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      // The mock context's user is user:default/mock; make it a member of team-a.
      const backend = createFakeCertificatesBackend({
        members: { 'user:default/mock': ['team-a'] },
      });
      server.use(backend.handler);
      const action = createRequestCertificateAction({
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => BACKEND_BASE_URL,
        }),
        config: mockServices.rootConfig({
          data: { app: { baseUrl: 'http://localhost:3000' } },
        }),
      });
      const { steps } = yaml.load(example.example) as {
        steps: Array<{ action: string; input: any }>;
      };
      expect(steps[0].action).toBe(action.id);
      const ctx = createMockActionContext({ input: steps[0].input });
      await action.handler(ctx);
      expect(backend.pullRequests).toHaveLength(1);
      expect(ctx.output).toHaveBeenCalledWith(
        'pullRequestUrl',
        expect.stringMatching(/^https:\/\//),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'statusUrl',
        expect.stringMatching(
          /^http:\/\/localhost:3000\/certificates\?request=/,
        ),
      );
    },
  );
});

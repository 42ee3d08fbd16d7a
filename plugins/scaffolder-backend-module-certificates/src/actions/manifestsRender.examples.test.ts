import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import yaml from 'js-yaml';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKEND_BASE_URL,
  testPlatformConfig,
} from '../__testUtils__/fakeCertificatesBackend';
import { createFakePreviewBackend } from '../__testUtils__/fakePreviewBackend';
import { createRenderManifestsAction } from './manifestsRender';
import { examples } from './manifestsRender.examples';

const server = setupServer();
registerMswTestHooks(server);
const ALICE = 'user:default/alice';

describe('certificates:manifests:render examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      server.use(
        createFakePreviewBackend({ members: { [ALICE]: ['team-a'] } }).handler,
      );
      const action = createRenderManifestsAction({
        platform: createPlatformModel(testPlatformConfig),
        auth: mockServices.auth({ pluginId: 'scaffolder' }),
        discovery: mockServices.discovery.mock({
          getBaseUrl: async () => BACKEND_BASE_URL,
        }),
      });
      const { steps } = yaml.load(example.example) as {
        steps: Array<{ action: string; input: any }>;
      };
      expect(steps[0].action).toBe(action.id);
      const ctx = {
        ...createMockActionContext({ input: steps[0].input }),
        getInitiatorCredentials: async () => mockCredentials.user(ALICE),
      };
      await action.handler(ctx as any);
      const files: string[] = (ctx.output as jest.Mock).mock.calls.find(
        ([name]) => name === 'files',
      )[1];
      expect(files.length).toBeGreaterThan(0);
      const root = path.join(
        ctx.workspacePath,
        steps[0].input.targetPath ?? '.',
      );
      for (const file of files)
        expect(fs.existsSync(path.join(root, file))).toBe(true);
    },
  );
});

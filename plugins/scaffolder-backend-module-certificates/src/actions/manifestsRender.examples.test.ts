import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import yaml from 'js-yaml';
import fs from 'node:fs';
import path from 'node:path';
import { testPlatformConfig } from '../__testUtils__/fakeCertificatesBackend';
import { createRenderManifestsAction } from './manifestsRender';
import { examples } from './manifestsRender.examples';

describe('certificates:manifests:render examples', () => {
  it.each(examples.map(e => [e.description, e] as const))(
    '%s',
    async (_description, example) => {
      const action = createRenderManifestsAction({
        platform: createPlatformModel(testPlatformConfig),
      });
      const { steps } = yaml.load(example.example) as {
        steps: Array<{ action: string; input: any }>;
      };
      expect(steps[0].action).toBe(action.id);
      const ctx = createMockActionContext({ input: steps[0].input });
      await action.handler(ctx);
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

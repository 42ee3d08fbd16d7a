import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import { setupServer } from 'msw/node';
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKEND_BASE_URL,
  testPlatformConfig,
} from '../__testUtils__/fakeCertificatesBackend';
import { createFakePreviewBackend } from '../__testUtils__/fakePreviewBackend';
import { createRenderManifestsAction } from './manifestsRender';

const server = setupServer();
registerMswTestHooks(server);

const ALICE = 'user:default/alice'; // team-a
const BOB = 'user:default/bob'; // team-b

function setup() {
  const backend = createFakePreviewBackend({
    members: { [ALICE]: ['team-a'], [BOB]: ['team-b'] },
  });
  server.use(backend.handler);
  const action = createRenderManifestsAction({
    platform: createPlatformModel(testPlatformConfig),
    auth: mockServices.auth({ pluginId: 'scaffolder' }),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => BACKEND_BASE_URL,
    }),
  });
  return { backend, action };
}

function context(input: Record<string, string>, user: string) {
  return {
    ...createMockActionContext({ input }),
    getInitiatorCredentials: async () => mockCredentials.user(user),
  };
}

const shop = {
  team: 'team-a',
  domain: 'example.com',
  subdomain: 'shop',
  issuer: 'letsencrypt-staging',
};

const written = (root: string): string[] => {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter(e => e.isFile())
    .map(e => path.relative(root, path.join(e.parentPath, e.name)));
};

describe('certificates:manifests:render checks membership like the request API', () => {
  it('renders for a member of the team, as that user', async () => {
    const { backend, action } = setup();
    const ctx = context(shop, ALICE);
    await action.handler(ctx as any);
    expect(backend.calls).toEqual([{ user: ALICE, body: shop }]);
    expect(written(ctx.workspacePath)).toContain(
      'tenants/team-a/certificates/shop-example-com/certificate.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'certificateName',
      'shop-example-com',
    );
  });

  it('refuses a user who is not in the team, and writes nothing', async () => {
    const { backend, action } = setup();
    const ctx = context(shop, BOB);
    const error = await action.handler(ctx as any).catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error.message).toBe(
      'team: user:default/bob is not a member of group:default/team-a',
    );
    expect(backend.calls).toHaveLength(1);
    expect(written(ctx.workspacePath)).toEqual([]);
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it('refuses bad input with the field named, before calling the backend', async () => {
    const { backend, action } = setup();
    const ctx = context({ ...shop, subdomain: 'Shop' }, ALICE);
    const error = await action.handler(ctx as any).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/^subdomain: /);
    expect(backend.calls).toEqual([]);
    expect(written(ctx.workspacePath)).toEqual([]);
  });
});

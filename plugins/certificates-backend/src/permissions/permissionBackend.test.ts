import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import request from 'supertest';
import {
  asUser,
  CertificatesTestBackend,
  startCertificatesTestBackend,
} from '../__testUtils__/testBackend';
import { permissionModuleCertificatesPolicy } from './module';

/**
 * Mock auth whose on-behalf-of tokens name the calling plugin as actor, as
 * the real auth service's do: the permission backend answers conditional
 * questions only for a plugin acting for a user, never for a user directly.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    const issue = auth.getPluginRequestToken.bind(auth);
    auth.getPluginRequestToken = async options => {
      const principal = options.onBehalfOf.principal as BackstageUserPrincipal;
      if (principal.type !== 'user') return issue(options);
      return {
        token: mockCredentials.user.token(principal.userEntityRef, {
          actor: { subject: `plugin:${plugin.getId()}` },
        }),
      };
    };
    return auth;
  },
});

/**
 * The whole chain as in packages/backend: the permission backend with this
 * policy module, the real permissions service (over HTTP), and decisions on
 * a request id that the permission backend resolves through the
 * certificates plugin's resource type (getResources + rules), as the
 * frontend's usePermission({ resourceRef }) does.
 */
describe('permission backend with the certificates policy', () => {
  let app: CertificatesTestBackend;
  let idA: string;
  let idB: string;

  beforeAll(async () => {
    app = await startCertificatesTestBackend({
      rootConfig: { permission: { enabled: true } },
      extraConfig: { platformAdmins: ['group:default/platform'] },
      features: [
        permissionPlugin,
        permissionModuleCertificatesPolicy,
        permissionsServiceFactory,
        authWithActors,
      ],
    });
    const create = (user: string, body: object) =>
      request(app.server)
        .post('/api/certificates/requests')
        .set('Authorization', asUser(user))
        .send(body);
    const a = await create('alice', {
      team: 'team-a',
      domain: 'example.com',
      subdomain: 'chain.shop',
      issuer: 'letsencrypt-staging',
    });
    const b = await create('bob', {
      team: 'team-b',
      domain: 'example.org',
      subdomain: 'chain.team-b',
      issuer: 'letsencrypt-staging',
    });
    if (a.status !== 201 || b.status !== 201)
      throw new Error(`setup failed: ${a.text} ${b.text}`);
    idA = a.body.id;
    idB = b.body.id;
  });
  afterAll(() => app.backend.stop());

  async function decide(
    user: string,
    items: Array<{ name: string; resourceRef?: string }>,
  ) {
    const res = await request(app.server)
      .post('/api/permission/authorize')
      .set('Authorization', asUser(user))
      .send({
        items: items.map((item, i) => ({
          id: String(i),
          permission:
            item.name === 'certificate.platform.admin'
              ? { type: 'basic', name: item.name, attributes: {} }
              : {
                  type: 'resource',
                  name: item.name,
                  attributes: {
                    action: item.name.endsWith('read') ? 'read' : 'create',
                  },
                  resourceType: 'certificate-request',
                },
          resourceRef: item.resourceRef,
        })),
      });
    expect(res.status).toBe(200);
    return res.body.items.map((d: { result: string }) => d.result);
  }

  it('decides on request ids through the certificates resource type', async () => {
    const create = 'certificate.request.create';
    const read = 'certificate.request.read';
    expect(
      await decide('alice', [
        { name: create, resourceRef: idA },
        { name: create, resourceRef: idB },
        { name: read, resourceRef: idB },
        { name: 'certificate.platform.admin' },
      ]),
    ).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
    expect(
      await decide('carol', [
        { name: create, resourceRef: idA },
        { name: read, resourceRef: idB },
        { name: 'certificate.platform.admin' },
      ]),
    ).toEqual(['DENY', 'ALLOW', 'ALLOW']);
  });

  it('decides on team names for team-level actions; unknown refs are denied', async () => {
    const create = 'certificate.request.create';
    expect(
      await decide('alice', [
        { name: create, resourceRef: 'team-a' },
        { name: create, resourceRef: 'team-b' },
        { name: create, resourceRef: 'no-such-team' },
        { name: create, resourceRef: '00000000-0000-0000-0000-000000000000' },
      ]),
    ).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
  });

  it('scopes the request API through the permission backend', async () => {
    const list = async (user: string) =>
      (
        await request(app.server)
          .get('/api/certificates/requests')
          .set('Authorization', asUser(user))
      ).body.items.map((r: { id: string }) => r.id);
    expect(await list('alice')).toEqual([idA]);
    expect(await list('bob')).toEqual([idB]);
    expect((await list('carol')).sort()).toEqual([idA, idB].sort());
    const probe = await request(app.server)
      .get(`/api/certificates/requests/${idA}`)
      .set('Authorization', asUser('bob'));
    expect(probe.status).toBe(404);
  });
});

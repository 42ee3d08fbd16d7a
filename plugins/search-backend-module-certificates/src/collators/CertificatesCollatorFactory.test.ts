import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { CertificatesCollatorFactory } from './CertificatesCollatorFactory';

const BASE = 'http://certificates.test/api/certificates';

function request(
  overrides: Partial<StoredCertificateRequest>,
): StoredCertificateRequest {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    state: 'merged',
    team: 'team-a',
    certificateName: 'shop-example-com',
    names: ['shop.example.com', '*.shop.example.com'],
    issuer: 'letsencrypt-staging',
    keyAlgorithm: 'ECDSA-P256',
    createdAt: '2026-12-01T10:00:00.000Z',
    createdBy: 'user:default/guest',
    updatedAt: '2026-12-01T10:05:00.000Z',
    ...overrides,
  };
}

describe('CertificatesCollatorFactory', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const auth = mockServices.auth();
  const factory = new CertificatesCollatorFactory({
    discovery: mockServices.discovery.mock({
      getBaseUrl: async () => BASE,
    }),
    auth,
    logger: mockServices.logger.mock(),
  });

  async function collect() {
    const documents = [];
    for await (const doc of await factory.getCollator()) documents.push(doc);
    return documents;
  }

  it('indexes each certificate once, by its DNS names, from its newest request, as the plugin service', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${BASE}/requests`, ({ request: req }) => {
        seen.push(req.headers.get('authorization') ?? '');
        return HttpResponse.json({
          items: [
            request({
              id: '00000000-0000-4000-8000-000000000002',
              state: 'pr-open',
              createdAt: '2026-12-02T10:00:00.000Z',
            }),
            request({}),
            request({
              id: '00000000-0000-4000-8000-000000000003',
              team: 'team-b',
              certificateName: 'api-example-org',
              names: ['api.example.org'],
              state: 'decommissioned',
            }),
          ],
        });
      }),
    );
    const documents = await collect();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^Bearer /);
    expect(documents).toEqual([
      expect.objectContaining({
        title: 'shop.example.com, *.shop.example.com',
        text: 'Team team-a · issuer letsencrypt-staging · pull request open · certificate shop-example-com',
        location: '/certificates?request=00000000-0000-4000-8000-000000000002',
        authorization: { resourceRef: '00000000-0000-4000-8000-000000000002' },
        team: 'team-a',
        state: 'pr-open',
      }),
    ]);
    expect(factory.type).toBe('certificate');
    expect(factory.visibilityPermission?.name).toBe('certificate.request.read');
  });

  it('fails the run when the certificates backend refuses, so the old index stays', async () => {
    server.use(
      http.get(`${BASE}/requests`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'denied' } },
          { status: 403 },
        ),
      ),
    );
    await expect(collect()).rejects.toThrow(/403/);
  });
});

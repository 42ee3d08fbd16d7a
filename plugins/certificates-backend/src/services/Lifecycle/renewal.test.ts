import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GlobalFetchHttpLibrary } from '../Status';
import { createRenewalService, renewAvailability } from './renewal';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type Certificate = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  status: { conditions: Array<Record<string, unknown>> };
};

/**
 * A Kubernetes API server holding Certificates: GET and a merge-patch of the
 * status subresource that checks the resourceVersion as the API server does.
 */
function fakeCluster(url: string, token: string) {
  const certificates = new Map<string, Certificate>();
  const patches: Array<{ contentType: string | null; body: any }> = [];
  const path = `${url}/apis/cert-manager.io/v1/namespaces/:ns/certificates/:name`;
  const gate = (request: Request) =>
    request.headers.get('authorization') === `Bearer ${token}`
      ? undefined
      : HttpResponse.json(
          {
            kind: 'Status',
            code: 403,
            reason: 'Forbidden',
            message: 'forbidden',
          },
          { status: 403 },
        );
  const missing = (name: string) =>
    HttpResponse.json(
      {
        kind: 'Status',
        code: 404,
        reason: 'NotFound',
        message: `certificates.cert-manager.io "${name}" not found`,
      },
      { status: 404 },
    );
  server.use(
    http.get(path, ({ request, params }) => {
      const cert = certificates.get(`${params.ns}/${params.name}`);
      return (
        gate(request) ??
        (cert ? HttpResponse.json(cert) : missing(String(params.name)))
      );
    }),
    http.patch(`${path}/status`, async ({ request, params }) => {
      const denied = gate(request);
      if (denied) return denied;
      const cert = certificates.get(`${params.ns}/${params.name}`);
      if (!cert) return missing(String(params.name));
      const body = (await request.json()) as any;
      patches.push({ contentType: request.headers.get('content-type'), body });
      if (body.metadata?.resourceVersion !== cert.metadata.resourceVersion)
        return HttpResponse.json(
          {
            kind: 'Status',
            code: 409,
            reason: 'Conflict',
            message: 'the object has been modified',
          },
          { status: 409 },
        );
      cert.status = { ...cert.status, ...body.status };
      cert.metadata.resourceVersion = String(
        Number(cert.metadata.resourceVersion) + 1,
      );
      return HttpResponse.json(cert);
    }),
  );
  return {
    certificates,
    patches,
    add(namespace: string, name: string) {
      certificates.set(`${namespace}/${name}`, {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name, namespace, generation: 2, resourceVersion: '100' },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'Ready',
              message: 'Certificate is up to date and has not expired',
            },
          ],
        },
      });
    },
  };
}

function renewal(clusters: object[]) {
  return createRenewalService({
    config: new ConfigReader({ certificates: { status: { clusters } } }),
    logger: mockServices.logger.mock(),
    httpApi: new GlobalFetchHttpLibrary(),
    now: () => new Date('2026-12-02T10:00:00.123Z'),
  });
}

const cluster = (name: string, extra: object = {}) => ({
  name,
  url: `https://${name}.k8s.example`,
  authProvider: 'serviceAccount',
  serviceAccountToken: `read-${name}`,
  ...extra,
});

describe('renew now', () => {
  it('sets Issuing=True (ManuallyTriggered) on the status subresource, as cmctl renew; a second call writes nothing', async () => {
    const k8s = fakeCluster('https://prod.k8s.example', 'renew-prod');
    k8s.add('team-a', 'api-example-com');
    const service = renewal([
      cluster('prod', {
        allowRenew: true,
        renewServiceAccountToken: 'renew-prod',
      }),
    ]);
    expect(await service.renew('team-a', 'api-example-com')).toEqual([
      { cluster: 'prod', result: 'renewed' },
    ]);
    expect(k8s.patches).toHaveLength(1);
    expect(k8s.patches[0].contentType).toBe('application/merge-patch+json');
    expect(k8s.patches[0].body).toEqual({
      metadata: { resourceVersion: '100' },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Ready',
            message: 'Certificate is up to date and has not expired',
          },
          {
            type: 'Issuing',
            status: 'True',
            reason: 'ManuallyTriggered',
            message: 'Certificate re-issuance manually triggered',
            lastTransitionTime: '2026-12-02T10:00:00Z',
            observedGeneration: 2,
          },
        ],
      },
    });
    // Already issuing: cmctl skips it, and so does this.
    expect(await service.renew('team-a', 'api-example-com')).toEqual([
      { cluster: 'prod', result: 'in-progress' },
    ]);
    expect(k8s.patches).toHaveLength(1);
  });

  it('refuses with 503 when no cluster allows renewing, and never calls a cluster', async () => {
    const k8s = fakeCluster('https://prod.k8s.example', 'read-prod');
    k8s.add('team-a', 'api-example-com');
    const service = renewal([cluster('prod')]);
    await expect(service.renew('team-a', 'api-example-com')).rejects.toThrow(
      new ServiceUnavailableError(
        'renew: no cluster allows renewing; set certificates.status.clusters[].allowRenew (and a token that may patch certificates/status)',
      ),
    );
    expect(k8s.patches).toHaveLength(0);
    expect(service.clusters).toEqual([]);
  });

  it('answers 404 naming the certificate when no renew-enabled cluster holds it', async () => {
    fakeCluster('https://prod.k8s.example', 'read-prod');
    const service = renewal([cluster('prod', { allowRenew: true })]);
    await expect(service.renew('team-a', 'gone-example-com')).rejects.toThrow(
      new NotFoundError(
        'certificate: team-a/gone-example-com is on none of the clusters that allow renewing (prod)',
      ),
    );
  });

  it('reports a refused write as 503 with the cluster named', async () => {
    const k8s = fakeCluster('https://prod.k8s.example', 'read-prod');
    k8s.add('team-a', 'api-example-com');
    // The renew token is not the one the cluster accepts.
    const service = renewal([
      cluster('prod', { allowRenew: true, renewServiceAccountToken: 'wrong' }),
    ]);
    await expect(service.renew('team-a', 'api-example-com')).rejects.toThrow(
      /^renew: cluster prod refused: HTTP 403/,
    );
    expect(k8s.patches).toHaveLength(0);
  });
});

describe('renewAvailability', () => {
  it('allows renewing only on a renew-enabled cluster that holds the certificate', () => {
    expect(renewAvailability({ cluster: 'a', alsoOn: ['b'] }, ['b'])).toEqual({
      allowed: true,
    });
    expect(renewAvailability({ cluster: 'a' }, ['b'])).toEqual({
      allowed: false,
      reason:
        'The certificate is on a, where renewing from Backstage is not turned on.',
    });
  });

  it('says plainly when no cluster allows it, or the certificate is on none yet', () => {
    expect(renewAvailability({ cluster: 'a' }, []).reason).not.toMatch(
      /allowRenew|certificates\.status/,
    );
    expect(renewAvailability({}, ['a'])).toEqual({
      allowed: false,
      reason:
        'The certificate is not on a cluster yet, so there is nothing to renew.',
    });
  });
});

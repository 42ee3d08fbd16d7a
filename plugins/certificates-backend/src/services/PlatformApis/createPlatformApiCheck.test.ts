import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { createPlatformModel } from '@internal/plugin-certificates-common';
import { requiredApiVersions } from '@internal/plugin-certificates-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { GlobalFetchHttpLibrary } from '../Status/kubernetes';
import { createPlatformApiCheck } from './createPlatformApiCheck';

// The cluster client's own transport is node's https; over fetch, msw answers as the API server.
const httpApi = new GlobalFetchHttpLibrary();

const platform = createPlatformModel({
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cf', key: 'token' },
      },
    },
  ],
  issuers: [
    {
      name: 'letsencrypt-prod',
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'platform@example.com',
    },
  ],
  teams: [{ name: 'team-a' }],
});

/** An APIGroupList as the API server answers `GET /apis` (the client asks without the trailing slash) (kind, apiVersion, groups with versions and preferredVersion). */
function apiGroupList(groupVersions: string[]) {
  const byGroup = new Map<string, string[]>();
  for (const gv of groupVersions) {
    const [group, version] = gv.split('/');
    byGroup.set(group, [...(byGroup.get(group) ?? []), version]);
  }
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...byGroup].map(([name, versions]) => ({
      name,
      versions: versions.map(version => ({
        groupVersion: `${name}/${version}`,
        version,
      })),
      preferredVersion: {
        groupVersion: `${name}/${versions[0]}`,
        version: versions[0],
      },
    })),
  };
}

const cluster = (name: string) => ({
  name,
  url: `https://${name}.k8s.example.net`,
  authProvider: 'serviceAccount' as const,
  serviceAccountToken: `token-${name}`,
});
const status = (names: string[]) => ({
  clusters: names.map(cluster),
  requestTimeoutMs: 2000,
  argocdNamespace: 'argocd',
});

describe('createPlatformApiCheck', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const seen: string[] = [];

  beforeEach(() => {
    seen.length = 0;
    const everything = requiredApiVersions(platform);
    server.use(
      // Kyverno 1.16: policies.kyverno.io served as v1alpha1 and v1beta1 only.
      http.get('https://old.k8s.example.net/apis', ({ request }) => {
        seen.push(request.headers.get('authorization') ?? '');
        return HttpResponse.json(
          apiGroupList([
            'apiregistration.k8s.io/v1',
            ...everything.filter(v => !v.startsWith('policies.kyverno.io/')),
            'policies.kyverno.io/v1beta1',
            'policies.kyverno.io/v1alpha1',
          ]),
        );
      }),
      http.get('https://current.k8s.example.net/apis', () =>
        HttpResponse.json(apiGroupList(['apps/v1', ...everything])),
      ),
      http.get('https://locked.k8s.example.net/apis', () =>
        HttpResponse.json(
          {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: 'Unauthorized',
            reason: 'Unauthorized',
            code: 401,
          },
          { status: 401 },
        ),
      ),
    );
  });

  it('names each required version a cluster does not serve, with what fails without it', async () => {
    const check = createPlatformApiCheck({
      platform,
      status: status(['old', 'current', 'locked']),
      httpApi,
    });
    const [old, current, locked] = await check.check();
    expect(old).toEqual({
      cluster: 'old',
      missing: ['policies.kyverno.io/v1 (no admission policy is enforced)'],
    });
    expect(current).toEqual({ cluster: 'current', missing: [] });
    expect(locked.cluster).toBe('locked');
    expect(locked.missing).toEqual([]);
    expect(locked.error).toMatch(
      /^could not read the API discovery \(GET \/apis\): .*401/,
    );
    expect(seen).toEqual(['Bearer token-old']);
  });

  it('reports nothing without clusters', async () => {
    const check = createPlatformApiCheck({
      platform,
      status: status([]),
      httpApi,
    });
    expect(await check.check()).toEqual([]);
  });
});

import {
  createPlatformModel,
  parseCertificateRequest,
  PlatformModel,
  RequestProblem,
  resolveCertificateRequest,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { http, HttpResponse } from 'msw';

export const BACKEND_BASE_URL = 'http://backend.test/api/certificates';
export const APP_BASE_URL = 'http://app.test';

/** The `certificates` section of app-config.yaml, with the GitOps part left out. */
export const testPlatformConfig = {
  issuers: [
    {
      name: 'letsencrypt-staging',
      description: 'Untrusted test certificates',
      server: 'https://acme-staging-v02.api.letsencrypt.org/directory',
      email: 'platform@example.com',
      staging: true,
    },
    {
      name: 'letsencrypt-prod',
      description: 'Trusted certificates',
      server: 'https://acme-v02.api.letsencrypt.org/directory',
      email: 'platform@example.com',
    },
  ],
  zones: [
    {
      domain: 'example.com',
      dnsProvider: {
        type: 'cloudflare',
        apiTokenSecretRef: { name: 'cloudflare-api-token', key: 'api-token' },
      },
    },
    {
      domain: 'example.org',
      teamSubdomainWildcards: false,
      dnsProvider: {
        type: 'route53',
        region: 'eu-west-1',
        hostedZoneID: 'Z0000000EXAMPLE',
      },
    },
  ],
  teams: [
    {
      name: 'team-a',
      grants: [{ zone: 'example.com', subtree: 'shop', wildcard: true }],
    },
    { name: 'team-b', grants: [{ zone: 'example.org', subtree: '' }] },
  ],
};

type ErrorName =
  | 'InputError'
  | 'NotAllowedError'
  | 'ConflictError'
  | 'AuthenticationError';

function errorResponse(request: Request, name: ErrorName, message: string) {
  const statusCode = {
    InputError: 400,
    AuthenticationError: 401,
    NotAllowedError: 403,
    ConflictError: 409,
  }[name];
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: request.method, url: new URL(request.url).pathname },
      response: { statusCode },
    },
    { status: statusCode },
  );
}

function problemsResponse(request: Request, problems: RequestProblem[]) {
  const message = problems.map(p => `${p.field}: ${p.message}`).join('\n');
  if (problems.some(p => p.kind === 'invalid'))
    return errorResponse(request, 'InputError', message);
  if (problems.some(p => p.kind === 'forbidden'))
    return errorResponse(request, 'NotAllowedError', message);
  return errorResponse(request, 'ConflictError', message);
}

/**
 * An in-memory stand-in for `POST /api/certificates/requests`, answering as
 * the real router does: the shared validation, the user's team membership,
 * `Idempotency-Key` scoped per user, 201 new / 200 identical, one pull
 * request per stored request, Backstage error bodies.
 */
export function createFakeCertificatesBackend(options: {
  /** Teams of each user entity ref. */
  members: Record<string, string[]>;
  /** Names already held by another team: name → team. */
  heldNames?: Record<string, string>;
}) {
  const platform: PlatformModel = createPlatformModel(testPlatformConfig);
  const records = new Map<string, StoredCertificateRequest>();
  const byKey = new Map<string, string>();
  const held = new Map(Object.entries(options.heldNames ?? {}));
  const calls: Array<{
    idempotencyKey: string | null;
    authorization: string | null;
    body: unknown;
  }> = [];
  const pullRequests: Array<{ number: number; requestId: string }> = [];

  const handler = http.post(
    `${BACKEND_BASE_URL}/requests`,
    async ({ request }) => {
      const authorization = request.headers.get('authorization');
      const idempotencyKey = request.headers.get('idempotency-key');
      const body = await request.json().catch(() => undefined);
      calls.push({ idempotencyKey, authorization, body });

      const claims = mockTokenClaims(request);
      if (!claims.obo || claims.target !== 'certificates') {
        return errorResponse(
          request,
          'AuthenticationError',
          'a user token for the certificates plugin is required',
        );
      }
      const user = claims.obo;

      const parsed = parseCertificateRequest(body);
      if (!parsed.ok) return problemsResponse(request, parsed.problems);
      const resolved = resolveCertificateRequest(parsed.request, platform);
      if (!resolved.ok) return problemsResponse(request, resolved.problems);
      if (!(options.members[user] ?? []).includes(parsed.request.team)) {
        return errorResponse(
          request,
          'NotAllowedError',
          `team: ${user} is not a member of ${platform.teamGroupRef(
            parsed.request.team,
          )}`,
        );
      }
      if (idempotencyKey && byKey.has(`${user}\n${idempotencyKey}`)) {
        return HttpResponse.json(
          records.get(byKey.get(`${user}\n${idempotencyKey}`)!),
          { status: 200 },
        );
      }
      const foreign = resolved.resolved.names.find(
        n => held.has(n) && held.get(n) !== parsed.request.team,
      );
      if (foreign) {
        return errorResponse(
          request,
          'ConflictError',
          `names: "${foreign}" is already held by team "${held.get(foreign)}"`,
        );
      }

      const id = `00000000-0000-4000-8000-${String(records.size + 1).padStart(
        12,
        '0',
      )}`;
      const number = pullRequests.length + 1;
      pullRequests.push({ number, requestId: id });
      const now = new Date('2026-11-28T12:00:00.000Z').toISOString();
      const record: StoredCertificateRequest = {
        id,
        state: 'pr-open',
        team: parsed.request.team,
        certificateName: resolved.resolved.certificateName,
        names: resolved.resolved.names,
        issuer: parsed.request.issuer,
        keyAlgorithm: parsed.request.keyAlgorithm,
        ...(parsed.request.justification
          ? { justification: parsed.request.justification }
          : {}),
        createdAt: now,
        createdBy: user,
        updatedAt: now,
        pullRequest: {
          url: `https://github.com/example/platform-gitops/pull/${number}`,
          number,
          branch: `certificates/${parsed.request.team}/${resolved.resolved.certificateName}`,
          state: 'open',
        },
      };
      records.set(id, record);
      for (const name of record.names) held.set(name, record.team);
      if (idempotencyKey) byKey.set(`${user}\n${idempotencyKey}`, id);
      return HttpResponse.json(record, { status: 201 });
    },
  );

  return { handler, calls, pullRequests, records };
}

/**
 * The claims of the request's mock service token, as `mockServices.auth()`
 * issues it: `Bearer mock-service-token:{"obo":"user:...","target":"certificates"}`.
 * None for a missing or other token.
 */
export function mockTokenClaims(request: Request): {
  obo?: string;
  target?: string;
} {
  const token = (request.headers.get('authorization') ?? '').replace(
    /^Bearer mock-service-token:/,
    '',
  );
  try {
    return JSON.parse(token) ?? {};
  } catch {
    return {};
  }
}

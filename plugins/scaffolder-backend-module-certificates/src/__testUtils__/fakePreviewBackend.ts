import {
  createPlatformModel,
  parseCertificateRequest,
  problemsToError,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { renderRequestFiles } from '@internal/plugin-certificates-node';
import { http, HttpResponse } from 'msw';
import {
  BACKEND_BASE_URL,
  mockTokenClaims,
  testPlatformConfig,
} from './fakeCertificatesBackend';

/**
 * A stand-in for `POST /api/certificates/preview`, answering as the real
 * router does: a user token on behalf of the task user, the shared
 * validation, the user's team membership (403 naming the field), then the
 * files of the real renderer. Records every call.
 */
export function createFakePreviewBackend(options: {
  /** Teams of each user entity ref. */
  members: Record<string, string[]>;
}) {
  const platform = createPlatformModel(testPlatformConfig);
  const calls: Array<{ user: string | undefined; body: unknown }> = [];
  const error = (status: number, name: string, message: string) =>
    HttpResponse.json(
      { error: { name, message }, response: { statusCode: status } },
      { status },
    );
  const handler = http.post(
    `${BACKEND_BASE_URL}/preview`,
    async ({ request }) => {
      const claims = mockTokenClaims(request);
      const body = await request.json().catch(() => undefined);
      calls.push({ user: claims.obo, body });
      if (!claims.obo || claims.target !== 'certificates')
        return error(401, 'AuthenticationError', 'a user token is required');
      const parsed = parseCertificateRequest(body);
      const resolved = parsed.ok
        ? resolveCertificateRequest(parsed.request, platform)
        : parsed;
      if (!resolved.ok) {
        const e = problemsToError(resolved.problems);
        return error(e.name === 'InputError' ? 400 : 403, e.name, e.message);
      }
      const team = resolved.resolved.request.team;
      if (!(options.members[claims.obo] ?? []).includes(team))
        return error(
          403,
          'NotAllowedError',
          `team: ${claims.obo} is not a member of group:default/${team}`,
        );
      return HttpResponse.json(renderRequestFiles(resolved.resolved, platform));
    },
  );
  return { handler, calls };
}

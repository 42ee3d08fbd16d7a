import {
  CertificateBatch,
  createPlatformModel,
  parseCertificateRequest,
  resolveCertificateRequest,
} from '@internal/plugin-certificates-common';
import { http, HttpResponse } from 'msw';
import {
  BACKEND_BASE_URL,
  testPlatformConfig,
} from './fakeCertificatesBackend';

/**
 * POST /requests/bulk and GET /requests/bulk/:id of the certificates
 * backend, as an msw handler: rows checked with the same -common code as
 * the backend (all problems, `rows[<n>].<field>`), batches kept per
 * Idempotency-Key, each team's pull request opened on the second read.
 */
export function createFakeBulkBackend() {
  const platform = createPlatformModel(testPlatformConfig);
  const batches = new Map<string, CertificateBatch & { reads: number }>();
  const byKey = new Map<string, string>();
  const posts: unknown[] = [];

  const handlers = [
    http.post(`${BACKEND_BASE_URL}/requests/bulk`, async ({ request }) => {
      const body = (await request.json()) as { rows: unknown[] };
      posts.push(body);
      const key = request.headers.get('idempotency-key') ?? '';
      if (byKey.has(key))
        return HttpResponse.json(batches.get(byKey.get(key)!));
      const problems: string[] = [];
      const teams = new Set<string>();
      body.rows.forEach((row, n) => {
        const parsed = parseCertificateRequest(row);
        const resolved = parsed.ok
          ? resolveCertificateRequest(parsed.request, platform)
          : parsed;
        if (!resolved.ok)
          problems.push(
            ...resolved.problems.map(
              p => `rows[${n}].${p.field}: ${p.message}`,
            ),
          );
        else teams.add(resolved.resolved.request.team);
      });
      if (problems.length > 0)
        return HttpResponse.json(
          {
            error: { name: 'InputError', message: problems.join('\n') },
            request: { method: 'POST', url: new URL(request.url).pathname },
            response: { statusCode: 400 },
          },
          { status: 400 },
        );
      const id = `00000000-0000-4000-8000-${String(batches.size + 1).padStart(
        12,
        '0',
      )}`;
      const now = new Date().toISOString();
      batches.set(id, {
        id,
        state: 'publishing',
        createdAt: now,
        createdBy: 'user:default/mock',
        updatedAt: now,
        progress: { queued: teams.size, opened: 0, failed: 0 },
        teams: [...teams].map(team => ({
          team,
          state: 'queued',
          branch: `certificates/${team}/batch-${id}`,
          certificates: [],
        })),
        rows: body.rows.map((_, row) => ({ row, outcome: 'created' })),
        reads: 0,
      });
      byKey.set(key, id);
      return HttpResponse.json(batches.get(id), { status: 202 });
    }),
    http.get(`${BACKEND_BASE_URL}/requests/bulk/:id`, ({ params }) => {
      const batch = batches.get(String(params.id));
      if (!batch)
        return HttpResponse.json(
          { error: { name: 'NotFoundError', message: 'not found' } },
          { status: 404 },
        );
      if (++batch.reads >= 2 && batch.state === 'publishing') {
        batch.state = 'done';
        batch.teams.forEach((t, i) => {
          t.state = 'opened';
          t.pullRequest = {
            number: i + 1,
            url: `https://github.com/acme/gitops/pull/${i + 1}`,
          };
        });
        batch.progress = { queued: 0, opened: batch.teams.length, failed: 0 };
      }
      return HttpResponse.json(batch);
    }),
  ];
  return { handlers, batches, posts };
}

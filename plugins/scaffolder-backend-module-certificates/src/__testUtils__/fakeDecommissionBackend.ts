import { http, HttpResponse } from 'msw';
import { BACKEND_BASE_URL, mockTokenClaims } from './fakeCertificatesBackend';

type Live = {
  team: string;
  certificateName: string;
  state: 'merged' | 'pr-open';
};

/**
 * The certificates backend's `POST /certificates/:team/:name/decommission`,
 * answering as the real one does: 201 with the opened decommission, 200 with
 * `changed: false` for a repeat, 403 for a non-member, 404 for an unknown
 * certificate, 409 for one whose request is still open.
 */
export function createFakeDecommissionBackend(options: {
  members: Record<string, string[]>;
  certificates: Live[];
}) {
  const opened = new Map<string, { id: string; number: number }>();
  const calls: string[] = [];
  const error = (status: number, message: string) =>
    HttpResponse.json(
      { error: { name: 'Error', message }, response: { statusCode: status } },
      { status },
    );
  const handler = http.post(
    `${BACKEND_BASE_URL}/certificates/:team/:name/decommission`,
    ({ request, params }) => {
      const team = String(params.team);
      const name = String(params.name);
      calls.push(`${team}/${name}`);
      const user = mockTokenClaims(request).obo;
      if (!user || !(options.members[user] ?? []).includes(team))
        return error(
          403,
          `team: ${user} is not a member of group:default/${team}`,
        );
      const live = options.certificates.find(
        c => c.team === team && c.certificateName === name,
      );
      if (!live)
        return error(
          404,
          `certificate: ${team}/${name} has no merged request to decommission`,
        );
      if (live.state !== 'merged')
        return error(
          409,
          `certificate: ${team}/${name} has a ${live.state} request r-1; cancel it, or decommission after its pull request is merged`,
        );
      const key = `${team}/${name}`;
      const existing = opened.get(key);
      const record = existing ?? {
        id: `d-${opened.size + 1}`,
        number: 100 + opened.size,
      };
      opened.set(key, record);
      return HttpResponse.json(
        {
          id: record.id,
          team,
          certificateName: name,
          operation: 'decommission',
          state: 'pr-open',
          pullRequest: {
            number: record.number,
            url: `https://github.com/acme/platform-gitops/pull/${record.number}`,
            branch: `certificates/${team}/${name}`,
            state: 'open',
          },
          changed: !existing,
        },
        { status: existing ? 200 : 201 },
      );
    },
  );
  return { handler, opened, calls };
}

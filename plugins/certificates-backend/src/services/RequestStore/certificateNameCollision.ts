import { ConflictError } from '@backstage/errors';
import { ResolvedCertificateRequest } from '@internal/plugin-certificates-common';
import { Knex } from 'knex';

/**
 * Refuses a request whose certificate name is already the name of another
 * certificate of the team, one for a different first DNS name. Derived names
 * are injective (see `deriveCertificateName`), so this only happens for a
 * chosen `name` or for two shortened names whose hashes collide; either way
 * the second request would silently replace the first one's Certificate,
 * Secret and Vault copy, so it is a 409 naming both. The latest live request
 * of that certificate name decides; a merged decommission frees the name.
 */
export async function assertNoCertificateNameCollision(
  tx: Knex.Transaction,
  resolved: ResolvedCertificateRequest,
): Promise<void> {
  const latest = await tx('certificate_requests')
    .where({
      team: resolved.request.team,
      certificate_name: resolved.certificateName,
    })
    .whereIn('state', ['pending', 'pr-open', 'failed', 'merged'])
    .orderBy('created_at', 'desc')
    .first();
  if (!latest) return;
  if (latest.operation === 'decommission' && latest.state === 'merged') return;
  const theirs = (JSON.parse(latest.names_json) as string[])[0];
  const ours = resolved.names[0];
  if (theirs === ours) return;
  throw new ConflictError(
    `name: certificate name "${resolved.certificateName}" for "${ours}" is already used by request ${latest.id} for "${theirs}"; choose another name`,
  );
}

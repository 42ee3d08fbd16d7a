import {
  RenderedFile,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';

/** States in which a request still stands for its certificate. */
const STANDING = ['pending', 'pr-open', 'merged', 'failed'];

/** The certificate name the preview's files are for (`tenants/<team>/certificates/<name>/certificate.yaml`). */
export function certificateNameOf(
  files: RenderedFile[],
  team: string,
): string | undefined {
  const prefix = `tenants/${team}/certificates/`;
  for (const file of files) {
    if (!file.path.startsWith(prefix)) continue;
    const [name, rest] = file.path.slice(prefix.length).split('/');
    if (rest === 'certificate.yaml') return name;
  }
  return undefined;
}

/** A request that changes a certificate the team already asked for: the earlier request and what differs. */
export type Change = {
  previous: StoredCertificateRequest;
  /** `issuer: a → b`, one line per field that differs; empty when the request is the same. */
  lines: string[];
};

/**
 * What this request changes of the team's standing request for the same
 * certificate, if there is one (the backend updates an open one and opens a
 * new pull request for a merged one).
 */
export function changeOf(
  files: RenderedFile[],
  requests: readonly StoredCertificateRequest[],
  next: { team: string; issuer: string; name: string },
): Change | undefined {
  const certificateName = certificateNameOf(files, next.team);
  if (!certificateName) return undefined;
  const previous = requests
    .filter(
      r =>
        r.team === next.team &&
        r.certificateName === certificateName &&
        r.operation !== 'decommission' &&
        STANDING.includes(r.state),
    )
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  if (!previous) return undefined;
  const lines: string[] = [];
  if (previous.issuer !== next.issuer)
    lines.push(`issuer: ${previous.issuer} → ${next.issuer}`);
  if (previous.names[0] !== next.name)
    lines.push(`name: ${previous.names[0]} → ${next.name}`);
  return { previous, lines };
}

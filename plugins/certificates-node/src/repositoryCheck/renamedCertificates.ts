import { RenderedFile } from '@internal/plugin-certificates-common';
import { load } from 'js-yaml';
import { TENANTS_ROOT } from '../render/labels';
import {
  CERTIFICATE_FILE,
  CERTIFICATES_DIR,
} from '../render/tenant/certificate';

/** `tenants/<team>/certificates/<name>/certificate.yaml`, where a request puts its Certificate. */
const isCertificateFile = (path: string) => {
  const parts = path.split('/');
  return (
    parts.length === 5 &&
    parts[0] === TENANTS_ROOT &&
    parts[2] === CERTIFICATES_DIR &&
    parts[4] === CERTIFICATE_FILE.fileName
  );
};

const dnsNamesOf = (content: string): string[] => {
  const doc = load(content) as { spec?: { dnsNames?: unknown } } | undefined;
  const names = doc?.spec?.dnsNames;
  return Array.isArray(names) ? names.map(String) : [];
};

/**
 * Certificates of `files` that already exist on the base branch with other
 * DNS names. Admission refuses such a change in place (a rename is a new
 * ACME order the quota never counts, docs/security.md escape 9), so Argo CD
 * could never apply it: one line per file, starting with its path.
 */
export async function renamedCertificates(
  files: RenderedFile[],
  readBaseFile: (path: string) => Promise<string | undefined>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files.filter(f => isCertificateFile(f.path))) {
    const base = await readBaseFile(file.path);
    if (base === undefined) continue;
    const before = dnsNamesOf(base);
    const after = dnsNamesOf(file.content);
    if (before.join(',') !== after.join(','))
      problems.push(
        `${
          file.path
        }: spec.dnsNames cannot change on an existing Certificate (now ${before.join(
          ', ',
        )}; asked ${after.join(
          ', ',
        )}): request a certificate under a new name and decommission this one`,
      );
  }
  return problems;
}

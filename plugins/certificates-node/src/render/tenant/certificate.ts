import {
  KeyAlgorithm,
  PlatformModel,
  RenderedFile,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  CERTIFICATE_LABEL,
  KUBERNETES_ID_LABEL,
  managedLabels,
  PUSH_TO_VAULT_LABEL,
  REQUEST_NAMES_ANNOTATION,
  tenantDir,
  tenantNamespace,
  tlsSecretName,
} from '../labels';
import { yamlFile } from '../yaml';

const PRIVATE_KEYS: Record<
  KeyAlgorithm,
  { algorithm: 'ECDSA' | 'RSA'; size: number }
> = {
  'ECDSA-P256': { algorithm: 'ECDSA', size: 256 },
  'ECDSA-P384': { algorithm: 'ECDSA', size: 384 },
  'RSA-2048': { algorithm: 'RSA', size: 2048 },
  'RSA-3072': { algorithm: 'RSA', size: 3072 },
  'RSA-4096': { algorithm: 'RSA', size: 4096 },
};

/** The usages cert-manager requests when a Certificate names none: the only ones a rendered Certificate gets. */
export const DEFAULT_USAGES = [
  'digital signature',
  'key encipherment',
  'server auth',
] as const;

/** Every private key a rendered Certificate can have (the admission policy allows exactly these). */
export const PRIVATE_KEY_SPECS = Object.values(PRIVATE_KEYS);

export function privateKeySpec(keyAlgorithm: KeyAlgorithm) {
  const key = PRIVATE_KEYS[keyAlgorithm];
  if (!key) throw new Error(`unknown key algorithm ${String(keyAlgorithm)}`);
  return { algorithm: key.algorithm, size: key.size, rotationPolicy: 'Always' };
}

/** What the Certificate renderer emits: its type and the file name in the certificate's folder. */
export const CERTIFICATE_FILE = {
  apiVersion: 'cert-manager.io/v1',
  kind: 'Certificate',
  fileName: 'certificate.yaml',
} as const;

/** Folder of a team folder that holds one folder per certificate. */
export const CERTIFICATES_DIR = 'certificates';

export function certificateDir(team: string, certificateName: string): string {
  return `${tenantDir(team)}/${CERTIFICATES_DIR}/${certificateName}`;
}

/** The cert-manager Certificate: DNS SANs only (never a commonName), issued by a ClusterIssuer. */
export function renderCertificateFile(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
): RenderedFile {
  const { request, certificateName, names } = resolved;
  const team = request.team;
  return yamlFile(
    `${certificateDir(team, certificateName)}/${CERTIFICATE_FILE.fileName}`,
    {
      apiVersion: CERTIFICATE_FILE.apiVersion,
      kind: CERTIFICATE_FILE.kind,
      metadata: {
        name: certificateName,
        namespace: tenantNamespace(team),
        labels: {
          ...managedLabels(team),
          [CERTIFICATE_LABEL]: certificateName,
          [KUBERNETES_ID_LABEL]: team,
        },
        annotations: { [REQUEST_NAMES_ANNOTATION]: names.join(',') },
      },
      spec: {
        secretName: tlsSecretName(certificateName),
        secretTemplate: {
          labels: {
            ...managedLabels(team),
            [CERTIFICATE_LABEL]: certificateName,
            [PUSH_TO_VAULT_LABEL]: 'true',
          },
        },
        dnsNames: [...names],
        issuerRef: {
          name: request.issuer,
          kind: 'ClusterIssuer',
          group: 'cert-manager.io',
        },
        privateKey: privateKeySpec(request.keyAlgorithm),
        duration: platform.config.duration,
        renewBefore: platform.config.renewBefore,
        revisionHistoryLimit: 3,
      },
    },
  );
}

import {
  PlatformModel,
  RenderedFile,
  ResolvedCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  CERTIFICATE_LABEL,
  managedLabels,
  SECRET_STORE_NAME,
  tenantNamespace,
  tlsSecretName,
} from '../labels';
import { remoteKey } from '../vaultPaths';
import { yamlFile } from '../yaml';
import { certificateDir } from './certificate';

/** Secret keys copied to Vault, each as a property of one KV entry of the same name. */
export const PUSHED_KEYS = ['tls.crt', 'tls.key', 'ca.crt'] as const;

/** What the PushSecret renderer emits: its type and the file name in the certificate's folder. */
export const PUSH_SECRET_FILE = {
  apiVersion: 'external-secrets.io/v1alpha1',
  kind: 'PushSecret',
  fileName: 'pushsecret.yaml',
} as const;

/** The ESO PushSecret that copies the certificate's Secret into Vault KV. */
export function renderPushSecretFile(
  resolved: ResolvedCertificateRequest,
  platform: PlatformModel,
): RenderedFile {
  const { request, certificateName } = resolved;
  const team = request.team;
  const key = remoteKey(platform.config, team, certificateName);
  return yamlFile(
    `${certificateDir(team, certificateName)}/${PUSH_SECRET_FILE.fileName}`,
    {
      apiVersion: PUSH_SECRET_FILE.apiVersion,
      kind: PUSH_SECRET_FILE.kind,
      metadata: {
        name: certificateName,
        namespace: tenantNamespace(team),
        labels: {
          ...managedLabels(team),
          [CERTIFICATE_LABEL]: certificateName,
        },
      },
      spec: {
        refreshInterval: '1h',
        updatePolicy: 'Replace',
        deletionPolicy: 'Delete',
        secretStoreRefs: [{ name: SECRET_STORE_NAME, kind: 'SecretStore' }],
        selector: { secret: { name: tlsSecretName(certificateName) } },
        data: PUSHED_KEYS.map(secretKey => ({
          match: {
            secretKey,
            remoteRef: { remoteKey: key, property: secretKey },
          },
        })),
      },
    },
  );
}

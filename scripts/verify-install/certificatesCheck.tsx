// Copied into the test app by scripts/verify-install.sh and type-checked there against the
// tarballs' dist/*.d.ts: both frontend systems, used as plugins/certificates/README.md shows.
import { Route } from 'react-router-dom';
import {
  CertificateRequestPickerFieldExtension,
  CertificatesPage,
  EntityCertificateStatusCard,
  EntityTeamCertificatesContent,
  certificatesPlugin,
  isCertificateResource,
} from '@internal/plugin-certificates';
import certificatesAlphaPlugin from '@internal/plugin-certificates/alpha';
import { createApp } from '@backstage/frontend-defaults';

export const legacyRoute = (
  <Route path="/certificates" element={<CertificatesPage />} />
);
export const legacyEntityParts = [
  <EntityTeamCertificatesContent />,
  <EntityCertificateStatusCard />,
  <CertificateRequestPickerFieldExtension />,
];
export const legacyPluginId: string = certificatesPlugin.getId();
export const resourceFilter = isCertificateResource;
export const newFrontendApp = createApp({
  features: [certificatesAlphaPlugin],
});

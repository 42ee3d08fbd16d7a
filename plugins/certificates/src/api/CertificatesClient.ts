// The frontend uses the same client as the scaffolder actions and the catalog module.
export { CertificatesClient } from '@internal/plugin-certificates-common';

/** Name the templates use: `ui:field: CertificateRequestPicker`. */
export const CERTIFICATE_REQUEST_PICKER = 'CertificateRequestPicker';

import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { CertificateRequestPicker } from './CertificateRequestPicker';
import { CERTIFICATE_REQUEST_PICKER } from './field';
import { validateCertificateRequest } from './validation';

/** The picker as a form field of the new frontend system (loaded lazily by the FormFieldBlueprint). */
export const certificateRequestField = createFormField({
  name: CERTIFICATE_REQUEST_PICKER,
  component: CertificateRequestPicker,
  validation: validateCertificateRequest,
});

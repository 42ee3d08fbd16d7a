import { useApi } from '@backstage/core-plugin-api';
import {
  CertificateRequestInput,
  RenderedFile,
} from '@internal/plugin-certificates-common';
import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { certificatesApiRef, fieldErrors } from '../../api';

/** The preview of one request body: its files, or the backend's problems by field. */
export type PreviewState = {
  /** The request body the answer is for (JSON), so a stale answer is never taken for the current form. */
  key?: string;
  files?: RenderedFile[];
  errors: Record<string, string>;
};

/**
 * Asks the backend for the request's files 400 ms after the last change:
 * the same validation as a submit (ownership included), with no side effect.
 * `request` undefined means the form is not complete yet: nothing is asked.
 */
export function usePreview(request: CertificateRequestInput | undefined) {
  const api = useApi(certificatesApiRef);
  const key = request ? JSON.stringify(request) : undefined;
  const [state, setState] = useState<PreviewState>({ errors: {} });
  useDebounce(
    () => {
      if (!request || !key) {
        setState({ errors: {} });
        return;
      }
      api.preview(request).then(
        files => setState({ key, files, errors: {} }),
        (e: unknown) => setState({ key, errors: fieldErrors(e) }),
      );
    },
    400,
    [key],
  );
  const current = state.key === key;
  return {
    /** The files for the form as it is now; undefined while checking or when invalid. */
    files: current ? state.files : undefined,
    /** The backend's problems with the form as it is now. */
    errors: current ? state.errors : {},
    /** Whether the answer for the form as it is now is still to come. */
    checking: !!key && !current,
  };
}

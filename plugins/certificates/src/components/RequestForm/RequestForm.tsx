import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CertificateRequestInput,
  RenderedFile,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Button, Grid, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { certificatesApiRef, fieldErrors } from '../../api';
import {
  apexGranted,
  CertificateChoice,
  subdomainProblem,
  wildcardGranted,
  withDefaults,
} from '../requestChoices';
import {
  CertificateNameFields,
  FullNameLine,
  requestOptionsFallback,
  useRequestOptions,
} from '../RequestFields';
import { PreviewPanel } from './PreviewPanel';

type FormState = CertificateChoice & { justification: string };

function toRequest(form: FormState): CertificateRequestInput {
  return {
    team: form.team,
    domain: form.domain,
    subdomain: form.subdomain,
    wildcard: form.wildcard,
    issuer: form.issuer,
    ...(form.justification ? { justification: form.justification } : {}),
  };
}

/** The certificate request form with live validation and a preview of the pull request. */
export const RequestForm = (props: {
  onCreated?: (request: StoredCertificateRequest) => void;
  /** Link to a request's status page, shown after submitting. */
  statusLink?: (id: string) => string;
}) => {
  const api = useApi(certificatesApiRef);
  const optionsState = useRequestOptions();
  const options = optionsState.value;
  const [form, setForm] = useState<FormState>({
    team: '',
    domain: '',
    subdomain: '',
    wildcard: false,
    issuer: '',
    justification: '',
  });
  // Kept apart so a late preview answer never wipes the error of a submit.
  const [previewErrors, setPreviewErrors] = useState<Record<string, string>>(
    {},
  );
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  const serverErrors = { ...previewErrors, ...submitErrors };
  const [preview, setPreview] = useState<RenderedFile[] | undefined>();
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<
    StoredCertificateRequest | undefined
  >();

  useEffect(() => {
    if (!options) return;
    setForm(f => ({ ...f, ...withDefaults(options, f) }));
  }, [options]);

  const subdomainError = useMemo(
    () => subdomainProblem(form.subdomain),
    [form.subdomain],
  );
  const canWildcard = options ? wildcardGranted(options, form) : false;
  const apexAllowed = options ? apexGranted(options, form) : false;

  useDebounce(
    () => {
      if (
        !form.team ||
        !form.domain ||
        !form.issuer ||
        subdomainError ||
        (!form.subdomain && !apexAllowed)
      ) {
        setPreview(undefined);
        return;
      }
      api
        .preview(toRequest({ ...form, wildcard: form.wildcard && canWildcard }))
        .then(
          files => {
            setPreview(files);
            setPreviewErrors({});
          },
          (e: unknown) => {
            setPreview(undefined);
            setPreviewErrors(fieldErrors(e));
          },
        );
    },
    400,
    [form, canWildcard, subdomainError, apexAllowed],
  );

  const fallback = requestOptionsFallback(optionsState);
  if (fallback || !options) return fallback ?? null;

  const update = (change: Partial<FormState>) => {
    setCreated(undefined);
    setSubmitErrors({});
    setForm(f => ({ ...f, ...change }));
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    try {
      const request = await api.createRequest(
        toRequest({ ...form, wildcard: form.wildcard && canWildcard }),
      );
      setCreated(request);
      setSubmitErrors({});
      props.onCreated?.(request);
    } catch (e) {
      setSubmitErrors(fieldErrors(e));
    } finally {
      setSubmitting(false);
    }
  };
  const errorFor = (field: string) => serverErrors[field];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <form onSubmit={submit} aria-label="Certificate request">
          <CertificateNameFields
            options={options}
            choice={form}
            onChange={update}
            errors={serverErrors}
            subdomainProblem={subdomainError}
            subdomainHint="Labels left of the domain; empty means the domain itself"
          />
          <TextField
            id="justification"
            label="Justification"
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            value={form.justification}
            onChange={e => update({ justification: e.target.value })}
            error={!!errorFor('justification')}
            helperText={
              errorFor('justification') ??
              'Why the certificate is needed (shown in the pull request)'
            }
          />
          <FullNameLine
            testId="full-name"
            options={options}
            choice={form}
            gutterBottom
          />
          {errorFor('(form)') && (
            <Alert severity="error">{errorFor('(form)')}</Alert>
          )}
          {errorFor('names') && (
            <Alert severity="error">{errorFor('names')}</Alert>
          )}
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={submitting || !!subdomainError}
          >
            Request certificate
          </Button>
          {created && (
            <Alert severity="success" style={{ marginTop: 16 }}>
              Request {created.state === 'pr-open' ? 'opened' : created.state}.{' '}
              {created.pullRequest && (
                <Link to={created.pullRequest.url}>
                  Pull request #{created.pullRequest.number}
                </Link>
              )}
              {props.statusLink && (
                <>
                  {' · '}
                  <Link to={props.statusLink(created.id)}>
                    Follow its status
                  </Link>
                </>
              )}
            </Alert>
          )}
        </form>
      </Grid>
      <Grid item xs={12} md={6}>
        <PreviewPanel files={preview} />
      </Grid>
    </Grid>
  );
};

import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CertificateRequestInput,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Grid, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { certificatesApiRef, fieldErrors } from '../../api';
import {
  CertificateChoice,
  choiceProblem,
  wildcardGranted,
  withDefaults,
} from '../requestChoices';
import {
  CertificateNameFields,
  FullNameLine,
  fullNameOf,
  requestOptionsFallback,
  useRequestOptions,
} from '../RequestFields';
import { changeOf } from './changeOf';
import { PreviewPanel } from './PreviewPanel';
import { SubmitRow } from './SubmitRow';
import { usePreview } from './usePreview';

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

/**
 * The backend names the field an error is about; a name problem on `domain`
 * (the apex) or `names` (held by another team) is about what the user typed
 * in the subdomain, so it shows there.
 */
function byField(errors: Record<string, string>): Record<string, string> {
  const { names, ...rest } = errors;
  const subdomain = rest.subdomain ?? names;
  return subdomain ? { ...rest, subdomain } : rest;
}

/** Why Request is disabled while not submitting. */
function waitingFor(checking: boolean, complete: boolean): string {
  if (checking) return 'Checking the request…';
  return complete
    ? 'Fix the problems shown above first'
    : 'Fill in the fields marked in red first';
}

/**
 * The certificate request form: the name is checked as it is typed (label
 * rules and the team's grants at once, the backend's full validation through
 * the debounced preview); Request stays disabled until the preview of the
 * form as it is accepts it. `team` preselects a team (`?team=`).
 */
export const RequestForm = (props: {
  team?: string;
  /** The user's requests: the preview says what a request changes of one of them. */
  requests?: StoredCertificateRequest[];
  onCreated?: (request: StoredCertificateRequest) => void;
  /** Link to a request's status page, shown after submitting. */
  statusLink?: (id: string) => string;
}) => {
  const api = useApi(certificatesApiRef);
  const optionsState = useRequestOptions();
  const options = optionsState.value;
  const [form, setForm] = useState<FormState>({
    team: props.team ?? '',
    domain: '',
    subdomain: '',
    wildcard: false,
    issuer: '',
    justification: '',
  });
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<StoredCertificateRequest>();

  useEffect(() => {
    if (!options) return;
    setForm(f => ({ ...f, ...withDefaults(options, f) }));
  }, [options]);

  const problem = options ? choiceProblem(options, form) : undefined;
  const canWildcard = options ? wildcardGranted(options, form) : false;
  const complete = !!(form.team && form.domain && form.issuer) && !problem;
  const preview = usePreview(
    complete
      ? toRequest({ ...form, wildcard: form.wildcard && canWildcard })
      : undefined,
  );

  const fallback = requestOptionsFallback(optionsState);
  if (fallback || !options) return fallback ?? null;

  const errors = byField({ ...preview.errors, ...submitErrors });
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
  const notMember =
    props.team && !options.teams.some(t => t.name === props.team);

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        {/* On the card's white, helper texts keep AA contrast (not on the page's grey). */}
        <InfoCard title="Request a certificate">
          <form onSubmit={submit} aria-label="Certificate request">
            {notMember && (
              <Alert severity="info">
                You are not a member of {props.team}; you can request for your
                own teams.
              </Alert>
            )}
            <CertificateNameFields
              options={options}
              choice={form}
              onChange={update}
              errors={errors}
              subdomainProblem={problem}
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
              error={!!errors.justification}
              helperText={
                errors.justification ??
                'Why the certificate is needed (shown in the pull request)'
              }
            />
            <FullNameLine
              testId="full-name"
              options={options}
              choice={form}
              gutterBottom
            />
            {errors['(form)'] && (
              <Alert severity="error">{errors['(form)']}</Alert>
            )}
            <SubmitRow
              ready={!!preview.files && !submitting}
              reason={
                submitting ? 'Sending…' : waitingFor(preview.checking, complete)
              }
              created={created}
              statusLink={props.statusLink}
            />
          </form>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <PreviewPanel
          files={preview.files}
          change={
            preview.files &&
            changeOf(preview.files, props.requests ?? [], {
              team: form.team,
              issuer: form.issuer,
              name: fullNameOf(options, form),
            })
          }
        />
      </Grid>
    </Grid>
  );
};

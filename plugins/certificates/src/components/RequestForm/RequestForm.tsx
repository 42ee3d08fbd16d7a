import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CertificateRequestInput,
  primaryName,
  RenderedFile,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import {
  Button,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { certificatesApiRef, fieldErrors } from '../../api';
import {
  apexGranted,
  CertificateChoice,
  describeGrants,
  domainsOf,
  grantsOf,
  subdomainProblem,
  wildcardGranted,
  withDefaults,
} from '../requestChoices';
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
  const {
    value: options,
    loading,
    error,
  } = useAsync(() => api.getOptions(), [api]);
  const [form, setForm] = useState<FormState>({
    team: '',
    domain: '',
    subdomain: '',
    wildcard: false,
    issuer: '',
    justification: '',
  });
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
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
  const domainGrants = options ? grantsOf(options, form) : [];
  const apexAllowed = options ? apexGranted(options, form) : false;
  const fullName = form.domain
    ? primaryName({ ...form, wildcard: form.wildcard && canWildcard })
    : '';

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
            setServerErrors({});
          },
          (e: unknown) => {
            setPreview(undefined);
            setServerErrors(fieldErrors(e));
          },
        );
    },
    400,
    [form, canWildcard, subdomainError, apexAllowed],
  );

  if (loading) return <Progress />;
  if (error)
    return (
      <Alert severity="error">
        Could not load the request options: {error.message}
      </Alert>
    );
  if (!options || options.teams.length === 0) {
    return (
      <Alert severity="info">
        You are not a member of any team that may request certificates.
      </Alert>
    );
  }

  const update = (change: Partial<FormState>) => {
    setCreated(undefined);
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
      setServerErrors({});
      props.onCreated?.(request);
    } catch (e) {
      setServerErrors(fieldErrors(e));
    } finally {
      setSubmitting(false);
    }
  };
  const errorFor = (field: string) => serverErrors[field];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <form onSubmit={submit} aria-label="Certificate request">
          <FormControl fullWidth margin="normal" error={!!errorFor('team')}>
            <InputLabel id="team-label">Team</InputLabel>
            <Select
              labelId="team-label"
              id="team"
              SelectDisplayProps={
                {
                  'aria-describedby': 'team-helper-text',
                } as React.HTMLAttributes<HTMLDivElement>
              }
              value={form.team}
              onChange={e =>
                update({ team: String(e.target.value), domain: '' })
              }
            >
              {options.teams.map(t => (
                <MenuItem key={t.name} value={t.name}>
                  {t.name}
                </MenuItem>
              ))}
            </Select>
            <FormHelperText id="team-helper-text">
              {errorFor('team') ?? 'Teams you are a member of'}
            </FormHelperText>
          </FormControl>
          <FormControl fullWidth margin="normal" error={!!errorFor('domain')}>
            <InputLabel id="domain-label">Domain</InputLabel>
            <Select
              labelId="domain-label"
              id="domain"
              SelectDisplayProps={
                {
                  'aria-describedby': 'domain-helper-text',
                } as React.HTMLAttributes<HTMLDivElement>
              }
              value={form.domain}
              onChange={e => update({ domain: String(e.target.value) })}
            >
              {domainsOf(options, form.team).map(d => (
                <MenuItem key={d.domain} value={d.domain}>
                  {d.domain}
                </MenuItem>
              ))}
            </Select>
            <FormHelperText id="domain-helper-text">
              {errorFor('domain') ?? describeGrants(domainGrants)}
            </FormHelperText>
          </FormControl>
          <TextField
            id="subdomain"
            label="Subdomain"
            fullWidth
            margin="normal"
            value={form.subdomain}
            onChange={e => update({ subdomain: e.target.value })}
            error={!!(subdomainError || errorFor('subdomain'))}
            helperText={
              subdomainError ??
              errorFor('subdomain') ??
              'Labels left of the domain; empty means the domain itself'
            }
            inputProps={{
              'aria-describedby': 'subdomain-helper-text full-name',
            }}
          />
          <FormControlLabel
            control={
              <Checkbox
                id="wildcard"
                checked={form.wildcard && canWildcard}
                disabled={!canWildcard}
                onChange={e => update({ wildcard: e.target.checked })}
              />
            }
            label={
              canWildcard
                ? 'Wildcard (*.name)'
                : 'Wildcard (not granted for this name)'
            }
          />
          {errorFor('wildcard') && (
            <FormHelperText error id="wildcard-helper-text">
              {errorFor('wildcard')}
            </FormHelperText>
          )}
          <FormControl fullWidth margin="normal" error={!!errorFor('issuer')}>
            <InputLabel id="issuer-label">Issuer</InputLabel>
            <Select
              labelId="issuer-label"
              id="issuer"
              SelectDisplayProps={
                {
                  'aria-describedby': 'issuer-helper-text',
                } as React.HTMLAttributes<HTMLDivElement>
              }
              value={form.issuer}
              onChange={e => update({ issuer: String(e.target.value) })}
            >
              {options.issuers.map(i => (
                <MenuItem key={i.name} value={i.name}>
                  {i.name}
                </MenuItem>
              ))}
            </Select>
            <FormHelperText id="issuer-helper-text">
              {errorFor('issuer') ??
                options.issuers.find(i => i.name === form.issuer)?.description}
            </FormHelperText>
          </FormControl>
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
          <Typography id="full-name" variant="subtitle1" gutterBottom>
            Certificate for:{' '}
            <strong data-testid="full-name">{fullName || '—'}</strong>
          </Typography>
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

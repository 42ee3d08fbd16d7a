import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { primaryName } from '@internal/plugin-certificates-common';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  Checkbox,
  FormControl,
  FormControlLabel,
  FormHelperText,
  FormLabel,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { certificatesApiRef, fieldErrorsOf } from '../../api';
import {
  CertificateChoice,
  describeGrants,
  domainsOf,
  EMPTY_CHOICE,
  grantsOf,
  subdomainProblem,
  wildcardGranted,
  withDefaults,
} from '../requestChoices';

/** What the field puts in the template's parameters: `parameters.<field>.team` and so on. */
export type CertificateRequestValue = CertificateChoice;

type ErrorSchema = { __errors?: string[] } & Record<
  string,
  { __errors?: string[] } | string[] | undefined
>;

/** Problems from the field's validation (`field: message`) and from the template's JSON schema, by field. */
function errorsByField(
  rawErrors: string[] | undefined,
  errorSchema: unknown,
): Record<string, string> {
  const errors = fieldErrorsOf(rawErrors ?? []);
  const nested = (errorSchema ?? {}) as ErrorSchema;
  for (const key of Object.keys(EMPTY_CHOICE)) {
    const first = (nested[key] as { __errors?: string[] } | undefined)
      ?.__errors?.[0];
    if (first) errors[key] ??= first;
  }
  return errors;
}

/**
 * Scaffolder field `CertificateRequestPicker`: team, domain, subdomain,
 * wildcard and issuer, offered from `GET /api/certificates/options` (the
 * signed-in user's teams, each team's domains, the configured issuers), with
 * the subdomain checked as typed by the same rules as the backend.
 */
export const CertificateRequestPicker = (
  props: FieldExtensionComponentProps<CertificateRequestValue>,
) => {
  const {
    formData,
    onChange,
    rawErrors,
    errorSchema,
    idSchema,
    schema,
    required,
    disabled,
    readonly,
  } = props;
  const api = useApi(certificatesApiRef);
  const {
    value: options,
    loading,
    error,
  } = useAsync(() => api.getOptions(), [api]);
  const id = idSchema?.$id ?? 'certificate';

  const choice = useMemo(() => {
    const current = { ...EMPTY_CHOICE, ...formData };
    return options ? withDefaults(options, current) : current;
  }, [options, formData]);

  // Put the defaults (first team, its first domain, first issuer) into the form data once the options are in.
  useEffect(() => {
    if (!options) return;
    const current = { ...EMPTY_CHOICE, ...formData };
    if (
      (Object.keys(EMPTY_CHOICE) as (keyof CertificateChoice)[]).some(
        k => current[k] !== choice[k] || formData?.[k] === undefined,
      )
    ) {
      onChange(choice);
    }
    // Only when the options arrive: later changes go through `update`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [options]);

  const subdomainError = useMemo(
    () => subdomainProblem(choice.subdomain),
    [choice.subdomain],
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

  const errors = errorsByField(rawErrors, errorSchema);
  const canWildcard = wildcardGranted(options, choice);
  const grants = grantsOf(options, choice);
  const fullName = choice.domain
    ? primaryName({ ...choice, wildcard: choice.wildcard && canWildcard })
    : '';
  const locked = disabled || readonly;
  const update = (change: Partial<CertificateChoice>) =>
    onChange(withDefaults(options, { ...choice, ...change }));
  const selectProps = (field: string) =>
    ({
      'aria-describedby': `${id}-${field}-helper-text`,
    } as React.HTMLAttributes<HTMLDivElement>);

  return (
    <FormControl
      component="fieldset"
      fullWidth
      required={required}
      error={!!errors['(form)']}
    >
      <FormLabel component="legend">{schema?.title ?? 'Certificate'}</FormLabel>
      {schema?.description && (
        <Typography variant="body2">{schema.description}</Typography>
      )}
      <FormControl
        fullWidth
        margin="normal"
        required
        error={!!errors.team}
        disabled={locked}
      >
        <InputLabel id={`${id}-team-label`}>Team</InputLabel>
        <Select
          labelId={`${id}-team-label`}
          id={`${id}-team`}
          SelectDisplayProps={selectProps('team')}
          value={choice.team}
          onChange={e => update({ team: String(e.target.value), domain: '' })}
        >
          {options.teams.map(t => (
            <MenuItem key={t.name} value={t.name}>
              {t.name}
            </MenuItem>
          ))}
        </Select>
        <FormHelperText id={`${id}-team-helper-text`}>
          {errors.team ?? 'Teams you are a member of'}
        </FormHelperText>
      </FormControl>
      <FormControl
        fullWidth
        margin="normal"
        required
        error={!!errors.domain}
        disabled={locked}
      >
        <InputLabel id={`${id}-domain-label`}>Domain</InputLabel>
        <Select
          labelId={`${id}-domain-label`}
          id={`${id}-domain`}
          SelectDisplayProps={selectProps('domain')}
          value={choice.domain}
          onChange={e => update({ domain: String(e.target.value) })}
        >
          {domainsOf(options, choice.team).map(d => (
            <MenuItem key={d.domain} value={d.domain}>
              {d.domain}
            </MenuItem>
          ))}
        </Select>
        <FormHelperText id={`${id}-domain-helper-text`}>
          {errors.domain ?? describeGrants(grants)}
        </FormHelperText>
      </FormControl>
      <TextField
        id={`${id}-subdomain`}
        label="Subdomain"
        fullWidth
        margin="normal"
        disabled={locked}
        value={choice.subdomain}
        onChange={e => update({ subdomain: e.target.value })}
        error={!!(subdomainError || errors.subdomain)}
        helperText={
          subdomainError ??
          errors.subdomain ??
          'Labels left of the domain, e.g. shop.team-a; empty means the domain itself'
        }
        FormHelperTextProps={{ id: `${id}-subdomain-helper-text` }}
        inputProps={{
          'aria-describedby': `${id}-subdomain-helper-text ${id}-full-name`,
        }}
      />
      <FormControlLabel
        control={
          <Checkbox
            id={`${id}-wildcard`}
            checked={choice.wildcard && canWildcard}
            disabled={locked || !canWildcard}
            onChange={e => update({ wildcard: e.target.checked })}
          />
        }
        label={
          canWildcard
            ? 'Wildcard (*.name)'
            : 'Wildcard (not granted for this name)'
        }
      />
      {errors.wildcard && (
        <FormHelperText error id={`${id}-wildcard-helper-text`}>
          {errors.wildcard}
        </FormHelperText>
      )}
      <FormControl
        fullWidth
        margin="normal"
        required
        error={!!errors.issuer}
        disabled={locked}
      >
        <InputLabel id={`${id}-issuer-label`}>Issuer</InputLabel>
        <Select
          labelId={`${id}-issuer-label`}
          id={`${id}-issuer`}
          SelectDisplayProps={selectProps('issuer')}
          value={choice.issuer}
          onChange={e => update({ issuer: String(e.target.value) })}
        >
          {options.issuers.map(i => (
            <MenuItem key={i.name} value={i.name}>
              {i.name}
            </MenuItem>
          ))}
        </Select>
        <FormHelperText id={`${id}-issuer-helper-text`}>
          {errors.issuer ??
            options.issuers.find(i => i.name === choice.issuer)?.description}
        </FormHelperText>
      </FormControl>
      <Typography id={`${id}-full-name`} variant="subtitle1">
        Certificate for:{' '}
        <strong data-testid="certificate-full-name">{fullName || '—'}</strong>
      </Typography>
      {errors['(form)'] && (
        <FormHelperText error>{errors['(form)']}</FormHelperText>
      )}
    </FormControl>
  );
};

import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import {
  FormControl,
  FormHelperText,
  FormLabel,
  Typography,
} from '@material-ui/core';
import { useEffect, useMemo } from 'react';
import { fieldErrorsOf } from '../../api';
import {
  CertificateChoice,
  EMPTY_CHOICE,
  subdomainProblem,
  withDefaults,
} from '../requestChoices';
import {
  CertificateNameFields,
  FullNameLine,
  requestOptionsFallback,
  useRequestOptions,
} from '../RequestFields';

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
  const optionsState = useRequestOptions();
  const options = optionsState.value;
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

  const fallback = requestOptionsFallback(optionsState);
  if (fallback || !options) return fallback ?? null;

  const errors = errorsByField(rawErrors, errorSchema);
  const locked = disabled || readonly;
  const update = (change: Partial<CertificateChoice>) =>
    onChange(withDefaults(options, { ...choice, ...change }));

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
      <CertificateNameFields
        idPrefix={id}
        required
        disabled={locked}
        options={options}
        choice={choice}
        onChange={update}
        errors={errors}
        subdomainProblem={subdomainError}
        subdomainHint="Labels left of the domain, e.g. shop.team-a; empty means the domain itself"
      />
      <FullNameLine
        idPrefix={id}
        testId="certificate-full-name"
        options={options}
        choice={choice}
      />
      {errors['(form)'] && (
        <FormHelperText error>{errors['(form)']}</FormHelperText>
      )}
    </FormControl>
  );
};

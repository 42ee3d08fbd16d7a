import { ApiHolder } from '@backstage/core-plugin-api';
import {
  certificateRequestSchema,
  CertificateOptions,
} from '@internal/plugin-certificates-common';
import { certificatesApiRef } from '../../api';
import {
  CertificateChoice,
  domainsOf,
  EMPTY_CHOICE,
  wildcardGranted,
} from '../requestChoices';

/** The part of a certificate request the picker chooses, checked with the backend's own field rules. */
const choiceSchema = certificateRequestSchema.pick({
  team: true,
  domain: true,
  subdomain: true,
  wildcard: true,
  issuer: true,
});

/** `field: message` lines for what the platform would refuse; the picker shows each next to its input. */
export function certificateChoiceProblems(
  value: Partial<CertificateChoice> | undefined,
  options?: CertificateOptions,
): string[] {
  const choice: CertificateChoice = { ...EMPTY_CHOICE, ...value };
  const { team, domain, subdomain, wildcard, issuer } = choice;
  const result = choiceSchema.safeParse({
    team,
    domain,
    subdomain,
    wildcard,
    issuer,
  });
  const problems: string[] = [];
  const failed = new Set<string>();
  // The first problem of each field, as the backend's messages name them.
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path.join('.') || '(form)';
    if (failed.has(field)) continue;
    failed.add(field);
    problems.push(`${field}: ${issue.message}`);
  }
  if (!options) return problems;
  const add = (field: keyof CertificateChoice, message: string) => {
    if (!failed.has(field)) problems.push(`${field}: ${message}`);
  };
  if (team && !options.teams.some(t => t.name === team))
    add('team', `"${team}" is not one of your teams`);
  else if (domain && !domainsOf(options, team).some(d => d.domain === domain)) {
    add('domain', `team "${team}" may not request names in ${domain}`);
  } else if (
    wildcard &&
    !failed.has('subdomain') &&
    !wildcardGranted(options, choice)
  ) {
    add(
      'wildcard',
      `not granted for ${subdomain ? `${subdomain}.` : ''}${domain}`,
    );
  }
  if (issuer && !options.issuers.some(i => i.name === issuer))
    add('issuer', `"${issuer}" is not a configured issuer`);
  return problems;
}

/**
 * The field's `validation`: runs when the user presses Next or Review, so the
 * step reports the same problems the backend would before the task starts.
 * The options are read through the app's certificates API when it is there;
 * the backend stays authoritative either way.
 */
export async function validateCertificateRequest(
  value: Partial<CertificateChoice> | undefined,
  validation: { addError(message: string): unknown },
  context: { apiHolder: ApiHolder },
): Promise<void> {
  let options: CertificateOptions | undefined;
  try {
    options = await context.apiHolder.get(certificatesApiRef)?.getOptions();
  } catch {
    options = undefined;
  }
  for (const problem of certificateChoiceProblems(value, options))
    validation.addError(problem);
}

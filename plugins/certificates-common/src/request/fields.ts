import { z } from 'zod';
import { checkCertificateName, checkHostName } from '../names/dnsNames';

/** Kubernetes DNS-1123 label: what a namespace or team name must be. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Namespaces the platform itself runs in; a team can never be named after one. */
export const RESERVED_NAMESPACES = [
  'default',
  'cert-manager',
  'external-secrets',
  'vault',
  'kyverno',
  'argocd',
  'backstage',
  'monitoring',
] as const;

export function isReservedNamespace(
  name: string,
  extra: readonly string[] = [],
): boolean {
  return (
    name.startsWith('kube-') ||
    (RESERVED_NAMESPACES as readonly string[]).includes(name) ||
    extra.includes(name)
  );
}

export const KEY_ALGORITHMS = [
  'ECDSA-P256',
  'ECDSA-P384',
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** Longest certificate name, so that `<name>-tls` and label values stay within 63 characters. */
export const MAX_CERTIFICATE_NAME_LENGTH = 52;

const FREE_TEXT_FORBIDDEN =
  // C0/C1 controls except tab and newline, and the bidi/zero-width controls that hide text.
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export const teamField = z
  .string({
    required_error: 'is required',
    invalid_type_error: 'must be a string',
  })
  .min(1, 'is required')
  .max(63, 'must be at most 63 characters')
  .regex(
    DNS1123_LABEL,
    'must be a DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit',
  )
  .refine(v => !isReservedNamespace(v), { message: 'is a reserved namespace' });

export const domainField = z
  .string({
    required_error: 'is required',
    invalid_type_error: 'must be a string',
  })
  .min(1, 'is required')
  .superRefine((value, ctx) => {
    const problem = checkHostName(value, { allowIdn: true });
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem.message });
  });

/** Zero or more labels left of the domain; the zone's own rules are applied later. */
export const subdomainField = z
  .string({ invalid_type_error: 'must be a string' })
  .max(253, 'must be at most 253 characters')
  .superRefine((value, ctx) => {
    if (value === '') return;
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(value)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must be DNS labels, not an IP address',
      });
      return;
    }
    if (value.includes('*')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must not contain "*"; set wildcard instead',
      });
      return;
    }
    // Checked as labels only: a subdomain may be "co" or "uk" on its own.
    for (const label of value.split('.')) {
      const problem = checkHostName(
        label.length > 0 ? `${label}.invalid` : '',
        { allowIdn: true },
      );
      if (problem) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: problem.message.replace('.invalid', ''),
        });
        return;
      }
    }
    if (value.endsWith('.') || value.startsWith('.')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must not start or end with a dot',
      });
    }
  });

export const certificateNameField = z
  .string({ invalid_type_error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(
    MAX_CERTIFICATE_NAME_LENGTH,
    `must be at most ${MAX_CERTIFICATE_NAME_LENGTH} characters`,
  )
  .regex(
    DNS1123_LABEL,
    'must be a DNS-1123 label: lowercase letters, digits and "-"',
  );

export const additionalNameField = z
  .string({ invalid_type_error: 'must be a string' })
  .superRefine((value, ctx) => {
    const problem = checkCertificateName(value, { allowIdn: true });
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem.message });
  });

export const issuerField = z
  .string({
    required_error: 'is required',
    invalid_type_error: 'must be a string',
  })
  .min(1, 'is required')
  .max(63, 'must be at most 63 characters')
  .regex(DNS1123_LABEL, 'must be the name of a configured issuer');

export const justificationField = z
  .string({ invalid_type_error: 'must be a string' })
  .max(1000, 'must be at most 1000 characters')
  .refine(v => !FREE_TEXT_FORBIDDEN.test(v), {
    message: 'must not contain control or invisible characters',
  });

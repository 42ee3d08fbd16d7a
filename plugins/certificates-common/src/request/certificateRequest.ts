import { z } from 'zod';
import {
  additionalNameField,
  certificateNameField,
  domainField,
  issuerField,
  justificationField,
  KEY_ALGORITHMS,
  subdomainField,
  teamField,
} from './fields';

/**
 * What a team asks for. Strict: an unknown key (`namespace`, `dnsNames`,
 * `isCA`, `__proto__`) is an error, never silently dropped.
 */
export const certificateRequestSchema = z
  .object({
    team: teamField,
    domain: domainField,
    subdomain: subdomainField.default(''),
    wildcard: z
      .boolean({ invalid_type_error: 'must be true or false' })
      .default(false),
    issuer: issuerField,
    additionalNames: z
      .array(additionalNameField)
      .max(20, 'must list at most 20 names')
      .optional(),
    keyAlgorithm: z
      .enum(KEY_ALGORITHMS, {
        errorMap: () => ({
          message: `must be one of ${KEY_ALGORITHMS.join(', ')}`,
        }),
      })
      .default('ECDSA-P256'),
    name: certificateNameField.optional(),
    justification: justificationField.optional(),
  })
  .strict();

/** A request as sent by a client (defaults not yet applied). */
export type CertificateRequestInput = z.input<typeof certificateRequestSchema>;
/** A request after parsing: defaults applied. */
export type CertificateRequest = z.output<typeof certificateRequestSchema>;

/** One problem with a request, naming the field it is about. */
export type RequestProblem = {
  /** Dotted path of the field, e.g. `subdomain` or `additionalNames.1`. */
  field: string;
  message: string;
  /** `invalid`: malformed or unknown (400); `forbidden`: not the team's to ask for (403); `conflict`: held by another team (409). */
  kind: 'invalid' | 'forbidden' | 'conflict';
};

/** Parses a request body; problems name the field, as `team`, `additionalNames.2`, or `(body)`. */
export function parseCertificateRequest(
  body: unknown,
):
  | { ok: true; request: CertificateRequest }
  | { ok: false; problems: RequestProblem[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      problems: [
        { field: '(body)', message: 'must be a JSON object', kind: 'invalid' },
      ],
    };
  }
  const result = certificateRequestSchema.safeParse(body);
  if (result.success) return { ok: true, request: result.data };
  const problems: RequestProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of issue.keys) {
        problems.push({
          field: [...issue.path, key].join('.'),
          message: 'is not a known field',
          kind: 'invalid',
        });
      }
      continue;
    }
    problems.push({
      field: issue.path.join('.') || '(body)',
      message: issue.message,
      kind: 'invalid',
    });
  }
  return { ok: false, problems };
}

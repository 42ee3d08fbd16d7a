import { ResponseError } from '@backstage/errors';

/** The backend's own message: a ResponseError carries it in its body. */
export function errorMessage(error: unknown): string {
  if (error instanceof ResponseError)
    return error.body?.error?.message ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The backend names the field at the start of each error line
 * (`subdomain: must be lowercase`); this maps them back to fields so the
 * form can show each next to its input. Lines without a field go to `(form)`.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  return fieldErrorsOf(errorMessage(error).split('\n'));
}

/** The same mapping for messages that are already lines (`field: message`). */
export function fieldErrorsOf(
  lines: readonly string[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const line of lines) {
    const match = /^([A-Za-z0-9_.()-]+): (.+)$/.exec(line.trim());
    if (match) errors[match[1]] ??= match[2];
    else errors['(form)'] ??= line;
  }
  return errors;
}

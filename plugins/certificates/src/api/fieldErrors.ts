/**
 * The backend names the field at the start of each error line
 * (`subdomain: must be lowercase`); this maps them back to fields so the
 * form can show each next to its input.
 */
export function fieldErrors(message: string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const line of message.split('\n')) {
    const match = /^([A-Za-z0-9_.()-]+): (.+)$/.exec(line.trim());
    if (match) errors[match[1]] ??= match[2];
    else errors['(form)'] ??= line;
  }
  return errors;
}

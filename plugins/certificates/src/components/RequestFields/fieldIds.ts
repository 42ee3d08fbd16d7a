/** The element id of a request field: `<prefix>-<field>`, or just `<field>` without a prefix. */
export function fieldId(prefix: string | undefined, field: string): string {
  return prefix ? `${prefix}-${field}` : field;
}

/** The id of a field's helper text, which describes the field. */
export function helperTextId(
  prefix: string | undefined,
  field: string,
): string {
  return `${fieldId(prefix, field)}-helper-text`;
}

/**
 * PromQL building blocks shared by the alert rules and the dashboard.
 *
 * cert-manager and ESO export the namespace of the *resource* in a `namespace`
 * label. A ServiceMonitor scrape without `honorLabels` renames it to
 * `exported_namespace` and sets `namespace` to the controller's own namespace
 * (cert-manager / external-secrets). A PodMonitor with `honorLabels: true`
 * keeps it as `namespace`. {@link resourceVector} accepts both and always
 * returns the resource's namespace in `namespace`.
 */

/** A PromQL double-quoted string literal. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * `metric` for resources whose namespace matches every regex in `namespaceRegexes`,
 * with the resource's namespace in `namespace`, aggregated with `max by (by)`.
 */
export function resourceVector(options: {
  metric: string;
  matchers?: string[];
  namespaceRegexes: string[];
  by: string[];
}): string {
  const { metric, matchers = [], namespaceRegexes, by } = options;
  const exported = [
    'exported_namespace!=""',
    ...namespaceRegexes.map(r => `exported_namespace=~${promqlString(r)}`),
    ...matchers,
  ];
  const plain = [
    'exported_namespace=""',
    ...namespaceRegexes.map(r => `namespace=~${promqlString(r)}`),
    ...matchers,
  ];
  return [
    `max by (${by.join(', ')}) (`,
    `  label_replace(`,
    `    ${metric}{${exported.join(', ')}}`,
    `    or`,
    `    ${metric}{${plain.join(', ')}},`,
    `    "namespace", "$1", "exported_namespace", "(.+)"`,
    `  )`,
    `)`,
  ].join('\n');
}

/** Indents every line of a multi-line expression. */
export function indent(expr: string, spaces = 2): string {
  const pad = ' '.repeat(spaces);
  return expr
    .split('\n')
    .map(l => pad + l)
    .join('\n');
}

/** Shared expressions, parameterised by the tenant namespace regexes. */
export function certificateExpressions(namespaceRegexes: string[]) {
  /** Certificate expiry (notAfter) per certificate; 0 (not issued yet) is dropped. */
  const expiry = `(\n${indent(
    resourceVector({
      metric: 'certmanager_certificate_expiration_timestamp_seconds',
      namespaceRegexes,
      by: ['namespace', 'name'],
    }),
  )}\n  > 0\n)`;
  /** cert-manager's planned renewal time (status.renewalTime); 0 (unknown) is dropped. */
  const renewal = `(\n${indent(
    resourceVector({
      metric: 'certmanager_certificate_renewal_timestamp_seconds',
      namespaceRegexes,
      by: ['namespace', 'name'],
    }),
  )}\n  > 0\n)`;
  const notReady = `${resourceVector({
    metric: 'certmanager_certificate_ready_status',
    matchers: ['condition!="True"'],
    namespaceRegexes,
    by: ['namespace', 'name', 'condition'],
  })}\n== 1`;
  return { expiry, renewal, notReady };
}

/**
 * Time to expiry (seconds) of certificates whose renewal is overdue by more than
 * `marginSeconds`: cert-manager's planned renewal time passed more than the margin
 * ago, or, for a certificate without a renewal time, less than
 * `renewBeforeSeconds - marginSeconds` are left. Expired certificates are left to
 * CertificateExpired.
 */
export function renewalOverdueExpr(
  namespaceRegexes: string[],
  renewBeforeSeconds: number,
  marginSeconds: number,
) {
  const { expiry, renewal } = certificateExpressions(namespaceRegexes);
  return [
    `(`,
    indent(`${expiry} - time() > 0`),
    `)`,
    `and on (namespace, name)`,
    `(`,
    indent(`(time() - ${renewal}) > ${marginSeconds}`),
    `  or`,
    `  (`,
    indent(`(${expiry} - time() < ${renewBeforeSeconds - marginSeconds})`, 4),
    `    unless on (namespace, name)`,
    indent(renewal, 4),
    `  )`,
    `)`,
  ].join('\n');
}

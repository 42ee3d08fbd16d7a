/**
 * The catalog Resource the backend's entity provider makes of a certificate
 * (`<team>-<certificateName>`), when short enough to predict: longer names
 * get a hash the frontend does not compute.
 */
export function certificateEntityRef(certificate: {
  team: string;
  certificateName: string;
}): string | undefined {
  const name = `${certificate.team}-${certificate.certificateName}`.replace(
    /[^a-zA-Z0-9._-]/g,
    '-',
  );
  return name.length <= 63 ? `resource:default/${name}` : undefined;
}

import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of certificate requests. Policies answer its permissions
 * with conditions (`isTeamMember`, `isRequester`) that the certificates
 * backend evaluates against each request, or against the team of a new one.
 */
export const RESOURCE_TYPE_CERTIFICATE_REQUEST = 'certificate-request';

/**
 * Create a certificate request for a team, and merge its pull request on
 * the local GitOps target. The resource is the team's request.
 */
export const certificateRequestCreatePermission = createPermission({
  name: 'certificate.request.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CERTIFICATE_REQUEST,
});

/** Read certificate requests and the certificate status of a team. */
export const certificateRequestReadPermission = createPermission({
  name: 'certificate.request.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CERTIFICATE_REQUEST,
});

/** Read and publish the platform bundle (ClusterIssuers, DNS solvers, Argo CD, monitoring). */
export const certificatePlatformAdminPermission = createPermission({
  name: 'certificate.platform.admin',
  attributes: {},
});

export const certificatesPermissions = [
  certificateRequestCreatePermission,
  certificateRequestReadPermission,
  certificatePlatformAdminPermission,
];

/**
 * What a certificate request is to a permission rule: its team, the catalog
 * Group that owns the team and who asked for it (absent for a request not
 * made yet).
 */
export type CertificateRequestResource = {
  team: string;
  /** Full entity ref, lowercase, e.g. `group:default/team-a`. */
  group: string;
  /** User entity ref of the requester. */
  requester?: string;
};

/**
 * What the rules translate to for lists: a property of the request and the
 * values that match it.
 */
export type CertificateRequestFilter = {
  property: 'group' | 'requester';
  values: string[];
};

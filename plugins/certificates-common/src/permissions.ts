import { createPermission } from '@backstage/plugin-permission-common';

/** Create a certificate request (and its pull request) for a team. */
export const certificateRequestCreatePermission = createPermission({
  name: 'certificate.request.create',
  attributes: { action: 'create' },
});

/** Read certificate requests and certificate status. */
export const certificateRequestReadPermission = createPermission({
  name: 'certificate.request.read',
  attributes: { action: 'read' },
});

/** Read and publish the platform bundle (ClusterIssuers, Argo CD, monitoring). */
export const certificatePlatformAdminPermission = createPermission({
  name: 'certificate.platform.admin',
  attributes: {},
});

export const certificatesPermissions = [
  certificateRequestCreatePermission,
  certificateRequestReadPermission,
  certificatePlatformAdminPermission,
];

import { usePermission } from '@backstage/plugin-permission-react';
import {
  certificateRequestCreatePermission,
  StoredCertificateRequest,
} from '@internal/plugin-certificates-common';
import { Button } from '@material-ui/core';

/**
 * Merges a local pull request. Shown only when the permission policy lets
 * the user write for the request's team (decided on the request itself).
 */
export const MergeButton = (props: {
  request: StoredCertificateRequest;
  onMerge: (id: string) => void;
}) => {
  const { request } = props;
  const { allowed } = usePermission({
    permission: certificateRequestCreatePermission,
    resourceRef: request.id,
  });
  if (!allowed) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      onClick={() => props.onMerge(request.id)}
      aria-label={`Merge the pull request of ${request.names.join(', ')}`}
    >
      Merge
    </Button>
  );
};

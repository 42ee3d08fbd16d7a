import { usePermission } from '@backstage/plugin-permission-react';
import { certificateRequestCreatePermission } from '@internal/plugin-certificates-common';
import { Button } from '@material-ui/core';

/**
 * Merges the pull request through one of its requests (the existing
 * `POST /requests/:id/merge`); shown only to whoever may write for it.
 */
export const MergePullRequestButton = (props: {
  requestId: string;
  number: number;
  busy: boolean;
  onMerge: (requestId: string) => void;
}) => {
  const { allowed } = usePermission({
    permission: certificateRequestCreatePermission,
    resourceRef: props.requestId,
  });
  if (!allowed) return null;
  return (
    <Button
      variant="contained"
      color="primary"
      disabled={props.busy}
      onClick={() => props.onMerge(props.requestId)}
    >
      {props.busy ? 'Merging…' : `Merge pull request #${props.number}`}
    </Button>
  );
};

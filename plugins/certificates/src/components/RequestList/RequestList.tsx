import { Link, Table, TableColumn } from '@backstage/core-components';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Chip } from '@material-ui/core';
import { MergeButton } from './MergeButton';

/** Requests with their pull requests; a merge button on open local pull requests the user may merge. */
export const RequestList = (props: {
  requests: StoredCertificateRequest[];
  canMerge: boolean;
  onMerge: (id: string) => void;
  title?: string;
  /** The request to highlight (from `?request=<id>`). */
  highlightId?: string;
}) => {
  const columns: TableColumn<StoredCertificateRequest>[] = [
    { title: 'Names', render: r => r.names.join(', ') },
    { title: 'Team', field: 'team' },
    { title: 'Issuer', field: 'issuer' },
    { title: 'State', render: r => <Chip size="small" label={r.state} /> },
    {
      title: 'Pull request',
      render: r =>
        r.pullRequest ? (
          <Link to={r.pullRequest.url}>#{r.pullRequest.number}</Link>
        ) : (
          '—'
        ),
    },
    { title: 'Requested', render: r => new Date(r.createdAt).toLocaleString() },
    {
      title: '',
      render: r =>
        props.canMerge && r.state === 'pr-open' ? (
          <MergeButton request={r} onMerge={props.onMerge} />
        ) : null,
    },
  ];
  return (
    <Table
      title={props.title ?? 'Certificate requests'}
      options={{
        search: true,
        paging: false,
        rowStyle: (r: StoredCertificateRequest) =>
          r.id === props.highlightId
            ? { backgroundColor: 'rgba(25, 118, 210, 0.12)', fontWeight: 600 }
            : {},
      }}
      columns={columns}
      data={props.requests}
    />
  );
};

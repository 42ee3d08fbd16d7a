import { Link, Table, TableColumn } from '@backstage/core-components';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Button, Chip } from '@material-ui/core';

/** Requests with their pull requests; a merge button on open local pull requests. */
export const RequestList = (props: {
  requests: StoredCertificateRequest[];
  canMerge: boolean;
  onMerge: (id: string) => void;
  title?: string;
}) => {
  const columns: TableColumn<StoredCertificateRequest>[] = [
    { title: 'Names', render: r => r.names.join(', ') },
    { title: 'Team', field: 'team' },
    { title: 'Issuer', field: 'issuer' },
    { title: 'State', render: r => <Chip size="small" label={r.state} /> },
    {
      title: 'Pull request',
      render: r => (r.pullRequest ? <Link to={r.pullRequest.url}>#{r.pullRequest.number}</Link> : '—'),
    },
    { title: 'Requested', render: r => new Date(r.createdAt).toLocaleString() },
    {
      title: '',
      render: r =>
        props.canMerge && r.state === 'pr-open' ? (
          <Button size="small" variant="outlined" onClick={() => props.onMerge(r.id)}>
            Merge
          </Button>
        ) : null,
    },
  ];
  return (
    <Table
      title={props.title ?? 'Certificate requests'}
      options={{ search: true, paging: false }}
      columns={columns}
      data={props.requests}
    />
  );
};

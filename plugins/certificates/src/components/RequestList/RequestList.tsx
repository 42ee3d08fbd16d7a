import { Link, Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { StoredCertificateRequest } from '@internal/plugin-certificates-common';
import { Chip } from '@material-ui/core';
import { PullRequestLink } from '../PullRequestLink';
import { formatTime } from '../status/lifecycle';
import { certificateEntityRef } from '../status/entityRef';
import { MergeButton } from './MergeButton';
import { KIND_LABELS, requestKind } from './requestKind';

type Row = StoredCertificateRequest & { kind: string };

/** States whose certificate has a catalog entity (the provider drops closed ones). */
const HAS_ENTITY = ['pending', 'pr-open', 'merged', 'failed'];

function matches(term: string, row: Row): boolean {
  const needle = term.trim().toLocaleLowerCase('en-US');
  return [...row.names, row.certificateName, row.team, row.kind, row.state]
    .join(' ')
    .toLocaleLowerCase('en-US')
    .includes(needle);
}

/**
 * Requests with their pull requests: each name opens the request's view,
 * each certificate its catalog entity; the search finds DNS names; a merge
 * button on open local pull requests the user may merge.
 */
export const RequestList = (props: {
  requests: StoredCertificateRequest[];
  canMerge: boolean;
  onMerge: (id: string) => void;
  /** The address of a request's view. */
  requestLink: (id: string) => string;
  title?: string;
  /** The request to highlight (from `?request=<id>`). */
  highlightId?: string;
}) => {
  const rows: Row[] = props.requests.map(r => ({
    ...r,
    kind: KIND_LABELS[requestKind(r, props.requests)],
  }));
  const columns: TableColumn<Row>[] = [
    {
      title: 'Names',
      customFilterAndSearch: (term: string, row: Row) => matches(term, row),
      // Whole names: on a phone the table scrolls sideways instead of breaking them mid-label.
      cellStyle: { whiteSpace: 'nowrap' },
      render: r => (
        <Link to={props.requestLink(r.id)} data-testid="request-link">
          {r.names.join(', ')}
        </Link>
      ),
    },
    { title: 'Kind', field: 'kind', cellStyle: { whiteSpace: 'nowrap' } },
    {
      title: 'Catalog entity',
      render: r => {
        const ref = certificateEntityRef(r);
        return ref && HAS_ENTITY.includes(r.state) ? (
          <EntityRefLink entityRef={ref} title={r.certificateName} />
        ) : (
          r.certificateName
        );
      },
    },
    { title: 'Team', field: 'team' },
    { title: 'State', render: r => <Chip size="small" label={r.state} /> },
    {
      title: 'Pull request',
      render: r =>
        r.pullRequest ? <PullRequestLink pullRequest={r.pullRequest} /> : '—',
    },
    { title: 'Requested', render: r => formatTime(r.createdAt) },
    {
      title: 'Actions',
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
        searchFieldAlignment: 'left',
        paging: false,
        sorting: false,
        rowStyle: (r: Row) =>
          r.id === props.highlightId
            ? { backgroundColor: 'rgba(25, 118, 210, 0.12)', fontWeight: 600 }
            : {},
      }}
      localization={{
        toolbar: { searchPlaceholder: 'Search by DNS name' },
      }}
      columns={columns}
      data={rows}
    />
  );
};

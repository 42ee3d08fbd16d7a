import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';

/** One condition on a stored request: its team, or who made it (compared lowercase). */
export type RequestListCondition = {
  column: 'team' | 'created_by';
  values: string[];
};

/** Which requests a permission decision lets through, as a query on the store. */
export type RequestListCriteria = PermissionCriteria<RequestListCondition>;

/** Adds the criteria to a query: allOf/anyOf/not as nested where clauses. */
export function whereCriteria(
  query: Knex.QueryBuilder,
  criteria: RequestListCriteria,
): void {
  if (isAndCriteria(criteria)) {
    for (const c of criteria.allOf)
      query.andWhere(sub => whereCriteria(sub, c));
  } else if (isOrCriteria(criteria)) {
    for (const c of criteria.anyOf) query.orWhere(sub => whereCriteria(sub, c));
  } else if (isNotCriteria(criteria)) {
    query.whereNot(sub => whereCriteria(sub, criteria.not));
  } else if (criteria.values.length === 0) {
    // Matches nothing, on every database.
    query.whereRaw('1 = 0');
  } else if (criteria.column === 'created_by') {
    query.whereRaw(
      `lower(created_by) in (${criteria.values.map(() => '?').join(', ')})`,
      criteria.values.map(v => v.toLocaleLowerCase('en-US')),
    );
  } else {
    query.whereIn('team', criteria.values);
  }
}

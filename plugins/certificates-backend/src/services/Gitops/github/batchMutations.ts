import { AliasedMutation, aliasedMutation } from './batchDocuments';
import { classify, Failure, failureOf, isObject, prop } from './errors';
import { GitHubConnection } from './githubConnection';

/** One alias's answer, or why it failed. */
export type Answer = { data?: unknown; failure?: Failure };

/** Items in documents of at most `perCall` mutations and `bytesPerCall` bytes (one item never splits). */
export function groupMutations<
  T extends { mutations: AliasedMutation[]; bytes: number },
>(items: T[], perCall: number, bytesPerCall: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let mutations = 0;
  let bytes = 0;
  for (const item of items) {
    if (
      current.length > 0 &&
      (mutations + item.mutations.length > perCall ||
        bytes + item.bytes > bytesPerCall)
    ) {
      out.push(current);
      current = [];
      mutations = 0;
      bytes = 0;
    }
    current.push(item);
    mutations += item.mutations.length;
    bytes += item.bytes;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * Runs one aliased mutation document, never retried blindly. Answers per
 * alias: GitHub nulls a failed alias and names it in `errors[].path`. A
 * failure of the whole call (timeout, 5xx) is every alias's failure: the
 * caller reads what was applied before trying again.
 */
export async function runAliasedMutations(
  gh: GitHubConnection,
  step: string,
  operation: string,
  mutations: AliasedMutation[],
): Promise<(alias: string) => Answer> {
  const { query, variables } = aliasedMutation(operation, mutations);
  try {
    const data = await gh.call(step, () =>
      gh.octokit.graphql<Record<string, unknown>>(query, {
        ...variables,
        request: { retries: 0 },
      }),
    );
    return alias => ({ data: data?.[alias] });
  } catch (error) {
    const partial = prop(error, 'data');
    const errors = prop(error, 'errors');
    if (
      prop(error, 'name') !== 'GraphqlResponseError' ||
      !isObject(partial) ||
      !Array.isArray(errors)
    ) {
      const failure = failureOf(error, gh.fullName);
      return () => ({ failure });
    }
    const byAlias = new Map<string, Failure>();
    for (const e of errors) {
      const path = prop(e, 'path');
      if (Array.isArray(path) && typeof path[0] === 'string')
        byAlias.set(path[0], classify({ errors: [e] }, gh.fullName));
    }
    // An error naming no alias (e.g. the whole document refused) is every alias's.
    const whole = errors.some(e => !Array.isArray(prop(e, 'path')))
      ? classify({ errors }, gh.fullName)
      : undefined;
    return alias => ({
      data: partial[alias],
      failure: byAlias.get(alias) ?? (partial[alias] ? undefined : whole),
    });
  }
}

/**
 * Sends `items` in as few documents as the limits allow, one after another
 * (GitHub's secondary rate limit punishes concurrent mutations), and hands
 * each group its answers. With `onGroupError`, a group that throws is
 * reported there and the next group still runs (best-effort steps);
 * without it the error stops the run.
 */
export async function runInGroups<
  T extends { mutations: AliasedMutation[]; bytes: number },
>(
  gh: GitHubConnection,
  options: {
    step: string;
    operation: string;
    perCall: number;
    bytesPerCall: number;
    onGroupError?: (group: T[], error: unknown) => void;
  },
  items: T[],
  handle: (
    group: T[],
    answers: (alias: string) => Answer,
  ) => Promise<void> | void,
): Promise<void> {
  for (const group of groupMutations(
    items,
    options.perCall,
    options.bytesPerCall,
  )) {
    try {
      const answers = await runAliasedMutations(
        gh,
        options.step,
        options.operation,
        group.flatMap(i => i.mutations),
      );
      await handle(group, answers);
    } catch (error) {
      if (!options.onGroupError) throw error;
      options.onGroupError(group, error);
    }
  }
}

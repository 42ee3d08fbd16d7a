import fs from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  DocumentNode,
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLFieldResolver,
  GraphQLSchema,
  parse,
  validate,
} from 'graphql';

/*
 * GraphQL for the fake GitHub, as GitHub runs it: every document is parsed
 * and validated against GitHub's public schema (@octokit/graphql-schema),
 * every variable must be declared and coerce to its declared type, and the
 * document is then executed field by field with resolvers over the fake's
 * state. A query GitHub would reject is rejected here with GitHub's error
 * shape, and recorded, so the test that sent it fails.
 *
 * To serve a new field, add a resolver to {@link FakeGraphqlResolvers}
 * (keyed `Type.field`); fields without one read the property of the same
 * name of the object the parent resolver returned.
 */

/** GitHub's public schema ships in @octokit/graphql-schema; its exports are ESM-only, so it is found by path. */
function githubSchemaFile(): string {
  for (
    let dir = __dirname;
    dir !== path.dirname(dir);
    dir = path.dirname(dir)
  ) {
    const file = path.join(
      dir,
      'node_modules/@octokit/graphql-schema/schema.graphql',
    );
    if (fs.existsSync(file)) return file;
  }
  throw new Error('@octokit/graphql-schema is not installed');
}

let schema: GraphQLSchema | undefined;
/** Built once per process (about half a second). */
export function githubSchema(): GraphQLSchema {
  // The published SDL repeats two fields of EnterpriseOwnerInfo; GitHub serves it as is.
  schema ??= buildSchema(fs.readFileSync(githubSchemaFile(), 'utf8'), {
    assumeValidSDL: true,
  });
  return schema;
}

/** An error as GitHub's GraphQL API answers it (`type` for execution errors). */
export type GithubGraphqlError = {
  type?: string;
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
};

/** Thrown by a resolver to answer a GitHub execution error (NOT_FOUND, STALE_DATA ...). */
export class GithubExecutionError extends Error {
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export type CheckedDocument = {
  document?: DocumentNode;
  operationName?: string;
  operation?: 'query' | 'mutation' | 'subscription';
  /** Why GitHub would refuse the document before running any of it. */
  errors: GithubGraphqlError[];
};

const validated = new Map<string, readonly GraphQLError[] | DocumentNode>();

/** Parses and validates `query` against GitHub's schema, and checks `variables` against its declarations. */
export function checkDocument(
  query: string,
  variables: Record<string, unknown>,
): CheckedDocument {
  let cached = validated.get(query);
  if (!cached) {
    try {
      const document = parse(query);
      const errors = validate(githubSchema(), document);
      cached = errors.length > 0 ? errors : document;
    } catch (e) {
      cached = [e as GraphQLError];
    }
    validated.set(query, cached);
  }
  if (Array.isArray(cached)) return { errors: cached.map(fromGraphqlError) };
  const document = cached as DocumentNode;
  const operation = getOperationAST(document);
  if (!operation)
    return {
      errors: [{ message: 'A document must hold exactly one operation.' }],
    };
  const declared = new Set(
    (operation.variableDefinitions ?? []).map(v => v.variable.name.value),
  );
  const errors: GithubGraphqlError[] = Object.keys(variables)
    .filter(name => !declared.has(name))
    .map(name => ({
      message: `Variable $${name} is provided but not declared by ${
        operation.name?.value ?? 'the operation'
      }`,
    }));
  const coerced = getVariableValues(
    githubSchema(),
    operation.variableDefinitions ?? [],
    variables,
  );
  errors.push(...(coerced.errors ?? []).map(fromGraphqlError));
  return {
    document,
    operationName: operation.name?.value,
    operation: operation.operation,
    errors,
  };
}

function fromGraphqlError(e: GraphQLError): GithubGraphqlError {
  const original = e.originalError;
  return {
    ...(original instanceof GithubExecutionError
      ? { type: original.type }
      : {}),
    message: e.message,
    ...(e.path ? { path: e.path } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
  };
}

/** Resolvers keyed `Type.field`, called with the fake as context. */
export type FakeGraphqlResolvers<C> = Record<
  string,
  (source: any, args: Record<string, any>, context: C) => unknown
>;

/** Runs a checked document; answers `{ data, errors? }` as GitHub does. */
export async function executeDocument<C>(
  checked: CheckedDocument,
  variables: Record<string, unknown>,
  resolvers: FakeGraphqlResolvers<C>,
  context: C,
): Promise<{ data: unknown; errors?: GithubGraphqlError[] }> {
  const fieldResolver: GraphQLFieldResolver<any, C> = (
    source,
    args,
    ctx,
    info,
  ) => {
    const resolver = resolvers[`${info.parentType.name}.${info.fieldName}`];
    if (resolver) return resolver(source, args, ctx);
    const value = source?.[info.fieldName];
    return typeof value === 'function' ? value.call(source, args) : value;
  };
  const result = await execute({
    schema: githubSchema(),
    document: checked.document!,
    variableValues: variables,
    contextValue: context,
    rootValue: {},
    fieldResolver,
  });
  return result.errors?.length
    ? { data: result.data ?? null, errors: result.errors.map(fromGraphqlError) }
    : { data: result.data };
}

/**
 * True when an insert lost a race for a unique key (PostgreSQL 23505 or the
 * SQLite constraint codes). Callers treat it as "someone else got there
 * first" and retry or step back, instead of failing the request.
 */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/.test(e?.message ?? '')
  );
}

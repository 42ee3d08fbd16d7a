import { NotFoundError } from '@backstage/errors';

/**
 * The value if it exists and the caller may read it; else a 404 with the
 * same message, so that another team's ids and names cannot be probed.
 */
export async function readableOr404<T>(
  value: T | undefined,
  mayRead: (value: T) => Promise<boolean>,
  notFound: string,
): Promise<T> {
  if (value === undefined || !(await mayRead(value)))
    throw new NotFoundError(notFound);
  return value;
}

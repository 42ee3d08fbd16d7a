import { useRouteRef } from '@backstage/core-plugin-api';
import { rootRouteRef } from '../../routes';

/** The address of a request's view: the requests page with `?request=<id>`. */
export function useRequestLink(): (id: string) => string {
  const root = useRouteRef(rootRouteRef)();
  return id => `${root}?request=${encodeURIComponent(id)}`;
}

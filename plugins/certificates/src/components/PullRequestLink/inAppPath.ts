/**
 * The in-app path of `url` when it points into this app: a relative URL, or
 * an absolute one under `baseUrl` (`app.baseUrl`). Undefined for any other
 * address (GitHub, another host), which stays an external link.
 */
export function inAppPath(
  url: string,
  baseUrl: string | undefined,
): string | undefined {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (!baseUrl) return undefined;
  let target: URL;
  let base: URL;
  try {
    target = new URL(url);
    base = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (target.origin !== base.origin) return undefined;
  // The router adds the app's base path itself: links name the path below it.
  const basePath = base.pathname.replace(/\/+$/, '');
  if (basePath && !`${target.pathname}/`.startsWith(`${basePath}/`))
    return undefined;
  const path = target.pathname.slice(basePath.length) || '/';
  return `${path}${target.search}${target.hash}`;
}

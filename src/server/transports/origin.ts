// Which web pages may open a WebSocket to this server. A browser sends the page's origin with every WebSocket
// handshake and a page cannot change it, so refusing foreign origins keeps another site from opening connections
// in its visitor's name; clients that are not browsers send no Origin and are not concerned.

/** The origins allowed besides the server's own, ready to check. */
export interface OriginPolicy {
  /** '*' was listed: any origin may connect. */
  readonly any: boolean;
  /** Listed origins, lower-cased, without a trailing slash. */
  readonly listed: ReadonlySet<string>;
}

/** A policy from `config.allowedOrigins` (exact `scheme://host[:port]` entries, or '*'). */
export function originPolicy(allowed: readonly string[]): OriginPolicy {
  const listed = new Set(allowed.map((entry) => entry.trim().toLowerCase().replace(/\/+$/, '')));
  return { any: listed.has('*'), listed };
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/**
 * Whether a WebSocket handshake may proceed: no Origin header (not a browser), an origin whose host and port are
 * the request's Host (the page came from this server), or an origin the policy lists.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  policy: OriginPolicy,
): boolean {
  if (origin === undefined) return true;
  if (policy.any) return true;
  const normal = origin.trim().toLowerCase().replace(/\/+$/, '');
  if (policy.listed.has(normal)) return true;
  return host !== undefined && sameHost(normal, host);
}

/** Whether an origin names the host and port of a Host header (default ports spelled out or not). */
function sameHost(origin: string, host: string): boolean {
  let page: URL;
  let target: URL;
  try {
    page = new URL(origin);
    // The Host header carries no scheme: read it with the page's, so that its default port is the page's too.
    target = new URL(`${page.protocol}//${host}`);
  } catch {
    return false; // "null" (a sandboxed page or a file) or garbage: not this server
  }
  if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
  if (target.username || target.password || target.pathname !== '/' || target.search || target.hash)
    return false;
  const port = (url: URL): string => url.port || DEFAULT_PORTS[url.protocol] || '';
  return page.hostname === target.hostname && port(page) === port(target);
}

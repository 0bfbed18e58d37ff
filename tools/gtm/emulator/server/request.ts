// The request a server container serves, as its clients read it (getRequest*, getRemoteAddress, getCookieValues).
// Plain data, so that a test can write one by hand and a Node server can make one from an IncomingMessage
// (node-http.ts).

export interface ContainerRequest {
  /** upper case: 'GET', 'POST' */
  readonly method: string;
  /** the path as received, without the query: '/metrics/g/collect' */
  readonly path: string;
  /** the query as received (still encoded), without '?'; '' when there is none */
  readonly queryString: string;
  /** lower-case header name → its values, in the order received */
  readonly headers: Readonly<Record<string, readonly string[]>>;
  /** the body as text; undefined when the request has none */
  readonly body: string | undefined;
  /** the address of the connection's peer, used when no Forwarded or X-Forwarded-For header names the client */
  readonly socketAddress: string;
}

export type HeaderInit = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface RequestInit {
  /** default 'GET' */
  method?: string;
  /** the path and query: '/g/collect?v=2&en=page_view' (an absolute URL works too) */
  url: string;
  headers?: HeaderInit;
  body?: string | Uint8Array;
  socketAddress?: string;
}

export function createRequest(init: RequestInit): ContainerRequest {
  const { pathname, search } = new URL(init.url, 'http://request.invalid');
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(init.headers ?? {})) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = [...(headers[name.toLowerCase()] ?? []), ...(typeof value === 'string' ? [value] : value)];
  }
  const body = typeof init.body === 'string' ? init.body : init.body === undefined ? undefined : Buffer.from(init.body).toString('utf8');
  return {
    method: (init.method ?? 'GET').toUpperCase(),
    path: pathname,
    queryString: search.replace(/^\?/, ''),
    headers,
    body: body === '' ? undefined : body,
    socketAddress: init.socketAddress ?? '',
  };
}

/** A header's value; a repeated header's values joined with ', ' (as getRequestHeader documents). */
export function headerValue(request: ContainerRequest, name: string): string | undefined {
  const values = request.headers[name.toLowerCase()];
  return values && values.length > 0 ? values.join(', ') : undefined;
}

/** The path without the server container URL's path prefix ('/metrics' strips '/metrics/g/collect' to '/g/collect'). */
export function pathWithoutPrefix(request: ContainerRequest, prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  if (trimmed === '' || !(request.path === trimmed || request.path.startsWith(`${trimmed}/`))) return request.path;
  return request.path.slice(trimmed.length) || '/';
}

/** Decoded query parameters; a repeated name maps to an array of its values, in order. */
export function queryParameters(query: string): Record<string, string | string[]> {
  const parameters: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const seen = parameters[name];
    parameters[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
  }
  return parameters;
}

/**
 * The client's address, best effort as GTM documents it: the first `for=` of the Forwarded header, else the first
 * address of X-Forwarded-For, else the connection's peer. Ports and IPv6 brackets are removed. [UNVERIFIED: which
 * header GTM prefers when both are present, and that it takes the first (client-side) entry.]
 */
export function remoteAddress(request: ContainerRequest): string {
  const forwarded = headerValue(request, 'forwarded');
  const forwardedFor = forwarded ? /(?:^|[;,\s])for="?([^";,]+)"?/i.exec(forwarded)?.[1] : undefined;
  const xForwardedFor = headerValue(request, 'x-forwarded-for')?.split(',')[0]?.trim();
  return withoutPort(forwardedFor ?? (xForwardedFor || request.socketAddress));
}

function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  // one colon: an IPv4 address (or a name) with a port; more: a bare IPv6 address
  return (address.match(/:/g) ?? []).length === 1 ? address.slice(0, address.indexOf(':')) : address;
}

/**
 * The host name the client asked for, for setCookie's domain 'auto': X-Forwarded-Host when a proxy in front of the
 * container set it, else Host, without the port. [UNVERIFIED: that GTM reads X-Forwarded-Host.]
 */
export function requestHostName(request: ContainerRequest): string {
  const host = headerValue(request, 'x-forwarded-host')?.split(',')[0]?.trim() || headerValue(request, 'host') || '';
  return withoutPort(host).toLowerCase();
}

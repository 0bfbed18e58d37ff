// Outbound HTTP for sendHttpRequest, sendHttpGet and Google token requests: real requests with node:http(s), one
// time limit for the whole exchange, and the two rejection reasons GTM documents ('failed', 'timed_out').
import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OutboundRequest {
  url: string;
  /** upper case; default GET */
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
  /** ms for the whole exchange, from sending to the last byte of the response */
  timeoutMs: number;
}

export interface HttpResponse {
  statusCode: number;
  /** lower-case names; a repeated header's values joined with ', ' */
  headers: Record<string, string>;
  body: string;
}

export type HttpFailureReason = 'failed' | 'timed_out';

/** Why a request produced no response; `detail` says what went wrong, for logs. */
export class HttpFailure extends Error {
  constructor(
    readonly reason: HttpFailureReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'HttpFailure';
  }
}

/**
 * Outbound URLs sent elsewhere, by prefix: { 'https://storage.googleapis.com': 'http://127.0.0.1:9023' } sends
 * every request under that origin to a local stand-in. Permissions are checked against the URL the template wrote.
 */
export type OutboundRoutes = Readonly<Record<string, string>>;

export function routedUrl(url: string, routes: OutboundRoutes): string {
  for (const [from, to] of Object.entries(routes)) {
    if (url === from || url.startsWith(from.endsWith('/') ? from : `${from}/`) || url.startsWith(`${from}?`)) return to + url.slice(from.length);
  }
  return url;
}

/** Sends the request; rejects with HttpFailure. Redirects are not followed. [UNVERIFIED: whether GTM follows them.] */
export function sendHttp(outbound: OutboundRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(outbound.url);
    } catch {
      reject(new HttpFailure('failed', `${JSON.stringify(outbound.url)} is not a URL`));
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new HttpFailure('failed', `${url.protocol} URLs cannot be requested; use http or https`));
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    let outgoing: ClientRequest | undefined;
    const fail = (reason: HttpFailureReason, detail: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new HttpFailure(reason, detail));
      outgoing?.destroy();
    };
    const timer = setTimeout(() => fail('timed_out', `no complete response within ${outbound.timeoutMs} ms`), outbound.timeoutMs);
    try {
      outgoing = send(url, { method: outbound.method ?? 'GET', headers: outbound.headers ?? {} }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', (error) => fail('failed', error.message));
        incoming.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ statusCode: incoming.statusCode ?? 0, headers: flatHeaders(incoming.headers), body: Buffer.concat(chunks).toString('utf8') });
        });
      });
    } catch (error) {
      // invalid methods or header values are refused before anything is sent
      fail('failed', (error as Error).message);
      return;
    }
    outgoing.on('error', (error) => fail('failed', error.message));
    outgoing.end(outbound.body);
  });
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

// Outbound HTTP (sendHttpRequest, sendHttpGet) and Google credentials (getGoogleAuth). Requests are real; the
// promise form resolves to {statusCode, headers, body} or rejects with {reason: 'failed' | 'timed_out'}, the
// callback form calls back with (statusCode, headers, body).
import { expectArg, typeName } from '../../api/args.ts';
import { defineApi, type ApiEnvironment, type HostFunction } from '../../api/define.ts';
import { ApiError } from '../../errors.ts';
import type { GoogleCredentials } from '../google-auth.ts';
import { HttpFailure, routedUrl, sendHttp, type HttpResponse } from '../http-client.ts';
import type { RunScope, ScopeOf } from '../scope.ts';

/** What getGoogleAuth grants: the credentials and scopes behind the empty object the sandbox holds. */
interface GoogleAuth {
  credentials: GoogleCredentials;
  scopes: readonly string[];
}

/**
 * getGoogleAuth's results by the realm object handed out. The sandbox sees an empty object (JSON.stringify gives
 * '{}'), and passes it back as `options.authorization`.
 */
const granted = new WeakMap<object, GoogleAuth>();

const DEFAULT_TIMEOUT_MS = 15_000;

interface HttpCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  auth: GoogleAuth | undefined;
  callback: HostFunction | undefined;
}

/** The arguments of sendHttpRequest(url, options?, body?) or its callback form (url, callback, options?, body?). */
function readCall(api: string, args: readonly unknown[], withMethodAndBody: boolean): HttpCall {
  const [url, second, third, fourth] = args;
  expectArg(api, 0, 'url', url, 'string');
  const callback = typeof second === 'function' ? (second as HostFunction) : undefined;
  const [options, body, optionsIndex] = callback ? [third, fourth, 2] : [second, third, 1];
  expectArg(api, optionsIndex, 'options', options, 'object', true);
  if (withMethodAndBody) expectArg(api, optionsIndex + 1, 'body', body, 'string', true);
  const o = (options ?? {}) as Record<string, unknown>;
  expectOption(api, o, 'method', 'string');
  expectOption(api, o, 'headers', 'object');
  expectOption(api, o, 'timeout', 'number');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries((o['headers'] ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') throw new ApiError(api, `the header ${name} must be a string, not ${typeof value}`);
    headers[name.toLowerCase()] = String(value);
  }
  let auth: GoogleAuth | undefined;
  if (o['authorization'] !== undefined) {
    auth = typeof o['authorization'] === 'object' && o['authorization'] !== null ? granted.get(o['authorization']) : undefined;
    if (!auth) throw new ApiError(api, 'options.authorization must be the object getGoogleAuth returned');
  }
  return {
    url: url as string,
    method: withMethodAndBody ? ((o['method'] as string | undefined) ?? 'GET').toUpperCase() : 'GET',
    headers,
    body: withMethodAndBody ? (body as string | undefined) : undefined,
    timeoutMs: (o['timeout'] as number | undefined) ?? DEFAULT_TIMEOUT_MS,
    auth,
    callback,
  };
}

function expectOption(api: string, options: Record<string, unknown>, key: string, type: 'string' | 'object' | 'number'): void {
  const value = options[key];
  if (value !== undefined && typeName(value) !== type) throw new ApiError(api, `options.${key} must be a ${type}, not ${typeName(value)}`);
}

/**
 * Sends the call. With `authorization`, a bearer token of its credentials is added first; a token that cannot be had
 * fails the request (the cause is logged). The callback form ignores `authorization`. [OBS: published templates note
 * that the promise form is needed for it.]
 */
function send(api: string, env: ApiEnvironment, scope: RunScope, call: HttpCall): unknown {
  const response = (async (): Promise<HttpResponse> => {
    const headers = { ...call.headers };
    if (call.auth && !call.callback) {
      const token = await call.auth.credentials.accessToken(call.auth.scopes).catch((error: Error) => {
        throw new HttpFailure('failed', `no Google access token from ${call.auth!.credentials.source}: ${error.message}`);
      });
      headers['authorization'] = `Bearer ${token}`;
    }
    const outbound = { url: routedUrl(call.url, scope.services.outboundRoutes), method: call.method, headers, timeoutMs: call.timeoutMs };
    return sendHttp(call.body === undefined ? outbound : { ...outbound, body: call.body });
  })();
  // a failure is logged and settles as a value, so that nothing is left unhandled
  const result = response.catch((error: unknown) => {
    const failure = error instanceof HttpFailure ? error : new HttpFailure('failed', String(error));
    env.log([`${api} ${call.method} ${call.url}: ${failure.message}`]);
    return failure;
  });
  env.scheduler.track(result);
  const callback = call.callback;
  if (callback) {
    // [UNVERIFIED] a request without a response calls back with status 0
    void result.then((r) => env.scheduler.later(() => (r instanceof HttpFailure ? callback(0, {}, '') : callback(r.statusCode, r.headers, r.body))));
    return undefined;
  }
  return env.promises.from(result.then((r) => (r instanceof HttpFailure ? Promise.reject({ reason: r.reason }) : r)));
}

export const sendHttpRequest = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'sendHttpRequest',
    contexts: ['SERVER'],
    permission: (url) => [[url]],
    create: (env) => {
      const scope = scopeOf(env);
      return (...args: unknown[]) => send('sendHttpRequest', env, scope, readCall('sendHttpRequest', args, true));
    },
  });

export const sendHttpGet = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'sendHttpGet',
    contexts: ['SERVER'],
    permission: (url) => [[url]],
    create: (env) => {
      const scope = scopeOf(env);
      return (...args: unknown[]) => send('sendHttpGet', env, scope, readCall('sendHttpGet', args, false));
    },
  });

/** An opaque credential for `options.authorization`: tokens for these scopes from the environment's credentials. */
export const getGoogleAuth = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getGoogleAuth',
    contexts: ['SERVER'],
    permission: (options) => [[(options as { scopes?: unknown } | undefined)?.scopes]],
    create: (env) => {
      const scope = scopeOf(env);
      return (options: unknown) => {
        expectArg('getGoogleAuth', 0, 'options', options, 'object');
        const scopes = (options as { scopes?: unknown }).scopes;
        if (!Array.isArray(scopes) || scopes.length === 0 || scopes.some((s) => typeof s !== 'string')) {
          throw new ApiError('getGoogleAuth', "options.scopes must be a list of OAuth scopes, e.g. { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] }");
        }
        const face = env.boundary.realm.newObject();
        granted.set(face, { credentials: scope.services.credentials(), scopes: [...(scopes as string[])] });
        return face;
      };
    },
  });

export const HTTP_APIS = [sendHttpRequest, sendHttpGet, getGoogleAuth];

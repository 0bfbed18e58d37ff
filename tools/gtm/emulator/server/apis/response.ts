// Building and sending the response: setResponse*, setPixelResponse, setCookie (the server's: a Set-Cookie header),
// sendPixelFromBrowser and returnResponse. Every template of the request writes to the same draft; returnResponse
// sends it once (later calls are ignored, as in GTM).
import { expectArg } from '../../api/args.ts';
import { defineApi } from '../../api/define.ts';
import { ApiError } from '../../errors.ts';
import { cookieScope, cookieToSet, setCookieHeader, type CookieOptions } from '../cookies.ts';
import { BODY_ENCODINGS, type BodyEncoding } from '../response.ts';
import type { ScopeOf } from '../scope.ts';

export const setResponseStatus = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'setResponseStatus',
    contexts: ['SERVER'],
    permission: () => [['write', 'status']],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (statusCode: unknown) => {
        expectArg('setResponseStatus', 0, 'statusCode', statusCode, 'number');
        if (!Number.isInteger(statusCode) || (statusCode as number) < 100 || (statusCode as number) > 599) {
          throw new ApiError('setResponseStatus', `the status must be an HTTP status code from 100 to 599, not ${String(statusCode)}`);
        }
        exchange.draft.statusCode = statusCode as number;
      };
    },
  });

/** Replaces the header (names are lower-cased); null or undefined removes it. */
export const setResponseHeader = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'setResponseHeader',
    contexts: ['SERVER'],
    permission: (name) => [['write', 'header', name]],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (name: unknown, value: unknown) => {
        expectArg('setResponseHeader', 0, 'name', name, 'string');
        if (value !== null) expectArg('setResponseHeader', 1, 'value', value, 'string', true);
        if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name as string)) throw new ApiError('setResponseHeader', `${JSON.stringify(name)} is not a valid header name`);
        if (typeof value === 'string' && /[\r\n\0]/.test(value)) throw new ApiError('setResponseHeader', 'the value must not contain line breaks');
        exchange.draft.setHeader(name as string, value as string | null | undefined);
      };
    },
  });

export const setResponseBody = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'setResponseBody',
    contexts: ['SERVER'],
    permission: () => [['write', 'body']],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (body: unknown, encoding: unknown) => {
        expectArg('setResponseBody', 0, 'body', body, 'string');
        expectArg('setResponseBody', 1, 'encoding', encoding, 'string', true);
        if (encoding !== undefined && !(BODY_ENCODINGS as readonly string[]).includes(encoding as string)) {
          throw new ApiError('setResponseBody', `the encoding must be one of ${BODY_ENCODINGS.join(', ')}, not ${JSON.stringify(encoding)}`);
        }
        exchange.draft.body = body as string;
        exchange.draft.bodyEncoding = (encoding as BodyEncoding | undefined) ?? 'utf8';
      };
    },
  });

export const setPixelResponse = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'setPixelResponse',
    contexts: ['SERVER'],
    permission: () => [['write', 'status'], ['write', 'header'], ['write', 'body']],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return () => exchange.draft.setPixel();
    },
  });

/**
 * Adds a Set-Cookie header to the response (sent by returnResponse). set_cookies is checked with the domain the
 * cookie is really written for, 'auto' resolved from the request's host.
 */
export const setCookie = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'setCookie',
    contexts: ['SERVER'],
    // checked below, once 'auto' is resolved
    permission: () => [],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (name: unknown, value: unknown, options: unknown, noEncode: unknown) => {
        expectArg('setCookie', 0, 'name', name, 'string');
        expectArg('setCookie', 1, 'value', value, 'string');
        expectArg('setCookie', 2, 'options', options, 'object', true);
        expectArg('setCookie', 3, 'noEncode', noEncode, 'boolean', true);
        const cookie = cookieToSet(exchange.request, name as string, value as string, (options ?? {}) as CookieOptions, noEncode === true);
        env.permissions.check('setCookie', 'set_cookies', [
          cookie.name,
          { domain: cookieScope(exchange.request, cookie), path: cookie.path, secure: cookie.secure, 'max-age': cookie.maxAge, expires: cookie.expires },
        ]);
        exchange.draft.cookies.push(setCookieHeader(cookie));
      };
    },
  });

/**
 * Asks the web tag that sent the request to load `url` as an image. False when the request does not take commands
 * (GA4 web requests carry `richsstsse`) or the response is already sent; otherwise the pixel is recorded on the
 * response. [UNVERIFIED: how GTM tells that a request takes commands.]
 */
export const sendPixelFromBrowser = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'sendPixelFromBrowser',
    contexts: ['SERVER'],
    permission: (url) => [[url]],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return (url: unknown) => {
        expectArg('sendPixelFromBrowser', 0, 'url', url, 'string');
        if (exchange.returned || !new URLSearchParams(exchange.request.queryString).has('richsstsse')) return false;
        exchange.draft.pixels.push(url as string);
        return true;
      };
    },
  });

/** Sends the response built so far; later calls are ignored. */
export const returnResponse = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'returnResponse',
    contexts: ['SERVER'],
    create: (env) => {
      const { exchange } = scopeOf(env);
      return () => void exchange.send();
    },
  });

export const RESPONSE_APIS = [setResponseStatus, setResponseHeader, setResponseBody, setPixelResponse, setCookie, sendPixelFromBrowser, returnResponse];

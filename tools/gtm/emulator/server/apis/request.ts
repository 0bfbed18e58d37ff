// Reading the request: getRequest*, getRemoteAddress, getCookieValues (the server's: it reads the Cookie header),
// and the Measurement Protocol helpers. Each needs read_request for the part it reads (get_cookies for cookies).
import { ApiError } from '../../errors.ts';
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition } from '../../api/define.ts';
import { cookieValues } from '../cookies.ts';
import { isMpv1, isMpv2, mpv1Events, mpv2Events } from '../measurement-protocol.ts';
import { headerValue, queryParameters, remoteAddress } from '../request.ts';
import type { RunScope, ScopeOf } from '../scope.ts';

/** An API that reads the request without arguments; `parts` are its read_request checks. */
function reader(name: string, parts: readonly (readonly string[])[], read: (scope: RunScope) => unknown): (scopeOf: ScopeOf) => ApiDefinition {
  return (scopeOf) =>
    defineApi({
      name,
      contexts: ['SERVER'],
      permission: () => parts,
      create: (env) => {
        const scope = scopeOf(env);
        return () => read(scope);
      },
    });
}

export const getRequestBody = reader('getRequestBody', [['body']], (s) => s.exchange.request.body);
export const getRequestMethod = reader('getRequestMethod', [['method']], (s) => s.exchange.request.method);
export const getRequestPath = reader('getRequestPath', [['path']], (s) => s.exchange.path);
export const getRequestQueryString = reader('getRequestQueryString', [['query_string']], (s) => s.exchange.request.queryString);
export const getRequestQueryParameters = reader('getRequestQueryParameters', [['query_parameter']], (s) => queryParameters(s.exchange.request.queryString));
export const getRemoteAddress = reader('getRemoteAddress', [['remote_address']], (s) => remoteAddress(s.exchange.request));

/** Header names are case-insensitive; a repeated header's values are joined with ', '. */
export const getRequestHeader = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getRequestHeader',
    contexts: ['SERVER'],
    permission: (headerName) => [['header', headerName]],
    create: (env) => {
      const scope = scopeOf(env);
      return (headerName: unknown) => {
        expectArg('getRequestHeader', 0, 'headerName', headerName, 'string');
        return headerValue(scope.exchange.request, headerName as string);
      };
    },
  });

/** The first value of a repeated parameter, decoded. */
export const getRequestQueryParameter = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getRequestQueryParameter',
    contexts: ['SERVER'],
    permission: (name) => [['query_parameter', name]],
    create: (env) => {
      const scope = scopeOf(env);
      return (name: unknown) => {
        expectArg('getRequestQueryParameter', 0, 'name', name, 'string');
        return new URLSearchParams(scope.exchange.request.queryString).get(name as string) ?? undefined;
      };
    },
  });

export const getCookieValues = (scopeOf: ScopeOf) =>
  defineApi({
    name: 'getCookieValues',
    contexts: ['SERVER'],
    permission: (name) => [[name]],
    create: (env) => {
      const scope = scopeOf(env);
      return (name: unknown, noDecode: unknown) => {
        expectArg('getCookieValues', 0, 'name', name, 'string');
        expectArg('getCookieValues', 1, 'noDecode', noDecode, 'boolean', true);
        return cookieValues(scope.exchange.request, name as string, noDecode === true);
      };
    },
  });

// Which parts GTM checks for these is not documented: the parts each one reads. [UNVERIFIED]
const PROTOCOL_PARTS = [['path'], ['query_string']];
const EXTRACTION_PARTS = [...PROTOCOL_PARTS, ['body']];

export const isRequestMpv1 = reader('isRequestMpv1', PROTOCOL_PARTS, (s) => isMpv1(s.exchange.request, s.exchange.path));
export const isRequestMpv2 = reader('isRequestMpv2', PROTOCOL_PARTS, (s) => isMpv2(s.exchange.request, s.exchange.path));

function extractor(name: string, version: string, accepts: (scope: RunScope) => boolean, extract: (scope: RunScope) => unknown): (scopeOf: ScopeOf) => ApiDefinition {
  return (scopeOf) =>
    defineApi({
      name,
      contexts: ['SERVER'],
      permission: () => EXTRACTION_PARTS,
      create: (env) => {
        const scope = scopeOf(env);
        return () => {
          if (!accepts(scope)) throw new ApiError(name, `the request is not a Measurement Protocol ${version} request; check isRequestMpv${version.slice(1)}() first`);
          return extract(scope);
        };
      },
    });
}

export const extractEventsFromMpv1 = extractor('extractEventsFromMpv1', 'v1', (s) => isMpv1(s.exchange.request, s.exchange.path), (s) => mpv1Events(s.exchange.request, s.exchange.path));
export const extractEventsFromMpv2 = extractor('extractEventsFromMpv2', 'v2', (s) => isMpv2(s.exchange.request, s.exchange.path), (s) => mpv2Events(s.exchange.request));

export const REQUEST_APIS = [
  getRequestBody,
  getRequestMethod,
  getRequestPath,
  getRequestQueryString,
  getRequestQueryParameters,
  getRemoteAddress,
  getRequestHeader,
  getRequestQueryParameter,
  getCookieValues,
  isRequestMpv1,
  isRequestMpv2,
  extractEventsFromMpv1,
  extractEventsFromMpv2,
];

// Every API the server runtime defines, for the sandboxes of one container run or of a test host.
import type { ApiDefinition } from '../../api/define.ts';
import type { ScopeOf } from '../scope.ts';
import { CONTAINER_APIS } from './container.ts';
import { HTTP_APIS } from './http.ts';
import { hmacSha256 } from './keys.ts';
import { OFFLINE_APIS } from './offline.ts';
import { REQUEST_APIS } from './request.ts';
import { RESPONSE_APIS } from './response.ts';

/** The server's host APIs, each acting on the scope `scopeOf` gives for the sandbox it serves. */
export function serverApis(scopeOf: ScopeOf): ApiDefinition[] {
  return [...[...REQUEST_APIS, ...RESPONSE_APIS, ...CONTAINER_APIS, ...HTTP_APIS, hmacSha256].map((define) => define(scopeOf)), ...OFFLINE_APIS];
}

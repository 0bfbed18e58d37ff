// Every API of the web runtime, made for the container that serves a sandbox, with the page's policies applied.
import type { ApiDefinition } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';
import { withPolicies } from '../policies.ts';
import { addConsentListenerApi, isConsentGrantedApi, setDefaultConsentStateApi, updateConsentStateApi } from './consent.ts';
import { getCookieValuesApi, setCookieApi } from './cookies.ts';
import { copyFromDataLayerApi, gtagSetApi } from './data-layer.ts';
import { readAnalyticsStorageApi, readCharacterSetApi, readTitleApi } from './document.ts';
import { injectHiddenIframeApi, injectScriptApi, sendPixelApi } from './loading.ts';
import { getQueryParametersApi, getReferrerQueryParametersApi, getReferrerUrlApi, getUrlApi } from './location.ts';
import { addEventCallbackApi, CORE_WEB_APIS, localStorageApi, logToConsoleApi, queryPermissionApi, sha256Api } from './misc.ts';
import { aliasInWindowApi, callInWindowApi, copyFromWindowApi, createArgumentsQueueApi, createQueueApi, setInWindowApi } from './window.ts';

const FACTORIES: readonly ((containerOf: ContainerOf) => ApiDefinition)[] = [
  addConsentListenerApi,
  addEventCallbackApi,
  aliasInWindowApi,
  callInWindowApi,
  copyFromDataLayerApi,
  copyFromWindowApi,
  createArgumentsQueueApi,
  createQueueApi,
  getCookieValuesApi,
  getQueryParametersApi,
  getReferrerQueryParametersApi,
  getReferrerUrlApi,
  getUrlApi,
  gtagSetApi,
  injectHiddenIframeApi,
  injectScriptApi,
  isConsentGrantedApi,
  localStorageApi,
  logToConsoleApi,
  queryPermissionApi,
  readAnalyticsStorageApi,
  readCharacterSetApi,
  readTitleApi,
  sendPixelApi,
  setCookieApi,
  setDefaultConsentStateApi,
  setInWindowApi,
  updateConsentStateApi,
];

/** The web runtime's definitions; `containerOf` gives the container (and so the page) of a sandbox. */
export function webApiDefinitions(containerOf: ContainerOf): ApiDefinition[] {
  const definitions = [...FACTORIES.map((make) => make(containerOf)), sha256Api, ...CORE_WEB_APIS];
  return definitions.map((definition) => withPolicies(definition, (env) => containerOf(env).policies));
}

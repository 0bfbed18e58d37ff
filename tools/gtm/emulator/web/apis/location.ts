// The page's URL and referrer, whole or by component, and their query parameters. Checked by get_url and
// get_referrer: the component read (none: the whole URL) and, for query parameters, the key.
// Components: protocol without ':', host (the host name, no port), port (the default port of http and https when
// the URL has none), path, query (without '?'), extension (of the path's last segment), fragment (without '#').
// [3P: stape's paraphrase of the API page for the component names. UNVERIFIED: the default port, host without the
//  port, and that a referrer-less page gives '' for every component.]
import { ApiError } from '../../errors.ts';
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition } from '../../api/define.ts';
import type { Page } from '../page.ts';
import type { ContainerOf } from '../container.ts';

const WEB = ['WEB'] as const;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

function urlComponent(api: string, href: string, component: unknown): string {
  const components = ['protocol', 'host', 'port', 'path', 'query', 'extension', 'fragment'];
  if (component !== undefined && (typeof component !== 'string' || !components.includes(component))) {
    throw new ApiError(api, `the component must be one of ${components.join(', ')} or left out, not ${JSON.stringify(component)}`);
  }
  if (href === '') return '';
  const url = new URL(href);
  switch (component) {
    case undefined:
      return url.href;
    case 'protocol':
      return url.protocol.slice(0, -1);
    case 'host':
      return url.hostname;
    case 'port':
      return url.port || (DEFAULT_PORTS[url.protocol] ?? '');
    case 'path':
      return url.pathname;
    case 'query':
      return url.search.slice(1);
    case 'extension': {
      const segment = url.pathname.slice(url.pathname.lastIndexOf('/') + 1);
      return segment.includes('.') ? segment.slice(segment.lastIndexOf('.') + 1) : '';
    }
    default:
      return url.hash.slice(1);
  }
}

function queryParameters(href: string, key: string, retrieveAll: boolean): string | string[] | undefined {
  if (href === '') return undefined;
  const values = new URL(href).searchParams.getAll(key);
  if (values.length === 0) return undefined;
  return retrieveAll ? values : values[0];
}

type Source = 'url' | 'referrer';
const read = (page: Page, source: Source): string => (source === 'url' ? page.url() : page.referrer());

function urlApi(containerOf: ContainerOf, name: 'getUrl' | 'getReferrerUrl', source: Source): ApiDefinition {
  return defineApi({
    name,
    contexts: WEB,
    permission: (component) => [[component]],
    create: (env) => (component: unknown) => urlComponent(name, read(containerOf(env).page, source), component),
  });
}

function queryApi(containerOf: ContainerOf, name: 'getQueryParameters' | 'getReferrerQueryParameters', source: Source): ApiDefinition {
  return defineApi({
    name,
    contexts: WEB,
    permission: (key) => [['query', key]],
    create: (env) => (key: unknown, retrieveAll: unknown) => {
      expectArg(name, 0, 'queryKey', key, 'string');
      expectArg(name, 1, 'retrieveAll', retrieveAll, 'boolean', true);
      return queryParameters(read(containerOf(env).page, source), key as string, retrieveAll === true);
    },
  });
}

export const getUrlApi = (containerOf: ContainerOf) => urlApi(containerOf, 'getUrl', 'url');
export const getReferrerUrlApi = (containerOf: ContainerOf) => urlApi(containerOf, 'getReferrerUrl', 'referrer');
export const getQueryParametersApi = (containerOf: ContainerOf) => queryApi(containerOf, 'getQueryParameters', 'url');
export const getReferrerQueryParametersApi = (containerOf: ContainerOf) => queryApi(containerOf, 'getReferrerQueryParameters', 'referrer');

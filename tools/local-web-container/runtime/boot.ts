// The page side of the local container (bundled by build.ts after the emulator's PipesGtmWeb bundle): GTM's
// behaviour on a page for the configured tags. It takes over the data layer as gtm.js does, pushes gtm.js, gtm.dom
// and gtm.load, pushes click, link click and history change events when triggers listen for them, and for every
// event pushed fires the tags whose triggers match, with their parameters resolved at that moment. Events run
// one after another; gtag('consent', …) commands reach the emulator's consent state through the same data layer.
import type { Sandbox } from '../../gtm/emulator/sandbox.ts';
import type { WebContainer, WebContainerOptions } from '../../gtm/emulator/web/container.ts';
import { resolveValue, tagsToFire } from './conditions.ts';
import { BUILT_IN_VARIABLES, type ContainerConfig, type VariableConfig } from './config.ts';

declare const PipesGtmWeb: { start(options: WebContainerOptions): WebContainer };

type DataLayer = unknown[] & { push(...entries: unknown[]): number };

export function boot(config: ContainerConfig): WebContainer {
  const win = window as unknown as Record<string, unknown>;
  // entries pushed before the container loaded are processed one by one below, each event with its own state
  const earlier = Array.isArray(win['dataLayer']) ? (win['dataLayer'] as unknown[]).splice(0) : [];
  const container = PipesGtmWeb.start({ containerId: config.containerId, debugMode: config.debugMode });
  const log = (...args: unknown[]) => config.debugMode && console.log(`[${config.containerId}]`, ...args);
  for (const reason of config.skipped) log('skipped:', reason);
  const sandboxes = new Map<string, Sandbox>(Object.entries(config.templates).map(([key, code]) => [key, container.load(code)]));
  const variables = new Map(config.variables.map((v) => [v.name, v]));
  const firedOnce = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();

  const lookup = (name: string): unknown => {
    const variable = variables.get(name);
    if (variable) return variableValue(variable, container, lookup);
    const key = BUILT_IN_VARIABLES[name]!;
    return key.startsWith('page:') ? pageValue(key.slice(5)) : container.dataLayer.get(key);
  };
  const matches = (element: unknown, selector: string) => element instanceof Element && element.matches(selector);

  const onEvent = (event: string): void => {
    const tags = tagsToFire(config.tags, config.triggers, event, lookup, matches).filter((tag) => !(tag.oncePerLoad && firedOnce.has(tag.id)));
    if (tags.length === 0) return;
    const runs = tags.map((tag) => {
      if (tag.oncePerLoad) firedOnce.add(tag.id);
      return { id: tag.id, sandbox: sandboxes.get(tag.template)!, data: resolveValue(tag.data, lookup) as Record<string, unknown> };
    });
    queue = queue.then(async () => {
      const results = await container.runTags(runs);
      log(event, results.map((r) => `${config.tags.find((t) => t.id === r.id)?.name}: ${r.status}`).join(', '));
    });
  };

  const dataLayer = win['dataLayer'] as DataLayer;
  const containerPush = dataLayer.push;
  dataLayer.push = (...entries: unknown[]): number => {
    let length = dataLayer.length;
    for (const entry of entries) {
      length = containerPush.call(dataLayer, entry);
      const event = entry !== null && typeof entry === 'object' ? (entry as { event?: unknown }).event : undefined;
      if (typeof event !== 'string') continue;
      try {
        onEvent(event);
      } catch (error) {
        console.error(`[${config.containerId}] event ${event}:`, error);
      }
    }
    return length;
  };

  listen(config, dataLayer);
  for (const entry of earlier) dataLayer.push(entry);
  if (!earlier.some((e) => (e as { event?: unknown } | null)?.event === 'gtm.js')) dataLayer.push({ 'gtm.start': Date.now(), event: 'gtm.js' });
  const domReady = () => dataLayer.push({ event: 'gtm.dom' });
  const loaded = () => dataLayer.push({ event: 'gtm.load' });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', domReady, { once: true });
  else domReady();
  if (document.readyState === 'complete') loaded();
  else window.addEventListener('load', loaded, { once: true });
  return container;
}

/** The page listeners GTM installs for the trigger types in use. */
function listen(config: ContainerConfig, dataLayer: DataLayer): void {
  const types = new Set(config.triggers.map((t) => t.type));
  if (types.has('CLICK') || types.has('LINK_CLICK')) {
    document.addEventListener('click', (event) => {
      const target = event.target instanceof Element ? event.target : null;
      if (!target) return;
      if (types.has('CLICK')) dataLayer.push(elementEvent('gtm.click', target));
      const link = target.closest('a[href]');
      if (link && types.has('LINK_CLICK')) dataLayer.push(elementEvent('gtm.linkClick', link));
    }, true);
  }
  if (types.has('HISTORY_CHANGE')) {
    let old = { url: location.href, state: history.state as unknown };
    const changed = (source: string) => {
      const next = { url: location.href, state: history.state as unknown };
      if (next.url === old.url && source !== 'popstate') return;
      dataLayer.push({
        event: 'gtm.historyChange-v2',
        'gtm.historyChangeSource': source,
        'gtm.oldUrl': old.url,
        'gtm.newUrl': next.url,
        'gtm.oldUrlFragment': new URL(old.url).hash.slice(1),
        'gtm.newUrlFragment': location.hash.slice(1),
        'gtm.oldHistoryState': old.state,
        'gtm.newHistoryState': next.state,
      });
      old = next;
    };
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
        original.apply(this, args);
        changed(method);
      };
    }
    window.addEventListener('popstate', () => changed('popstate'));
  }
}

function elementEvent(event: string, element: Element): Record<string, unknown> {
  return {
    event,
    'gtm.element': element,
    'gtm.elementClasses': element.getAttribute('class') ?? '',
    'gtm.elementId': element.id,
    'gtm.elementTarget': element.getAttribute('target') ?? '',
    'gtm.elementUrl': (element as HTMLAnchorElement).href ?? element.getAttribute('action') ?? '',
    'gtm.elementText': (element.textContent ?? '').trim(),
  };
}

function variableValue(variable: VariableConfig, container: WebContainer, lookup: (name: string) => unknown): unknown {
  switch (variable.type) {
    case 'c':
      return resolveValue(variable.value, lookup);
    case 'v': {
      const value = container.dataLayer.get(variable.key, variable.version);
      return value === undefined && variable.defaultValue !== undefined ? resolveValue(variable.defaultValue, lookup) : value;
    }
    case 'k': {
      const pair = document.cookie.split('; ').find((c) => c.startsWith(variable.cookie + '='));
      const value = pair?.slice(variable.cookie.length + 1);
      return value !== undefined && variable.decode ? decodeURIComponent(value) : value;
    }
    case 'u':
      return urlPart(new URL(variable.source ? String(resolveValue(variable.source, lookup)) : location.href, location.href), variable.component, variable);
  }
}

function pageValue(part: string): unknown {
  return part === 'REFERRER' ? document.referrer : urlPart(new URL(location.href), part, { stripWww: false });
}

/** A URL variable's component, as GTM's URL variable gives it. */
function urlPart(url: URL, component: string, { queryKey, stripWww }: { queryKey?: string; stripWww: boolean }): unknown {
  switch (component) {
    case 'PROTOCOL':
      return url.protocol.slice(0, -1);
    case 'HOST':
      return stripWww ? url.hostname.replace(/^www\./, '') : url.hostname;
    case 'PORT':
      return url.port || (url.protocol === 'https:' ? '443' : '80');
    case 'PATH':
      return url.pathname;
    case 'QUERY':
      return queryKey ? (url.searchParams.get(queryKey) ?? undefined) : url.search.slice(1);
    case 'FRAGMENT':
      return url.hash.slice(1);
    default:
      return url.href;
  }
}

// The page side of the local container (bundled by build.ts after the emulator's PipesGtmWeb bundle): GTM's
// behaviour on a page for the configured tags. It takes over the data layer as gtm.js does, pushes gtm.init_consent,
// gtm.init, gtm.js, gtm.dom and gtm.load, installs the listeners (clicks, link clicks, history changes, form
// submissions, timers) the triggers need, and for every event pushed fires the tags whose triggers match, with their
// parameters resolved at that moment. Events run one after another; a push's eventCallback is called when its
// event's tags have ended (or after its eventTimeout). gtag('consent', …) commands reach the emulator's consent state
// through the same data layer.
import type { Sandbox } from '../../gtm/emulator/sandbox.ts';
import type { WebContainer, WebContainerOptions } from '../../gtm/emulator/web/container.ts';
import { conditionHolds, resolveValue, tagsToFire, triggerFires } from './conditions.ts';
import type { ContainerConfig, TriggerConfig } from './config.ts';
import { listenForClicks, listenForHistoryChanges, listenForLinkClicks, listenForSubmits, startTimers, type DataLayer } from './listeners.ts';
import { variableLookup } from './variables.ts';

declare const PipesGtmWeb: { start(options: WebContainerOptions): WebContainer };

const eventOf = (entry: unknown): unknown => (entry !== null && typeof entry === 'object' ? (entry as { event?: unknown }).event : undefined);

export function boot(config: ContainerConfig): WebContainer {
  const win = window as unknown as Record<string, unknown>;
  // entries pushed before the container loaded are processed one by one below, each event with its own state
  const earlier = Array.isArray(win['dataLayer']) ? (win['dataLayer'] as unknown[]).splice(0) : [];
  const container = PipesGtmWeb.start({ containerId: config.containerId, debugMode: config.debugMode });
  const log = (...args: unknown[]) => config.debugMode && console.log(`[${config.containerId}]`, ...args);
  const fail = (event: string, error: unknown) => console.error(`[${config.containerId}] event ${event}:`, error);
  for (const reason of config.skipped) log('skipped:', reason);
  const sandboxes = new Map<string, Sandbox>(Object.entries(config.templates).map(([key, code]) => [key, container.load(code)]));
  const lookup = variableLookup(config, container);
  const matches = (element: unknown, selector: string) => element instanceof Element && element.matches(selector);
  const firedOnce = new Set<string>();
  let queue: Promise<void> = Promise.resolve();

  /** Queues the tags the event fires; resolves when they have ended (at once when none fire). */
  const onEvent = (event: string): Promise<void> => {
    const tags = tagsToFire(config.tags, config.triggers, event, lookup, matches).filter((tag) => !(tag.oncePerLoad && firedOnce.has(tag.id)));
    if (tags.length === 0) return Promise.resolve();
    const runs = tags.map((tag) => {
      if (tag.oncePerLoad) firedOnce.add(tag.id);
      return { id: tag.id, sandbox: sandboxes.get(tag.template)!, data: resolveValue(tag.data, lookup) as Record<string, unknown> };
    });
    queue = queue
      .then(async () => {
        const results = await container.runTags(runs);
        log(event, results.map((r) => `${config.tags.find((t) => t.id === r.id)?.name}: ${r.status}`).join(', '));
      })
      .catch((error: unknown) => fail(event, error));
    return queue;
  };

  const dataLayer = win['dataLayer'] as DataLayer;
  const containerPush = dataLayer.push;
  const process = (entry: unknown): void => {
    const event = eventOf(entry);
    if (typeof event !== 'string') return;
    let done: Promise<void>;
    try {
      done = onEvent(event);
    } catch (error) {
      fail(event, error);
      done = Promise.resolve();
    }
    const { eventCallback, eventTimeout } = entry as { eventCallback?: unknown; eventTimeout?: unknown };
    if (typeof eventCallback === 'function') callOnceDone(done, () => eventCallback(config.containerId), eventTimeout, (error) => fail(event, error));
  };
  dataLayer.push = (...entries: unknown[]): number => {
    let length = dataLayer.length;
    for (const entry of entries) {
      length = containerPush.call(dataLayer, entry);
      process(entry);
    }
    return length;
  };

  // right after a push the data layer model holds that event: a listener asks whether its wait triggers fire on it
  const firesNow = (trigger: TriggerConfig) => triggerFires(trigger, String(container.dataLayer.get('event')), lookup, matches);
  listenForClicks(config.triggers, dataLayer);
  listenForLinkClicks(config.triggers, dataLayer, firesNow);
  listenForHistoryChanges(config.triggers, dataLayer);
  listenForSubmits(config.triggers, dataLayer, firesNow);
  // gtag commands queued before the first event (consent defaults) take effect before Consent Initialization
  const firstEvent = earlier.findIndex((entry) => typeof eventOf(entry) === 'string');
  const commands = firstEvent < 0 ? earlier.length : firstEvent;
  for (const entry of earlier.slice(0, commands)) dataLayer.push(entry);
  dataLayer.push({ event: 'gtm.init_consent' });
  dataLayer.push({ event: 'gtm.init' });
  for (const entry of earlier.slice(commands)) dataLayer.push(entry);
  if (!earlier.some((entry) => eventOf(entry) === 'gtm.js')) dataLayer.push({ 'gtm.start': Date.now(), event: 'gtm.js' });
  startTimers(config.triggers, dataLayer, (conditions) => conditions.every((c) => conditionHolds(c, lookup, matches)));
  const domReady = () => dataLayer.push({ event: 'gtm.dom' });
  const loaded = () => dataLayer.push({ event: 'gtm.load' });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', domReady, { once: true });
  else domReady();
  if (document.readyState === 'complete') loaded();
  else window.addEventListener('load', loaded, { once: true });
  return container;
}

/** Calls `callback` once: when `done` resolves or after `timeoutMs` (when a number), whichever comes first. */
function callOnceDone(done: Promise<void>, callback: () => void, timeoutMs: unknown, onError: (error: unknown) => void): void {
  let called = false;
  const call = () => {
    if (called) return;
    called = true;
    try {
      callback();
    } catch (error) {
      onError(error);
    }
  };
  void done.then(call);
  if (typeof timeoutMs === 'number') setTimeout(call, timeoutMs);
}

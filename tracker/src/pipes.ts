// The tracker's entry: the commands, and the `window.pipes` global that replays what the snippet or GTM queued.
import { cfg, consentState, named, setConsentState, VERSION } from './config.ts';
import { adopt, enqueue, flush, pump, purgeQueue, startDelivery } from './delivery.ts';
import { formProps, linkProps, makeEvent, timeZone } from './event.ts';
import { forgetIdentity, identifiers, resetIdentity, setUser, userId } from './identity.ts';
import { consentLabel, optedOut } from './privacy.ts';
import type { Pipes, PipesApi, Props, Target, WireEvent } from './types.ts';
import { deleteCookie, log, setCookie, warn } from './util.ts';

/** Events recorded while consent mode `wait` waits for an answer, each with the user id of that moment. */
let held: [WireEvent, string | null][] = [];
const plugins: Record<string, 1> = {};

function queue(event: WireEvent, user?: string | null): void {
  Object.assign(event, identifiers(user));
  event.context.consent = consentLabel();
  enqueue(event);
}

function record(type: WireEvent['type'], name: string, properties: Props): void {
  if (optedOut()) return;
  const event = makeEvent(type, name, properties);
  log(type, name, properties);
  if (cfg.consent != 'wait' || consentState == 'granted') queue(event);
  else if (consentState == 'pending') held.push([event, userId() || null]);
}

function listen(target: Target, type: string, handler: (e: Event) => void): void {
  const list = typeof target == 'string' ? document.querySelectorAll(target) : target instanceof Node ? [target] : target;
  for (let i = 0; i < list.length; i++) list[i].addEventListener(type, handler, true);
}

function forget(): void {
  held = [];
  forgetIdentity();
  purgeQueue();
}

function identify(userId: string, traits?: Props): void {
  if (!userId) return warn('identify needs a user id');
  if (optedOut()) return;
  setUser(('' + userId).slice(0, 256));
  record('identify', 'identify', { ...traits });
}

function optOut(): void {
  setCookie(named('_optout'), '1', cfg.cookieDays * 86400);
  forget();
  // the server's HttpOnly copy of the id goes only by its answer: one empty request with the opt-out cookie, the last
  cfg.endpoint && navigator.sendBeacon?.(cfg.endpoint, '');
}

/** The commands; `identity` and `disable` are the original Pipes API's names. */
const api: PipesApi = {
  init(config) {
    Object.assign(cfg, config);
    adopt();
  },
  page(name, props) {
    if (typeof name == 'object') (props = name), (name = undefined);
    record('page', 'page_view', { name, ...props });
  },
  screen(name, props) {
    record('screen', 'screen_view', { name, ...props });
  },
  track(event, props) {
    if (typeof event != 'string' || !event) return warn('track needs an event name');
    record('track', event, { ...props });
  },
  identify,
  identity: identify,
  trackLink(target, name, props) {
    listen(target, 'click', (e) => {
      const link = (e.target as Element).closest?.('a[href]');
      if (link) record('track', name || 'link_click', { ...linkProps(link), ...props });
    });
  },
  trackForm(target, name, props) {
    listen(target, 'submit', (e) => {
      const form = e.target as HTMLFormElement;
      if (form.tagName == 'FORM') record('track', name || 'form_submit', { ...formProps(form), ...props });
    });
  },
  optOut,
  disable: optOut,
  optIn() {
    deleteCookie(named('_optout'));
    pump();
  },
  isOptedOut: optedOut,
  reset: resetIdentity,
  flush,
  consent(state) {
    if (state != 'granted' && state != 'denied') return warn("consent needs 'granted' or 'denied'");
    setConsentState(state);
    if (state == 'granted') {
      held.forEach(([event, user]) => queue(event, user));
      held = [];
      adopt(); // also moves what was queued in memory into storage
    } else forget();
  },
  use(name, plugin) {
    if (!plugins[name]) {
      plugins[name] = 1;
      plugin(window.pipes, cfg);
    }
  },
};

const loaded = window.pipes;
if (!loaded?.v) {
  const queued = loaded?.q || [];
  const commands = api as unknown as Record<string, (...args: unknown[]) => unknown>;
  const run = (command: unknown, ...args: unknown[]): unknown => {
    try {
      if (typeof command == 'function') return command(pipes);
      if (api.hasOwnProperty(command as string)) return commands[command as string](...args);
      warn('unknown command ' + command);
    } catch (e) {
      warn('' + e);
    }
  };
  // The methods go through `run` as well, so that they never throw into the page either.
  for (const k in api) (run as unknown as typeof commands)[k] = (...args) => run(k, ...args);
  const pipes = run as Pipes;
  const replay = (args: ArrayLike<unknown>): number => (run(...(Array.from(args) as [unknown])), 0);
  pipes.v = VERSION;
  pipes.q = queued;
  window.pipes = pipes;
  startDelivery();
  (window.requestIdleCallback || setTimeout)(timeZone);
  // Configuration first, so that events queued before `init` already know their endpoint and consent mode.
  queued.filter((args) => args[0] == 'init').forEach(replay);
  queued.filter((args) => args[0] != 'init').forEach(replay);
  queued.length = 0;
  // Stubs created before the script loaded (GTM keeps one) go on pushing to this array: run those calls now.
  queued.push = replay;
}

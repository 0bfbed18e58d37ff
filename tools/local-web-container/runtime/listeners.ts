// The page listeners GTM installs for the trigger types in use: clicks, link clicks, history changes, form
// submissions and timers push their auto-events to the data layer, where the container processes them like any push.
// Where GTM listens (gtm.js's listener tags): All Elements clicks on document in the capture phase, link clicks and
// form submissions on document in the bubble phase, so that handlers on the element and its ancestors run first and
// an event whose propagation they stop before document is never seen.
import { EVENT_TRIGGERS_KEY, type Condition, type TriggerConfig } from './config.ts';
import { elementEvent } from './page.ts';

/** The page's data layer, its push taken over by the container. */
export type DataLayer = unknown[] & { push(...entries: unknown[]): number };

/** Whether the trigger fires on the event the data layer processed last (read right after pushing it). */
export type FiresNow = (trigger: TriggerConfig) => boolean;

export function listenForClicks(triggers: readonly TriggerConfig[], dataLayer: DataLayer): void {
  if (!triggers.some((t) => t.type === 'CLICK')) return;
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element) dataLayer.push(elementEvent('gtm.click', event.target));
  }, true);
}

/** A listener's auto-event for the element, naming the triggers it is for. */
function triggerEvent(event: string, element: Element, triggers: readonly TriggerConfig[]): Record<string, unknown> {
  return { ...elementEvent(event, element), [EVENT_TRIGGERS_KEY]: triggers.map((t) => t.id).join(',') };
}

/**
 * Pushes a link or form event, holding the browser's navigation as GTM's Wait for Tags does: when one of `waiting`
 * fires on the event, the DOM event's default action is cancelled and `resume` called once the event's tags have
 * ended or the longest of their waits passed. When none fires, nothing is held. Returns whether it held.
 */
function pushHolding(event: Event, entry: Record<string, unknown>, waiting: readonly TriggerConfig[], dataLayer: DataLayer, firesNow: FiresNow, resume: () => void): boolean {
  const waits = waiting.filter((t) => t.waitForTagsMs !== undefined);
  if (waits.length === 0) {
    dataLayer.push(entry);
    return false;
  }
  let held = false;
  // the callback comes a microtask after the push at the earliest, when `held` is decided
  dataLayer.push({ ...entry, eventCallback: () => held && resume(), eventTimeout: Math.max(...waits.map((t) => t.waitForTagsMs!)) });
  if (!waits.some(firesNow)) return false;
  event.preventDefault();
  return (held = true);
}

/**
 * Link clicks, as GTM's link click trigger sees them: clicks and auxiliary (middle) clicks that bubble to document
 * from inside an `a[href]`, right clicks aside. A click the page cancelled before then fires only the triggers
 * without `checkValidation`. A Wait for Tags trigger holds a click that would replace this page (`navigatesHere`);
 * once the tags ran, the link is followed (`follow`), which no click listener sees again.
 */
export function listenForLinkClicks(triggers: readonly TriggerConfig[], dataLayer: DataLayer, firesNow: FiresNow): void {
  const links = triggers.filter((t) => t.type === 'LINK_CLICK');
  if (links.length === 0) return;
  const onClick = (event: MouseEvent) => {
    if (event.button === 2 || !(event.target instanceof Element)) return;
    const link = event.target.closest('a[href]');
    if (!link) return;
    const prevented = event.defaultPrevented;
    const fired = links.filter((t) => !(t.checkValidation && prevented));
    if (fired.length === 0) return;
    const entry = triggerEvent('gtm.linkClick', link, fired);
    if (prevented || !(link instanceof HTMLAnchorElement) || !navigatesHere(event, link)) return void dataLayer.push(entry);
    pushHolding(event, entry, fired, dataLayer, firesNow, () => follow(link));
  };
  document.addEventListener('click', onClick);
  document.addEventListener('auxclick', onClick);
}

const SAME_TAB_TARGETS = ['_self', '_parent', '_top'];
const withoutFragment = (url: string) => url.split('#')[0];

/**
 * Whether the click makes this window (or its parent or top) load another page: the only navigations worth holding,
 * as GTM decides: a plain primary-button click (no Ctrl, Shift, Alt or Meta), no target but _self, _parent or _top,
 * not an `href="#…"` or other link within this page. Download and javascript: links are not held either (GTM holds
 * them): they leave the page where it is, so its tags run on without holding anything.
 */
function navigatesHere(event: MouseEvent, link: HTMLAnchorElement): boolean {
  if (event.button !== 0 || event.ctrlKey || event.shiftKey || event.altKey || event.metaKey) return false;
  const target = link.getAttribute('target');
  if (target && !SAME_TAB_TARGETS.includes(target)) return false;
  if (link.hasAttribute('download') || link.protocol === 'javascript:' || link.getAttribute('href')!.startsWith('#')) return false;
  return !(link.href.includes('#') && withoutFragment(link.href) === withoutFragment(location.href));
}

/**
 * Follows the link as its click would have: a detached copy with the attributes that shape the navigation (target,
 * rel, referrerpolicy, ping) is clicked, so that the browser navigates with the link's own referrer policy and no
 * listener of the page sees a second click.
 */
function follow(link: HTMLAnchorElement): void {
  const copy = document.createElement('a');
  for (const name of ['target', 'rel', 'referrerpolicy', 'ping']) {
    const value = link.getAttribute(name);
    if (value !== null) copy.setAttribute(name, value);
  }
  copy.href = link.href;
  copy.click();
}

export function listenForHistoryChanges(triggers: readonly TriggerConfig[], dataLayer: DataLayer): void {
  if (!triggers.some((t) => t.type === 'HISTORY_CHANGE')) return;
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

/**
 * Form submissions, as GTM's form trigger sees them: submits that bubble to document, after the handlers on the
 * form and its ancestors. A submit the page cancelled before then fires only the triggers without `checkValidation`
 * and is never held. A Wait for Tags trigger holds the submit: it is cancelled, gtm.formSubmit pushed, and the form
 * submitted natively (no second submit event) once the event's tags have ended or the timeout passed.
 */
export function listenForSubmits(triggers: readonly TriggerConfig[], dataLayer: DataLayer, firesNow: FiresNow): void {
  const forms = triggers.filter((t) => t.type === 'FORM_SUBMISSION');
  if (forms.length === 0) return;
  const holding = new WeakSet<HTMLFormElement>();
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (holding.has(form)) return event.preventDefault(); // submitted again while its tags run: the held submit goes on
    const prevented = event.defaultPrevented;
    const fired = forms.filter((t) => !(t.checkValidation && prevented));
    if (fired.length === 0) return;
    const entry = triggerEvent('gtm.formSubmit', form, fired);
    if (prevented) return void dataLayer.push(entry);
    const submitter = (event as SubmitEvent).submitter;
    const resume = () => {
      holding.delete(form);
      submitNatively(form, submitter);
    };
    if (pushHolding(event, entry, fired, dataLayer, firesNow, resume)) holding.add(form);
  });
}

/** Submits the form without a submit event, keeping the submitter's name=value that a native submit sends. */
function submitNatively(form: HTMLFormElement, submitter: HTMLElement | null): void {
  let carrier: HTMLInputElement | undefined;
  if ((submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement) && submitter.name) {
    carrier = document.createElement('input');
    carrier.type = 'hidden';
    carrier.name = submitter.name;
    carrier.value = submitter.value;
    form.appendChild(carrier);
  }
  // the prototype's submit: a field named "submit" shadows form.submit
  HTMLFormElement.prototype.submit.call(form);
  carrier?.remove();
}

/** Starts the timers whose enabling conditions hold now (at gtm.js): each pushes its event every interval. */
export function startTimers(triggers: readonly TriggerConfig[], dataLayer: DataLayer, holds: (conditions: readonly Condition[]) => boolean): void {
  let timerId = 0;
  for (const trigger of triggers) {
    const timer = trigger.timer;
    if (!timer || !holds(timer.enabledWhen)) continue;
    const started = Date.now();
    const id = ++timerId;
    let count = 0;
    const interval = setInterval(() => {
      const now = Date.now();
      count++;
      if (timer.limit !== undefined && count >= timer.limit) clearInterval(interval);
      dataLayer.push({
        event: timer.eventName,
        'gtm.timerId': id,
        'gtm.timerEventNumber': count,
        'gtm.timerInterval': timer.intervalMs,
        'gtm.timerStartTime': started,
        'gtm.timerCurrentTime': now,
        'gtm.timerElapsedTime': now - started,
        [EVENT_TRIGGERS_KEY]: trigger.id,
      });
    }, timer.intervalMs);
  }
}

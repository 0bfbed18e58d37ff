// The page listeners GTM installs for the trigger types in use: clicks, history changes, form submissions and
// timers push their auto-events to the data layer, where the container processes them like any push.
import { EVENT_TRIGGERS_KEY, type Condition, type TriggerConfig } from './config.ts';
import { elementEvent } from './page.ts';

/** The page's data layer, its push taken over by the container. */
export type DataLayer = unknown[] & { push(...entries: unknown[]): number };

export function listenForClicks(triggers: readonly TriggerConfig[], dataLayer: DataLayer): void {
  const types = new Set(triggers.map((t) => t.type));
  if (!types.has('CLICK') && !types.has('LINK_CLICK')) return;
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    if (types.has('CLICK')) dataLayer.push(elementEvent('gtm.click', target));
    const link = target.closest('a[href]');
    if (link && types.has('LINK_CLICK')) dataLayer.push(elementEvent('gtm.linkClick', link));
  }, true);
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
 * Form submissions, as GTM's form trigger sees them: a capture listener on document notices every submit, and the
 * decision waits until the page's own handlers have run (the event reaching window), so that `checkValidation`
 * triggers skip a submit the page cancelled. With a `waitForTagsMs` trigger the navigation is held: the submit is
 * cancelled, gtm.formSubmit pushed with an eventCallback, and the form submitted natively (no second submit event)
 * once the event's tags have ended or the timeout passed. A handler that stops the event's propagation leaves only
 * a late decision (next task), too late to hold the navigation.
 */
export function listenForSubmits(triggers: readonly TriggerConfig[], dataLayer: DataLayer): void {
  const forms = triggers.filter((t) => t.type === 'FORM_SUBMISSION');
  if (forms.length === 0) return;
  const holding = new WeakSet<HTMLFormElement>();
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    if (holding.has(form)) return event.preventDefault(); // submitted again while its tags run: the held submit goes on
    let decided = false;
    const decide = (duringDispatch: boolean) => {
      if (decided) return;
      decided = true;
      window.removeEventListener('submit', atWindow);
      const fired = forms.filter((t) => !(t.checkValidation && event.defaultPrevented));
      if (fired.length === 0) return;
      const entry = { ...elementEvent('gtm.formSubmit', form), [EVENT_TRIGGERS_KEY]: fired.map((t) => t.id).join(',') };
      const waits = duringDispatch && !event.defaultPrevented ? fired.flatMap((t) => (t.waitForTagsMs === undefined ? [] : [t.waitForTagsMs])) : [];
      if (waits.length === 0) return void dataLayer.push(entry);
      event.preventDefault();
      holding.add(form);
      const submitter = (event as SubmitEvent).submitter;
      const resume = () => {
        holding.delete(form);
        submitNatively(form, submitter);
      };
      dataLayer.push({ ...entry, eventCallback: resume, eventTimeout: Math.max(...waits) });
    };
    const atWindow = (e: Event) => e === event && decide(true);
    window.addEventListener('submit', atWindow);
    setTimeout(() => decide(false));
  }, true);
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

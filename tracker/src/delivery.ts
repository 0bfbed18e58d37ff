// Delivery: batching, a persistent queue per tab, sending with back-off, unload, and adopting what closed tabs left.
//
// Each tab keeps its unsent batches under its own localStorage key `<prefix>_q.<tab id>` together with the time it
// last wrote them. Storage is the truth: a tab re-reads its key before every send, so a batch that another tab
// adopted is never sent twice. A tab releases its key when the page goes away (pagehide), and a key nobody wrote
// for STALE ms (crashed tab) is abandoned; the next tab to load, or a tab told by a `storage` event, adopts those
// batches under a Web Lock so that two tabs cannot adopt the same one.
import { cfg, named } from './config.ts';
import { timeZone } from './event.ts';
import { maySend, mayStore } from './privacy.ts';
import type { WireBatch, WireEvent } from './types.ts';
import { getItem, iso, keys, log, now, setItem, uuid, warn } from './util.ts';

interface Batch {
  id: string;
  e: WireEvent[];
  /** Bytes of the events' JSON. */
  n: number;
}

/** A queue its tab has not written for this long (5 minutes) belongs to a tab that crashed or froze. */
const STALE = 3e5;
const tab = uuid();
const prefix = (): string => named('_q.');
const own = (): string => prefix() + tab;

let mem: Batch[] = [];
/** The queue lives in `mem` only: storage is not allowed yet, or it refused the last write (quota). */
let inMemory = false;
let open: Batch | undefined;
let openTimer: ReturnType<typeof setTimeout> | undefined;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let inFlight = '';
let failures = 0;
let encoder: TextEncoder | undefined;

/** Every request body stays under the 64 KB that keepalive requests and beacons may carry. */
const limit = (): number => Math.min(cfg.batchBytes, 6e4);

const body = (b: Batch): string => {
  for (const e of b.e) e.context.timezone ||= timeZone();
  const batch: WireBatch = { v: 1, batch_id: b.id, sent_at: iso(), events: b.e };
  return JSON.stringify(batch);
};

function read(): Batch[] {
  if (!inMemory && mayStore()) {
    try {
      mem = JSON.parse(getItem(own()) || '{"b":[]}').b;
    } catch {
      mem = [];
    }
  }
  return mem;
}

/** Saves this tab's queue within the caps (always keeping the newest batch); `seen` 0 releases it to other tabs. */
function write(list: Batch[], seen = now()): void {
  let events = 0;
  let bytes = 0;
  let i = list.length;
  while (i--) if ((events += list[i].e.length) > cfg.maxQueueEvents || (bytes += list[i].n) > cfg.maxQueueBytes) break;
  if (i >= 0) {
    list = list.slice(Math.min(i + 1, list.length - 1));
    warn('the queue is full: the oldest events were dropped');
  }
  mem = list;
  inMemory = !mayStore() || !setItem(own(), list.length ? JSON.stringify({ t: seen, b: list }) : null);
  // A copy we could not update must not be adopted and sent by another tab.
  if (inMemory && mayStore()) setItem(own(), null);
}

function close(): void {
  clearTimeout(openTimer);
  if (open) {
    const list = read();
    list.push(open);
    open = undefined;
    write(list);
  }
}

const closeAndSend = (): void => {
  close();
  pump();
};

export function enqueue(event: WireEvent): void {
  let n: number;
  try {
    n = (encoder ||= new TextEncoder()).encode(JSON.stringify(event)).length + 1;
  } catch {
    return warn('an event whose properties are not JSON was dropped');
  }
  if (n > limit()) return warn('an event larger than batchBytes was dropped');
  if (open && open.n + n > limit()) closeAndSend();
  if (!open) {
    open = { id: uuid(), e: [], n: 0 };
    openTimer = setTimeout(closeAndSend, cfg.flushInterval);
  }
  open.e.push(event);
  open.n += n;
  if (open.e.length >= cfg.batchSize) closeAndSend();
}

/** Sends the oldest batch, one request at a time, unless waiting for a retry, offline, or not allowed to send. */
export function pump(): void {
  if (inFlight || retryTimer || !maySend() || !navigator.onLine) return;
  const list = read();
  const batch = list[0];
  if (!batch) return;
  if (!window.fetch) {
    // Browsers without fetch: hand every batch over without waiting for an answer; by beacon, else one pixel per event.
    const refused = (b: Batch): boolean => (navigator.sendBeacon ? !navigator.sendBeacon(cfg.endpoint, body(b)) : (b.e.forEach(pixel), false));
    return write(list.filter(refused));
  }
  inFlight = batch.id;
  write(list); // refreshes the time stamp that tells other tabs this queue is alive
  log('send', batch.id, batch.e.length);
  fetch(cfg.endpoint, { method: 'POST', body: body(batch), keepalive: true, credentials: 'include' }).then(
    (r) => done(batch, r.status, r.headers.get('Retry-After')),
    () => done(batch, 0, null),
  );
}

function pixel(event: WireEvent): void {
  new Image().src = cfg.endpoint + '?e=' + encodeURIComponent(body({ id: uuid(), e: [event], n: 0 }));
}

/** 2xx: sent. Other 4xx (except 408 and 429): the collector will never take it, drop it. Anything else: retry later. */
function done(batch: Batch, status: number, retryAfter: string | null): void {
  inFlight = '';
  log('status', status, batch.id);
  if ((status > 199 && status < 300) || (status > 399 && status < 500 && status != 408 && status != 429)) {
    if (status > 299) warn('the collector refused a batch (HTTP 4xx); it was dropped');
    failures = 0;
    write(read().filter((b) => b.id != batch.id));
    pump();
  } else {
    let delay = retryAfter ? +retryAfter * 1e3 || Date.parse(retryAfter) - now() : 0;
    if (!(delay > 0)) delay = Math.min(cfg.retryMax, cfg.retryBase * 2 ** failures) * (0.5 + Math.random() / 2);
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      pump();
    }, delay);
  }
}

/** Sends everything now, without waiting for a pending retry. */
export function flush(): void {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  closeAndSend();
}

/**
 * Page hidden or going away: hand the queue to the browser with sendBeacon, which delivers after the page is gone.
 * What the browser took (beacons, and the keepalive request in flight when the page goes away) counts as sent, like
 * any request to a healthy collector. Nothing is beaconed while offline or while the collector is failing (a beacon
 * cannot be retried): then everything stays queued, for this tab's next attempt or, once released at pagehide, for
 * the next page. Browsers fire visibilitychange after pagehide, so this may run twice while unloading; after the
 * release it writes only what changed, never rewriting a queue that another tab may already have adopted.
 */
let gone = false;
function hide(e: Event): void {
  const leaving = e.type == 'pagehide';
  const away = leaving || gone;
  if (!away && document.visibilityState != 'hidden') return;
  const stored = read();
  const sealed = open;
  const list = sealed ? [...stored, sealed] : stored;
  clearTimeout(openTimer);
  open = undefined;
  const kept =
    maySend() && navigator.onLine && !failures && navigator.sendBeacon
      ? list.filter((b) => (b.id == inFlight ? !away : !navigator.sendBeacon(cfg.endpoint, body(b))))
      : list;
  const unchanged = kept.length == stored.length && !(sealed && kept.includes(sealed));
  if (!unchanged || (leaving && !gone)) write(kept, away ? 0 : now());
  gone = away;
}

function locked(run: () => void): void {
  navigator.locks ? navigator.locks.request(named('_q'), run) : run();
}

/** Takes over the batches of tabs that went away (released) or stopped writing STALE ms ago. */
export function adopt(): void {
  if (!mayStore()) return;
  locked(() => {
    const list = read();
    for (const key of keys(prefix())) {
      if (key == own()) continue;
      try {
        const q = JSON.parse(getItem(key)!);
        if (q.t < now() - STALE) {
          list.push(...q.b);
          setItem(key, null);
        }
      } catch {
        setItem(key, null);
      }
    }
    write(list);
    pump();
  });
}

/** Opt-out and withdrawn consent: every queued event goes, this tab's and what other tabs left. */
export function purgeQueue(): void {
  clearTimeout(openTimer);
  clearTimeout(retryTimer);
  retryTimer = open = undefined;
  mem = [];
  failures = 0;
  for (const key of keys(prefix())) setItem(key, null);
}

export function startDelivery(): void {
  document.addEventListener('visibilitychange', hide);
  addEventListener('pagehide', hide);
  // Back from the back/forward cache: our queue may have been adopted meanwhile; if not, claim it again.
  addEventListener('pageshow', (e) => {
    if (!e.persisted) return;
    gone = false;
    locked(() => {
      write(read());
      pump();
    });
  });
  addEventListener('online', flush);
  addEventListener('storage', (e) => e.key?.startsWith(prefix()) && e.newValue?.startsWith('{"t":0,') && adopt());
}

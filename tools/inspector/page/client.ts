// The inspector page's script (transpiled and inlined by page.ts): follows the server's event stream and renders what
// the bucket holds. Stored rows carry user-supplied strings, so everything is set with textContent, never as HTML.
import type { Counters, Entry, JsonObject, Status, Update } from '../feed.ts';

const config = document.body.dataset;
const maxRows = Number(config.maxRows);

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const eventList = byId('events');
const rejectedList = byId('rejected');
const filterBox = byId<HTMLInputElement>('filter');

interface Shown {
  entry: Entry;
  node: HTMLDetailsElement;
  /** What the filter matches: event name, type and anonymous id, lower case. */
  haystack: string;
}

const shown = new Map<string, Shown>();
let rejected: Entry[] = [];
let status: Status = { checked: false, bucketExists: true, error: null };
let connected = false;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string, title?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  if (title) node.title = title;
  return node;
}

/** A nested field of a stored row, as text ('' when absent or not a scalar). */
function field(row: JsonObject, ...path: string[]): string {
  let value: unknown = row;
  for (const name of path) value = value !== null && typeof value === 'object' ? (value as JsonObject)[name] : undefined;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function short(id: string, length: number): string {
  return id.length > length + 1 ? `${id.slice(0, length)}…` : id;
}

function clock(iso: string): string {
  const date = new Date(iso);
  if (!iso || Number.isNaN(date.getTime())) return iso || '—';
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

function jsonBlock(value: unknown, source: string): HTMLElement {
  const block = element('div', 'row-json');
  block.append(element('pre', '', JSON.stringify(value, null, 2)), element('p', 'source', source));
  return block;
}

function eventNode(entry: Entry, fresh: boolean): HTMLDetailsElement {
  const { row } = entry;
  const node = element('details', fresh ? 'event fresh' : 'event');
  node.dataset.key = entry.key;
  const summary = element('summary', 'cells');
  const received = field(row, 'received_at');
  const anonymous = field(row, 'anonymous_id');
  const session = field(row, 'session_id');
  const user = field(row, 'user_id');
  const name = element('span', 'cell name');
  name.append(element('span', 'type', field(row, 'type') || '?'), element('span', 'event-name', field(row, 'event') || '(no name)'));
  summary.append(
    element('span', 'cell time', clock(received), received),
    name,
    element('span', 'cell path', field(row, 'context', 'page', 'path') || '—', field(row, 'context', 'page', 'url')),
    element('span', 'cell id', anonymous ? short(anonymous, 8) : '—', anonymous),
    element('span', 'cell id', session ? short(session, 8) : '—', session),
    element('span', 'cell id', user ? short(user, 12) : '—', user),
    element('span', 'cell consent', field(row, 'context', 'consent') || '—'),
  );
  node.append(summary, jsonBlock(row, `${entry.object}, line ${entry.line}`));
  return node;
}

function apply(update: Update): void {
  if (update.reset) {
    for (const { node } of shown.values()) node.remove();
    shown.clear();
    rejected = [];
  }
  for (const entry of update.events) {
    if (shown.has(entry.key)) continue;
    const haystack = [field(entry.row, 'event'), field(entry.row, 'type'), field(entry.row, 'anonymous_id')].join('\n').toLowerCase();
    shown.set(entry.key, { entry, node: eventNode(entry, !update.reset), haystack });
  }
  placeEvents();
  if (update.reset || update.rejected.length > 0) {
    const known = new Set(rejected.map((entry) => entry.key));
    rejected = [...rejected, ...update.rejected.filter((entry) => !known.has(entry.key))].sort(newestFirst).slice(0, maxRows);
    renderRejected();
  }
  status = update.status;
  renderCounters(update.counters);
  applyFilter();
}

function newestFirst(a: Entry, b: Entry): number {
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

/** Newest first, at most maxRows; nodes already in place stay untouched (open rows stay open). */
function placeEvents(): void {
  const ordered = [...shown.values()].sort((a, b) => newestFirst(a.entry, b.entry));
  for (const dropped of ordered.splice(maxRows)) {
    dropped.node.remove();
    shown.delete(dropped.entry.key);
  }
  ordered.forEach(({ node }, index) => {
    const current = eventList.children[index];
    if (current !== node) eventList.insertBefore(node, current ?? null);
  });
}

function renderRejected(): void {
  const batches = new Map<string, Entry[]>();
  for (const entry of rejected) batches.set(entry.object, [...(batches.get(entry.object) ?? []), entry]);
  const cards = [...batches].map(([object, entries]) => {
    const first = entries[0]!.row;
    const card = element('article', 'rejected-batch');
    const heading = element('h3', '');
    heading.append(
      element('span', 'time', clock(field(first, 'received_at')), field(first, 'received_at')),
      element('span', '', ` batch ${field(first, 'batch_id') || '?'}: ${entries.length} event${entries.length === 1 ? '' : 's'} rejected`),
    );
    card.append(heading, element('p', 'source', object));
    for (const entry of [...entries].sort((a, b) => a.line - b.line)) {
      const item = element('details', 'rejected-event');
      const summary = element('summary', '');
      summary.append(element('span', 'index', `event #${field(entry.row, 'index') || '?'}`), element('span', 'event-name', field(entry.row, 'event', 'event')));
      const reasons = element('ul', 'reasons');
      const list = Array.isArray(entry.row.reasons) ? entry.row.reasons : [];
      for (const reason of list) reasons.append(element('li', '', String(reason)));
      item.append(summary, reasons, jsonBlock(entry.row.event, `${entry.object}, line ${entry.line}`));
      item.open = true;
      card.append(item);
    }
    return card;
  });
  rejectedList.replaceChildren(...cards);
  byId('no-rejected').hidden = cards.length > 0;
}

function renderCounters(counters: Counters): void {
  const events = byId('count-events');
  events.textContent = `${counters.events}${counters.unreadBatches > 0 ? '+' : ''}`;
  events.title = counters.unreadBatches > 0 ? `${counters.unreadBatches} older batches were not read` : '';
  byId('count-batches').textContent = String(counters.batches);
  byId('count-rejected').textContent = String(counters.rejectedEvents);
  byId('count-rejected-batches').textContent = String(counters.rejectedBatches);
  byId('unreadable').hidden = counters.unreadableLines === 0;
  byId('count-unreadable').textContent = String(counters.unreadableLines);
}

function applyFilter(): void {
  const query = filterBox.value.trim().toLowerCase();
  let visible = 0;
  for (const { node, haystack } of shown.values()) {
    node.hidden = query !== '' && !haystack.includes(query);
    if (!node.hidden) visible++;
  }
  byId('shown').textContent = query === '' ? '' : `${visible} of ${shown.size} shown`;
  renderState(visible);
}

function renderState(visible: number): void {
  const state = !connected ? 'offline' : status.error ? 'error' : status.checked ? 'live' : 'connecting';
  byId('live').dataset.state = state;
  byId('live-text').textContent = { live: 'live', offline: 'reconnecting…', error: 'bucket unreadable', connecting: 'connecting…' }[state];
  byId('error').hidden = status.error === null;
  byId('error-text').textContent = status.error ?? '';
  const empty = byId('empty');
  empty.hidden = visible > 0;
  if (visible > 0) return;
  const where = config.eventsLocation ?? '';
  const [headline, detail] =
    shown.size > 0
      ? ['No event matches the filter.', '']
      : !status.checked
        ? ['Reading the bucket…', '']
        : !status.bucketExists
          ? [`No events yet: the bucket ${config.bucket ?? ''} does not exist.`, `Events will appear here once the Pipes client stores a batch under ${where}dt=YYYY-MM-DD/hr=HH/<batch_id>.ndjson.`]
          : ['No events yet.', `Stored events land in ${where}dt=YYYY-MM-DD/hr=HH/<batch_id>.ndjson and appear here as they arrive, without reloading.`];
  empty.replaceChildren(element('p', 'headline', headline), ...(detail ? [element('p', '', detail)] : []));
}

function connect(): void {
  const source = new EventSource(config.stream ?? '');
  source.addEventListener('update', (message) => apply(JSON.parse((message as MessageEvent<string>).data) as Update));
  source.addEventListener('open', () => {
    connected = true;
    applyFilter();
  });
  source.addEventListener('error', () => {
    connected = false;
    applyFilter();
    // The browser reconnects by itself unless the answer was not a stream at all (e.g. the server restarting).
    if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
  });
}

filterBox.addEventListener('input', applyFilter);
applyFilter();
connect();

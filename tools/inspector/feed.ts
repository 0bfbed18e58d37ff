// What the inspector knows about the bucket: the newest stored rows and rejected entries, counters, and the state of
// the last read. A sync lists both datasets and downloads only objects it has not seen (by name and generation);
// while anyone listens, syncs repeat every pollIntervalMs and each change is pushed to the listeners.
import { setTimeout as delay } from 'node:timers/promises';
import { DATASETS, allSettled, statusOf, type BucketReader, type Dataset, type ListedObject } from './bucket.ts';
import { byKeyDescending, parseObject, type Entry, type ParsedObject } from './rows.ts';

export type { Entry, JsonObject } from './rows.ts';

export interface Counters {
  /** Rows in the event objects read. */
  events: number;
  /** Objects under events/v1. */
  batches: number;
  rejectedEvents: number;
  rejectedBatches: number;
  /** Objects not downloaded because at least maxRows newer ones were (their rows are not counted). */
  unreadBatches: number;
  /** Lines of the objects read that are not JSON objects. */
  unreadableLines: number;
}

export interface Status {
  /** A sync has finished (successfully or not). */
  checked: boolean;
  /** False when the bucket does not exist; its objects then count as none. */
  bucketExists: boolean;
  /** Why the last sync failed; null when it succeeded. */
  error: string | null;
}

/** What listeners receive: entries to add (or, with `reset`, the whole retained state), newest first. */
export interface Update {
  reset: boolean;
  events: Entry[];
  rejected: Entry[];
  counters: Counters;
  status: Status;
}

export type Listener = (update: Update) => void;

interface Known {
  dataset: Dataset;
  generation: string;
  /** null: listed but not downloaded. */
  rows: number | null;
  unreadable: number;
}

interface Read {
  object: ListedObject;
  /** null: only counted, not downloaded. */
  parsed: ParsedObject | null;
}

const DOWNLOADS_AT_ONCE = 8;

export class EventFeed {
  private readonly known = new Map<string, Known>();
  private readonly retained: Record<Dataset, Entry[]> = { events: [], rejected: [] };
  private counters: Counters = countersOf(new Map());
  private status: Status = { checked: false, bucketExists: true, error: null };
  private readonly listeners = new Set<Listener>();
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private polling: Promise<void> | undefined;
  private readonly closing = new AbortController();

  constructor(
    private readonly reader: BucketReader,
    private readonly options: { maxRows: number; pollIntervalMs: number },
  ) {}

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** The retained state, newest first. */
  snapshot(): Update {
    return { reset: true, events: [...this.retained.events], rejected: [...this.retained.rejected], counters: this.counters, status: this.status };
  }

  /**
   * Resolves once a sync that started after this call has finished, so whatever was stored before the call is seen.
   * Never rejects: a failed read is recorded in the status.
   */
  sync(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.queued) return this.queued;
    if (this.running) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.closed ? undefined : this.launch();
      });
      return this.queued;
    }
    return this.launch();
  }

  /** Sends the snapshot to the listener now, then every change; polling runs while anyone listens. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    return () => this.listeners.delete(listener);
  }

  /** Stops polling and waits for the sync in progress, so the storage client is not used afterwards. */
  async close(): Promise<void> {
    this.closing.abort();
    this.listeners.clear();
    await Promise.all([this.polling, this.queued, this.running]);
  }

  private async poll(): Promise<void> {
    while (!this.closed && this.listeners.size > 0) {
      await this.sync();
      await delay(this.options.pollIntervalMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
    }
  }

  private launch(): Promise<void> {
    const run = this.scan().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async scan(): Promise<void> {
    let listing: ListedObject[] | null;
    let reads: Read[];
    try {
      listing = await this.reader.list();
      reads = await this.readNew(listing ?? []);
    } catch (error) {
      if (!this.closed) this.publish(false, [], { checked: true, bucketExists: this.status.bucketExists, error: describe(error) });
      return;
    }
    if (this.closed) return;
    const reset = this.forgetMissing(listing ?? []);
    for (const read of reads) this.remember(read);
    this.publish(reset, reads.flatMap((read) => read.parsed?.entries ?? []), { checked: true, bucketExists: listing !== null, error: null });
  }

  /** Downloads objects not seen before, newest first, at most maxRows per dataset; older ones are only counted. */
  private async readNew(listing: ListedObject[]): Promise<Read[]> {
    const fresh = listing
      .filter((object) => this.known.get(object.name)?.generation !== object.generation)
      .sort((a, b) => b.createdMs - a.createdMs || (a.name < b.name ? 1 : -1));
    const toRead = DATASETS.flatMap((dataset) => fresh.filter((object) => object.dataset === dataset).slice(0, this.options.maxRows));
    const downloading = new Set(toRead);
    const reads: Read[] = fresh.filter((object) => !downloading.has(object)).map((object) => ({ object, parsed: null }));
    for (let i = 0; i < toRead.length; i += DOWNLOADS_AT_ONCE) {
      const downloaded = await allSettled(
        toRead.slice(i, i + DOWNLOADS_AT_ONCE).map(async (object) => {
          const text = await this.reader.read(object);
          return text === null ? undefined : { object, parsed: parseObject(object, text) };
        }),
      );
      for (const read of downloaded) if (read) reads.push(read);
    }
    return reads;
  }

  /** Drops objects deleted or replaced since they were listed, and their entries; true when there were any. */
  private forgetMissing(listing: ListedObject[]): boolean {
    const live = new Map(listing.map((object) => [object.name, object.generation]));
    let forgot = false;
    for (const [name, known] of this.known) {
      if (live.get(name) === known.generation) continue;
      this.known.delete(name);
      forgot = true;
    }
    if (!forgot) return false;
    for (const dataset of DATASETS) this.retained[dataset] = this.retained[dataset].filter((entry) => this.known.has(entry.object));
    return true;
  }

  private remember({ object, parsed }: Read): void {
    this.known.set(object.name, { dataset: object.dataset, generation: object.generation, rows: parsed?.entries.length ?? null, unreadable: parsed?.unreadable ?? 0 });
    if (parsed && parsed.entries.length > 0) {
      this.retained[object.dataset] = [...this.retained[object.dataset], ...parsed.entries].sort(byKeyDescending).slice(0, this.options.maxRows);
    }
  }

  private publish(reset: boolean, added: Entry[], status: Status): void {
    const counters = countersOf(this.known);
    const changed = reset || added.length > 0 || JSON.stringify([counters, status]) !== JSON.stringify([this.counters, this.status]);
    this.counters = counters;
    this.status = status;
    if (!changed || this.listeners.size === 0) return;
    const update = reset ? this.snapshot() : this.additions(added);
    for (const listener of this.listeners) listener(update);
  }

  /** The added entries that are still retained (an old object's rows may fall outside maxRows at once). */
  private additions(added: Entry[]): Update {
    const keys = new Set(added.map((entry) => entry.key));
    const kept = (dataset: Dataset): Entry[] => this.retained[dataset].filter((entry) => keys.has(entry.key));
    return { reset: false, events: kept('events'), rejected: kept('rejected'), counters: this.counters, status: this.status };
  }
}

function countersOf(known: ReadonlyMap<string, Known>): Counters {
  const counters: Counters = { events: 0, batches: 0, rejectedEvents: 0, rejectedBatches: 0, unreadBatches: 0, unreadableLines: 0 };
  for (const { dataset, rows, unreadable } of known.values()) {
    if (dataset === 'events') counters.batches++;
    else counters.rejectedBatches++;
    if (rows === null) counters.unreadBatches++;
    else if (dataset === 'events') counters.events += rows;
    else counters.rejectedEvents += rows;
    counters.unreadableLines += unreadable;
  }
  return counters;
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return status === undefined ? message : `HTTP ${status}: ${message}`;
}

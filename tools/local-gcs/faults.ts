// Fault injection for tests and benchmarks: a share of requests answered 503 (chosen by a seeded generator, so a run
// with the same seed and the same request order fails the same requests), added latency, and a full outage.
import { setTimeout as sleep } from 'node:timers/promises';
import { GcsError } from './errors.ts';

export interface Faults {
  /** Share of requests, 0 to 1, answered 503 backendError. */
  errorRate?: number;
  /** Seed of the generator that picks the failing requests (default 1); setting faults restarts the sequence. */
  seed?: number;
  /** Milliseconds waited before each request is handled. */
  latencyMs?: number;
  /** Answer every request 503, as if the storage service were down. */
  outage?: boolean;
}

function checkFaults(faults: Faults): Faults {
  const { errorRate = 0, seed = 1, latencyMs = 0, outage = false } = faults;
  if (typeof errorRate !== 'number' || !(errorRate >= 0 && errorRate <= 1)) throw new TypeError(`errorRate must be a number from 0 to 1, got ${String(errorRate)}`);
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${String(seed)}`);
  if (typeof latencyMs !== 'number' || !(latencyMs >= 0 && latencyMs < 600_000)) throw new TypeError(`latencyMs must be a number of milliseconds from 0 to 600000, got ${String(latencyMs)}`);
  if (typeof outage !== 'boolean') throw new TypeError(`outage must be true or false, got ${String(outage)}`);
  return { errorRate, seed, latencyMs, outage };
}

export class FaultInjector {
  #faults: Faults = {};
  #random: () => number = () => 1;

  constructor(faults: Faults = {}) {
    this.set(faults);
  }

  set(faults: Faults): void {
    this.#faults = checkFaults(faults);
    this.#random = mulberry32(this.#faults.seed ?? 1);
  }

  get current(): Faults {
    return { ...this.#faults };
  }

  /** Waits the configured latency and returns the error to answer with, if this request is to fail. */
  async apply(): Promise<GcsError | undefined> {
    const { errorRate = 0, latencyMs = 0, outage } = this.#faults;
    // Draw before waiting, so the choice follows the order requests arrive in.
    const unlucky = errorRate > 0 && this.#random() < errorRate;
    if (latencyMs > 0) await sleep(latencyMs);
    if (outage) return new GcsError(503, 'backendError', 'Service Unavailable: local-gcs is simulating a storage outage.');
    if (unlucky) return new GcsError(503, 'backendError', 'Service Unavailable: fault injected by local-gcs.');
    return undefined;
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

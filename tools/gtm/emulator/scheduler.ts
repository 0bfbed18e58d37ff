// When asynchronous sandbox work runs: callLater tasks (GTM: "like setTimeout(fn, 0)"), timers (the 5 s limit of
// server promises) and host work in flight (an HTTP request a runtime sends). Promise callbacks are native
// microtasks and run between tasks, as in a browser or Node.
//
// Two clocks: 'real' runs tasks and timers on Node's event loop (a runtime serving requests); 'virtual' runs
// nothing by itself, and `settle` runs tasks until idle and then moves time forward to the next timer (the test
// runner: a promise that never settles rejects after 5 virtual seconds, at once).

export type Clock = 'real' | 'virtual';

export interface SettleLimits {
  /** callLater tasks and timers run before settle gives up (code that keeps rescheduling itself) */
  maxTasks?: number;
  /** real time to wait for host work in flight, in ms */
  maxWaitMs?: number;
  /** ends settling early, checked before each step (a test scenario that already failed) */
  stop?: () => boolean;
}

interface Timer {
  due: number;
  task: () => void;
}

const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Scheduler {
  /**
   * Receives what a task throws (the sandbox sets it from SandboxOptions.onAsyncError). It may throw to end a
   * `settle` early, as the test runner does; on the real clock nothing catches what it throws.
   */
  onError: (error: unknown) => void = (error) => console.error(error);
  private readonly queue: (() => void)[] = [];
  private readonly timers = new Set<Timer>();
  private readonly inFlight = new Set<PromiseLike<unknown>>();
  private virtualNow = 0;
  private flushScheduled = false;

  constructor(readonly clock: Clock) {}

  /** Runs `task` after the current code and the microtasks it queued. */
  later(task: () => void): void {
    this.queue.push(task);
    if (this.clock === 'real' && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        void this.runQueued();
      });
    }
  }

  /** Runs `task` after `ms`; returns a function that cancels it. */
  timer(ms: number, task: () => void): () => void {
    if (this.clock === 'real') {
      const timer = { due: 0, task };
      const handle = setTimeout(() => {
        this.timers.delete(timer);
        this.later(task);
      }, ms);
      // a pending sandbox timer alone does not keep a runtime's process alive
      handle.unref();
      this.timers.add(timer);
      return () => {
        clearTimeout(handle);
        this.timers.delete(timer);
      };
    }
    const timer = { due: this.virtualNow + ms, task };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Host work in flight: `settle` waits for it, since its completion may call back into the sandbox. */
  track(work: PromiseLike<unknown>): void {
    this.inFlight.add(work);
    const done = (): void => {
      this.inFlight.delete(work);
    };
    work.then(done, done);
  }

  /** Runs queued tasks, microtasks, due timers and tracked work until nothing is left. */
  async settle(limits: SettleLimits = {}): Promise<void> {
    const maxTasks = limits.maxTasks ?? 10_000;
    const deadline = Date.now() + (limits.maxWaitMs ?? 30_000);
    let ran = 0;
    for (;;) {
      await macrotask();
      if (limits.stop?.()) return;
      const task = this.queue.shift();
      if (task) {
        if (++ran > maxTasks) throw new Error(`more than ${maxTasks} callLater tasks and timers ran: the code keeps scheduling work`);
        this.run(task);
        continue;
      }
      if (this.inFlight.size > 0) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`host work was still in flight after ${limits.maxWaitMs ?? 30_000} ms`);
        await Promise.race([...this.inFlight, new Promise((resolve) => setTimeout(resolve, Math.min(left, 50)))]);
        continue;
      }
      if (this.timers.size === 0) return;
      if (this.clock === 'real') {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      const next = [...this.timers].reduce((a, b) => (b.due < a.due ? b : a));
      this.timers.delete(next);
      this.virtualNow = Math.max(this.virtualNow, next.due);
      this.queue.push(next.task);
    }
  }

  private async runQueued(): Promise<void> {
    // One task per macrotask, so that the microtasks one task queues run before the next task.
    for (let task = this.queue.shift(); task; task = this.queue.shift()) {
      this.run(task);
      await macrotask();
    }
  }

  private run(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.onError(error);
    }
  }
}

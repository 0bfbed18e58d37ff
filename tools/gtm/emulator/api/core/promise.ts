// The sandbox's promises (server): `require('Promise')` gives create and all, not ECMAScript's constructor, and
// promises have then, catch and finally. A promise made with Promise.create that has not settled after 5 s
// rejects [3P: stape's server d.ts paraphrasing the server API page]. Host APIs (sendHttpRequest, BigQuery…)
// return sandbox promises too, made with `env.promises.from(nativePromise)`.
//
// A sandbox promise is a host object (SandboxPromise, around a native promise) that travels into the sandbox as an
// opaque realm object with then/catch/finally; callbacks run as native promise reactions (microtasks).
import type { Boundary } from '../../boundary.ts';
import type { Scheduler } from '../../scheduler.ts';
import { expectArg } from '../args.ts';
import { defineApi } from '../define.ts';

export const PROMISE_TIMEOUT_MS = 5000;
/** What a Promise.create promise rejects with after PROMISE_TIMEOUT_MS. [UNVERIFIED: GTM's reason is not documented.] */
export const PROMISE_TIMEOUT_REASON = `the promise did not settle within ${PROMISE_TIMEOUT_MS} ms`;

export class SandboxPromise {
  constructor(readonly native: Promise<unknown>) {
    // A rejection nobody handles is normal in template code; it must not end the Node process.
    native.catch(() => undefined);
  }
}

export class SandboxPromises {
  constructor(
    private readonly boundary: Boundary,
    private readonly scheduler: Scheduler,
  ) {}

  /** A sandbox promise that settles as `native` does. Return it from an API; the boundary hands the sandbox its face. */
  from(native: PromiseLike<unknown>): SandboxPromise {
    const promise = new SandboxPromise(Promise.resolve(native));
    const face = this.boundary.realm.newObject();
    face['then'] = this.boundary.toSandbox((onFulfilled: unknown, onRejected: unknown) => this.then(promise, onFulfilled, onRejected));
    face['catch'] = this.boundary.toSandbox((onRejected: unknown) => this.then(promise, undefined, onRejected));
    face['finally'] = this.boundary.toSandbox((onFinally: unknown) =>
      this.from(promise.native.finally(typeof onFinally === 'function' ? () => this.adopt(onFinally()) : undefined)),
    );
    this.boundary.registerOpaque(promise, face);
    return promise;
  }

  /** Promise.create: `executor` receives resolve and reject; the promise rejects after PROMISE_TIMEOUT_MS unless settled. */
  create(executor: (resolve: (value?: unknown) => void, reject: (reason?: unknown) => void) => void): SandboxPromise {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const native = new Promise((a, b) => {
      resolve = a;
      reject = b;
    });
    const cancel = this.scheduler.timer(PROMISE_TIMEOUT_MS, () => reject(PROMISE_TIMEOUT_REASON));
    native.then(cancel, cancel);
    const promise = this.from(native);
    try {
      executor((value) => resolve(this.adopt(value)), (reason) => reject(reason));
    } catch (error) {
      reject(error);
    }
    return promise;
  }

  /** The native promise behind a sandbox promise (its face or itself); undefined for other values. */
  nativeOf(value: unknown): Promise<unknown> | undefined {
    const host = this.boundary.toHost(value);
    return host instanceof SandboxPromise ? host.native : undefined;
  }

  private then(promise: SandboxPromise, onFulfilled: unknown, onRejected: unknown): SandboxPromise {
    return this.from(
      promise.native.then(
        typeof onFulfilled === 'function' ? (value) => this.adopt(onFulfilled(value)) : undefined,
        typeof onRejected === 'function' ? (reason) => this.adopt(onRejected(reason)) : undefined,
      ),
    );
  }

  /** A callback's result as a native promise resolution: a sandbox promise is followed, as `then` does. */
  private adopt(value: unknown): unknown {
    return this.nativeOf(value) ?? value;
  }
}

export const promiseApi = defineApi({
  name: 'Promise',
  contexts: ['SERVER'],
  create: (env) => ({
    create: (resolver: unknown) => {
      expectArg('Promise.create', 0, 'resolver', resolver, 'function');
      return env.promises.create(resolver as (resolve: unknown, reject: unknown) => void);
    },
    all: (inputs: unknown) => {
      expectArg('Promise.all', 0, 'inputs', inputs, 'array');
      return env.promises.from(Promise.all((inputs as unknown[]).map((input) => env.promises.nativeOf(input) ?? input)));
    },
  }),
});

// How a plugin file registers itself: through `pipes('use', …)`, which works whether the tracker, the snippet's
// stub, GTM's queue, or nothing at all is on the page yet (then this creates the stub the tracker will replay).
import type { Pipes, Plugin } from '../src/types.ts';

export function register(name: string, plugin: Plugin): void {
  const stub = function () {
    (stub.q ||= []).push(arguments);
  } as unknown as Pipes;
  (window.pipes ||= stub)('use', name, plugin);
}

// The browser bundle's realm (build.ts puts it in place of ../../realm.ts, which needs node:vm): a same-origin
// iframe's JavaScript realm, reduced as the Node realm is (../../intrinsics.ts: prototypes trimmed to GTM's
// standard library, globals deleted), with the same members, so that Boundary and Sandbox work unchanged.
//
// Differences from the Node realm, all limits of the browser:
// - Some globals cannot be deleted (window, document, location, top, Window's constants); code is compiled inside
//   a function whose parameters of those names shadow them, so that template code finds them undefined. The iframe
//   is detached once set up, so that what stays reachable through a sloppy function's `this` (the iframe's emptied
//   window) leads nowhere: its parent, top and document.defaultView are null.
// - Code is compiled with the iframe's eval, so a page whose Content-Security-Policy forbids 'unsafe-eval' cannot
//   run templates.
// - There is no synchronous time limit: an endless loop in template code hangs the page. Lint the code in Node.
// - The code's first line starts after the shadowing header, so columns reported on line 1 are off by its length.
import type { RealmOptions } from '../../realm.ts';
import { captureIntrinsics, reduceToSandbox, ReducedRealm } from '../../intrinsics.ts';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
// values, not capabilities: left as they are
const HARMLESS = new Set(['NaN', 'Infinity', 'undefined']);

export class Realm extends ReducedRealm {
  private readonly evaluate: (source: string) => unknown;
  /** globals that survived deletion, shadowed in every compiled function */
  private readonly shadowed: readonly string[];

  constructor(_options: RealmOptions, bridge: (target: unknown, args: unknown[]) => unknown) {
    const frame = document.createElement('iframe');
    frame.style.display = 'none';
    (document.body ?? document.documentElement).appendChild(frame);
    const global = frame.contentWindow as unknown as Record<string, any>;
    const realmEval = global['eval'] as (source: string) => unknown;
    // an indirect eval: the source runs in the iframe's global scope
    const evaluate = (source: string): unknown => realmEval(source);
    const factory = evaluate('(bridge) => (target) => (...args) => bridge(target, args)') as Function;
    super(captureIntrinsics(global), factory(bridge));
    this.evaluate = evaluate;

    // The window's prototypes (Window.prototype, its named-properties object, EventTarget.prototype) hold globals too.
    const chain: Record<string | symbol, unknown>[] = [];
    for (let proto = Object.getPrototypeOf(global); proto && proto !== this.intrinsics.ObjectPrototype; proto = Object.getPrototypeOf(proto)) chain.push(proto);
    reduceToSandbox(global);
    for (const proto of chain) for (const key of Reflect.ownKeys(proto)) Reflect.deleteProperty(proto, key);
    this.shadowed = [...new Set([global, ...chain].flatMap((o) => Object.getOwnPropertyNames(o)))].filter((name) => IDENTIFIER.test(name) && !HARMLESS.has(name));
    frame.remove();
  }

  /** A realm function of `params` whose body is `body`; throws the realm's SyntaxError. */
  compileFunction(body: string, params: readonly string[], filename: string): Function {
    const shadowed = this.shadowed.filter((name) => !params.includes(name));
    const source = `(function (${shadowed.join(', ')}) { return function (${params.join(', ')}) {${body}\n}; })\n//# sourceURL=${filename}`;
    return (this.evaluate(source) as () => Function)();
  }

  /** Calls sandbox code; the browser offers no way to bound its running time. */
  invoke(fn: Function, args: readonly unknown[]): unknown {
    return Reflect.apply(fn, undefined, args);
  }
}

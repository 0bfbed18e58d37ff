// GTM's data layer model (data layer version 2): the merged state of every object pushed to window.dataLayer.
// A push is merged into the model recursively: nested plain objects and arrays merge key by key and index by index
// (pushing {items: [x]} onto {items: [a, b]} gives [x, b]), anything else replaces; a dotted key in a push
// ('a.b': 1) stands for the nested path. Reads take dotted paths ('ecommerce.items.0.id').
// Version 1 keeps no merged state: a key reads as the last push that had it, dots being part of the name.
// Pushed `arguments` objects (what gtag() pushes) are commands, handed to the container.
// [3P: google/data-layer-helper's merge and key expansion, which GTM's model follows; UNVERIFIED: the `_clear`
//  flag, pushed functions and array commands of that helper are not emulated.]

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** What gtag() pushes: `function gtag(){dataLayer.push(arguments);}`. */
export function isArguments(value: unknown): value is IArguments {
  return Object.prototype.toString.call(value) === '[object Arguments]';
}

/** A gtag command as GTM queues it: an arguments object, so that the page's data layer sees what gtag() pushes. */
export function gtagCommand(...args: unknown[]): IArguments {
  const collect = function (..._: unknown[]): IArguments {
    return arguments;
  };
  return collect(...args);
}

function mergeInto(target: Record<string, unknown> | unknown[], source: Record<string, unknown> | unknown[]): void {
  const to = target as Record<string, unknown>;
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      if (!Array.isArray(to[key])) to[key] = [];
      mergeInto(to[key] as unknown[], value);
    } else if (isPlainObject(value)) {
      if (!isPlainObject(to[key])) to[key] = {};
      mergeInto(to[key] as Record<string, unknown>, value);
    } else {
      to[key] = value;
    }
  }
}

/** `{'a.b': 1}` as `{a: {b: 1}}`. */
function expandKey(key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.');
  let result: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) result = { [parts[i]!]: result };
  return result as Record<string, unknown>;
}

export class DataLayerModel {
  private readonly state: Record<string, unknown> = {};
  private readonly latest = new Map<string, unknown>();

  constructor(private readonly onCommand: (args: unknown[]) => void) {}

  /** Processes one entry of the data layer: an object is merged, a gtag command is handed on, the rest ignored. */
  process(entry: unknown): void {
    if (isArguments(entry)) return this.onCommand(Array.from(entry));
    if (isPlainObject(entry)) this.merge(entry);
  }

  /** Merges an object into the model as a push of it would. */
  merge(object: Record<string, unknown>): void {
    for (const key of Object.keys(object)) {
      this.latest.set(key, object[key]);
      mergeInto(this.state, expandKey(key, object[key]));
    }
  }

  /** The value at a dotted key (version 2), or of the literal key in the latest push that had it (version 1). */
  get(key: string, version: 1 | 2 = 2): unknown {
    if (version === 1) return this.latest.get(key);
    let value: unknown = this.state;
    for (const part of key.split('.')) {
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return undefined;
      value = Object.hasOwn(value, part) ? (value as Record<string, unknown>)[part] : undefined;
    }
    return value;
  }
}

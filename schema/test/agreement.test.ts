// The sandbox cannot run ajv, so the client checks the wire format with a hand-written validator
// (gtm-server-client/sandbox/validate.ts). This test proves that it gives ajv's verdict on the JSON Schemas, batch by
// batch and event by event, over generated payloads: valid ones, and valid ones broken in one place each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateBatch, validateEvent } from '../../gtm-server-client/sandbox/validate.ts';
import { compileSchemas } from './schemas.ts';

const PAYLOADS = 12000;

/** mulberry32: small, fast and deterministic, so a failure names a seed and payload that reproduce it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Copies of one small valid event, to make lists long without making payloads large. */
function filler(count: number): JsonObject[] {
  const event = {
    event_id: '00000000-0000-4000-8000-000000000000',
    type: 'track',
    event: 'x',
    ts: '2025-01-01T00:00:00Z',
    anonymous_id: null,
    session_id: null,
    properties: {},
    context: { page: { url: '', path: '' }, library: { name: 'x', version: '1' } },
  };
  return Array.from({ length: count }, () => structuredClone(event));
}

class Generator {
  constructor(private readonly next: () => number) {}

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.int(0, 9);
    return s;
  }
  hex(n: number): string {
    const alphabet = this.chance(0.1) ? '0123456789ABCDEF' : '0123456789abcdef';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(0, 15)];
    return s;
  }
  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-${this.hex(4)}-${this.hex(4)}-${this.hex(12)}`;
  }
  two(min: number, max: number): string {
    return String(this.int(min, max)).padStart(2, '0');
  }
  timestamp(): string {
    const fraction = this.chance(0.7) ? '.' + this.digits(this.int(1, 9)) : '';
    const zone = this.chance(0.7) ? 'Z' : `${this.pick(['+', '-'])}${this.two(0, 23)}:${this.two(0, 59)}`;
    return `${this.digits(4)}-${this.two(1, 12)}-${this.two(1, 31)}T${this.two(0, 23)}:${this.two(0, 59)}:${this.two(0, 59)}${fraction}${zone}`;
  }
  /** Text of `length` code points, some outside the BMP (two UTF-16 units each), so length rules are exercised. */
  text(length: number): string {
    const pieces = ['a', 'Z', '7', ' ', '/', 'é', '日', '😀', '𝄞', '"', '\\', '\n'];
    // A random block of up to 16 code points, repeated: long strings cost few random draws.
    const block = Array.from({ length: Math.min(length, 16) }, () => this.pick(pieces));
    return Array.from({ length }, (_, i) => block[i % block.length]).join('');
  }
  string(min: number, max: number): string {
    // Lengths near the limits are where validators disagree, so they come up often.
    const length = this.chance(0.3) ? this.pick([min, max, Math.max(min, max - 1)]) : this.int(min, Math.min(max, min + 40));
    return this.text(length);
  }
  json(depth: number): Json {
    const kind = depth <= 0 ? this.int(0, 3) : this.int(0, 5);
    if (kind === 0) return null;
    if (kind === 1) return this.chance(0.5);
    if (kind === 2) return this.chance(0.5) ? this.int(-1e6, 1e6) : this.next() * 1000;
    if (kind === 3) return this.string(0, 12);
    if (kind === 4) return Array.from({ length: this.int(0, 3) }, () => this.json(depth - 1));
    return this.object(depth - 1);
  }
  object(depth: number): JsonObject {
    const out: JsonObject = {};
    for (let i = this.int(0, 4); i > 0; i--) out[this.string(1, 10)] = this.json(depth);
    return out;
  }
  size(): JsonObject {
    return { width: this.int(0, 100000), height: this.int(0, 100000) };
  }
  event(): JsonObject {
    const page: JsonObject = { url: this.string(0, 2048), path: this.string(0, 2048) };
    if (this.chance(0.8)) page.referrer = this.string(0, 2048);
    if (this.chance(0.8)) page.title = this.string(0, 1024);
    const context: JsonObject = { page, library: { name: this.string(1, 64), version: this.string(1, 32) } };
    if (this.chance(0.8)) context.screen = this.size();
    if (this.chance(0.8)) context.viewport = this.size();
    if (this.chance(0.8)) context.locale = this.string(0, 35);
    if (this.chance(0.8)) context.timezone = this.string(0, 64);
    if (this.chance(0.8)) context.consent = this.pick(['none', 'pending', 'granted', 'denied']);
    const event: JsonObject = {
      event_id: this.uuid(),
      type: this.pick(['page', 'screen', 'track', 'identify']),
      event: this.string(1, 128),
      ts: this.timestamp(),
      anonymous_id: this.chance(0.8) ? this.uuid() : null,
      session_id: this.chance(0.8) ? this.uuid() : null,
      properties: this.object(3),
      context,
    };
    if (this.chance(0.5)) event.user_id = this.string(1, 256);
    return event;
  }
  batch(): JsonObject {
    const events = Array.from({ length: this.int(1, 4) }, () => this.event());
    // Lists at the 500-event limit are filled up with small events: the limit is about the count.
    if (this.chance(0.01)) events.push(...filler(this.pick([500, 499]) - events.length));
    return { v: 1, batch_id: this.uuid(), sent_at: this.timestamp(), events };
  }
}

// ----- mutations: each breaks (or, where marked, deliberately keeps) one rule -----

type Path = (string | number)[];

/** Every place in a batch where a rule applies, with the values that break it. */
function fieldsOf(batch: JsonObject, g: Generator): { path: Path; bad: () => Json[] }[] {
  const e = g.int(0, (batch.events as Json[]).length - 1);
  const ev: Path = ['events', e];
  const ctx: Path = [...ev, 'context'];
  const string = (max: number, min = 0) => () => [g.text(max + 1), g.text(max + 1 + g.int(0, 3)), 42, null, [], ...(min > 0 ? [''] : [])];
  const uuid = () => [
    g.uuid().slice(1),
    g.uuid() + 'a',
    g.uuid().replace('-', ''),
    g.uuid().replace(/^./, 'g'),
    g.uuid().replace(/-/, 'x'),
    g.uuid().replace(/^(.{8})-(.)/, '$1$2-'),
    g.uuid().replace(/^./, '٣'),
    ' ' + g.uuid().slice(1),
    '',
    7,
  ];
  const timestamp = () => {
    const t = g.timestamp();
    return [
      t.replace(/^(\d{4})-\d\d/, '$1-13'),
      t.replace(/^(\d{4})-\d\d/, '$1-00'),
      t.replace(/^(\d{4}-\d\d)-\d\d/, '$1-32'),
      t.replace(/^(\d{4}-\d\d)-\d\d/, '$1-00'),
      t.replace(/T\d\d/, 'T24'),
      t.replace(/T(\d\d):\d\d/, 'T$1:60'),
      t.replace(/T(\d\d:\d\d):\d\d/, 'T$1:60'),
      t.replace('T', 't'),
      t.replace('T', ' '),
      t.replace(/Z$/, 'z'),
      t.replace(/(Z|[+-]\d\d:\d\d)$/, ''),
      t.replace(/(Z|[+-]\d\d:\d\d)$/, '+24:00'),
      t.replace(/(Z|[+-]\d\d:\d\d)$/, '+0100'),
      t.replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, ':00.0123456789Z'),
      t.replace(/:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, ':00.Z'),
      t + '\n',
      t.slice(1),
      '2025-05-22',
      1747945830456,
    ];
  };
  const integer = () => [1.5, -1, 100001, '5', null, true, 1e21];
  const enumOf = (values: string[]) => () => [values[0]!.toUpperCase(), '', values[0] + ' ', 1, null];
  return [
    { path: ['v'], bad: () => [2, '1', true, null, 0] },
    { path: ['batch_id'], bad: uuid },
    { path: ['sent_at'], bad: timestamp },
    { path: ['events'], bad: () => [[], {}, 'x', null] },
    { path: [...ev], bad: () => [[], 'x', null, 1] },
    { path: [...ev, 'event_id'], bad: uuid },
    { path: [...ev, 'type'], bad: enumOf(['page', 'screen', 'track', 'identify']) },
    { path: [...ev, 'event'], bad: string(128, 1) },
    { path: [...ev, 'ts'], bad: timestamp },
    { path: [...ev, 'anonymous_id'], bad: () => [...uuid(), 'null'] },
    { path: [...ev, 'session_id'], bad: uuid },
    { path: [...ev, 'user_id'], bad: string(256, 1) },
    { path: [...ev, 'properties'], bad: () => [[], null, 'x', 3] },
    { path: [...ctx], bad: () => [[], null, 'x'] },
    { path: [...ctx, 'page'], bad: () => [[], null] },
    { path: [...ctx, 'page', 'url'], bad: string(2048) },
    { path: [...ctx, 'page', 'path'], bad: string(2048) },
    { path: [...ctx, 'page', 'referrer'], bad: string(2048) },
    { path: [...ctx, 'page', 'title'], bad: string(1024) },
    { path: [...ctx, 'screen'], bad: () => [[], null, { width: 1 }] },
    { path: [...ctx, 'screen', 'width'], bad: integer },
    { path: [...ctx, 'viewport', 'height'], bad: integer },
    { path: [...ctx, 'locale'], bad: string(35) },
    { path: [...ctx, 'timezone'], bad: string(64) },
    { path: [...ctx, 'library'], bad: () => [[], null, {}] },
    { path: [...ctx, 'library', 'name'], bad: string(64, 1) },
    { path: [...ctx, 'library', 'version'], bad: string(32, 1) },
    { path: [...ctx, 'consent'], bad: enumOf(['none', 'pending', 'granted', 'denied']) },
  ];
}

const REQUIRED: Path[] = [
  ['v'], ['batch_id'], ['sent_at'], ['events'],
  ['event_id'], ['type'], ['event'], ['ts'], ['anonymous_id'], ['session_id'], ['properties'], ['context'],
  ['context', 'page'], ['context', 'library'], ['context', 'page', 'url'], ['context', 'page', 'path'],
  ['context', 'library', 'name'], ['context', 'library', 'version'],
];

/** Objects that forbid unknown fields, and properties, which allows them. */
const CLOSED: Path[] = [[], ['context'], ['context', 'page'], ['context', 'library'], ['context', 'screen']];

function nodeAt(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[step];
  }
  return node;
}

/** The object or list holding the last step of `path`, and that step; no parent when the path does not exist. */
function parentAndKey(root: JsonObject, path: Path): [Record<string | number, Json> | undefined, string | number] {
  const parent = nodeAt(root, path.slice(0, -1));
  return [parent !== null && typeof parent === 'object' ? (parent as Record<string | number, Json>) : undefined, path[path.length - 1]!];
}

type Mutation = { kind: string; apply: (batch: JsonObject, g: Generator) => string };

const eventPath = (batch: JsonObject, g: Generator): Path => ['events', g.int(0, (batch.events as Json[]).length - 1)];

const MUTATIONS: Mutation[] = [
  {
    kind: 'wrong value',
    apply: (batch, g) => {
      const field = g.pick(fieldsOf(batch, g));
      const [parent, key] = parentAndKey(batch, field.path);
      if (parent) parent[key] = g.pick(field.bad());
      return JSON.stringify(batch);
    },
  },
  {
    kind: 'missing required field',
    apply: (batch, g) => {
      const field = g.pick(REQUIRED);
      const path = field.length <= 1 && ['v', 'batch_id', 'sent_at', 'events'].includes(field[0] as string) ? field : [...eventPath(batch, g), ...field];
      const [parent, key] = parentAndKey(batch, path);
      if (parent) delete parent[key];
      return JSON.stringify(batch);
    },
  },
  {
    kind: 'extra field where forbidden',
    apply: (batch, g) => {
      const path = g.chance(0.2) ? [] : [...eventPath(batch, g), ...g.pick(CLOSED)];
      const node = nodeAt(batch, path);
      const name = g.pick(['extra', 'Type', 'constructor', 'toString', 'hasOwnProperty', 'event_id ', 'v2']);
      if (node !== null && typeof node === 'object' && !Array.isArray(node)) node[name] = 1;
      return JSON.stringify(batch);
    },
  },
  {
    kind: '__proto__ field (JSON text only)',
    apply: (batch, g) => {
      const text = JSON.stringify(batch);
      return g.chance(0.5) ? text.replace(/^\{/, '{"__proto__":{"v":1},') : text.replace('"event_id"', '"__proto__":1,"event_id"');
    },
  },
  {
    kind: 'events list too long or empty',
    apply: (batch, g) => {
      const events = batch.events as Json[];
      batch.events = g.chance(0.5) ? [] : [...events, ...filler(501 - events.length)];
      return JSON.stringify(batch);
    },
  },
  {
    kind: 'not an object',
    apply: (batch, g) => JSON.stringify(g.pick([[batch], 'batch', null, 1, true])),
  },
  {
    kind: 'unknown fields in properties (allowed)',
    apply: (batch, g) => {
      const [parent] = parentAndKey(batch, [...eventPath(batch, g), 'properties', 'x']);
      if (parent) parent[g.string(1, 10)] = g.json(2);
      return JSON.stringify(batch);
    },
  },
  {
    kind: 'values at the limits (allowed)',
    apply: (batch, g) => {
      const ev = eventPath(batch, g);
      const set = (path: Path, value: Json) => {
        const [parent, key] = parentAndKey(batch, path);
        if (parent) parent[key] = value;
      };
      set([...ev, 'event'], g.text(128));
      set([...ev, 'context', 'page', 'title'], g.text(1024));
      set([...ev, 'context', 'library', 'version'], g.text(1));
      set([...ev, 'context', 'screen'], { width: 100000, height: 0 });
      set([...ev, 'ts'], '2025-12-31T23:59:59.123456789+23:59');
      set(['v'], 1.0);
      return JSON.stringify(batch).replace('"v":1', '"v":1.0');
    },
  },
];

test('the hand-written validator agrees with ajv on generated valid and mutated payloads', () => {
  const { batchSchema, eventSchema } = compileSchemas();
  const g = new Generator(random(20250522));
  const byKind = new Map<string, { valid: number; invalid: number }>();
  let eventsChecked = 0;
  let valid = 0;

  for (let n = 0; n < PAYLOADS; n++) {
    const mutation = n % 4 === 0 ? undefined : g.pick(MUTATIONS);
    const batch = g.batch();
    const text = mutation ? mutation.apply(batch, g) : JSON.stringify(batch);
    const payload: unknown = JSON.parse(text);
    const expected = batchSchema(payload);
    const verdict = validateBatch(payload);
    const actual = verdict.envelope.length === 0 && verdict.events.every((issues) => issues.length === 0);
    // Messages are built only on failure: serialising every verdict would slow the run down.
    const where = () => `payload ${n} (${mutation?.kind ?? 'valid'}): ${text.slice(0, 300)}`;
    if (actual !== expected) assert.fail(`${where()}\najv: ${JSON.stringify(batchSchema.errors)}\nours: ${JSON.stringify(verdict)}`);

    const events = (payload as { events?: unknown } | null)?.events;
    if (Array.isArray(events) && typeof payload === 'object' && !Array.isArray(payload)) {
      if (verdict.events.length !== events.length) assert.fail(`${where()}: ${verdict.events.length} event verdicts`);
      // Long lists are filled up with copies of one small event (see filler()), so the first few stand for all.
      events.slice(0, 8).forEach((event, i) => {
        const issues = validateEvent(event);
        const ajvValid = eventSchema(event);
        if (JSON.stringify(issues) !== JSON.stringify(verdict.events[i]) || (issues.length === 0) !== ajvValid) {
          assert.fail(`${where()}\nevent ${i}: ajv ${JSON.stringify(eventSchema.errors)}, ours ${JSON.stringify(issues)}`);
        }
        eventsChecked++;
      });
    }
    if (expected) valid++;
    const tally = byKind.get(mutation?.kind ?? 'none') ?? { valid: 0, invalid: 0 };
    tally[expected ? 'valid' : 'invalid']++;
    byKind.set(mutation?.kind ?? 'none', tally);
  }

  console.log(`schema agreement: ${PAYLOADS} payloads (${valid} valid, ${PAYLOADS - valid} invalid), ${eventsChecked} events, same verdict from ajv and validate.ts`);
  for (const [kind, tally] of byKind) console.log(`  ${kind}: ${tally.valid} valid, ${tally.invalid} invalid`);

  // The generator must really produce both sides, or agreement would prove little.
  assert.ok(byKind.get('none')!.invalid === 0, 'unmutated payloads are valid');
  for (const kind of ['wrong value', 'missing required field', 'extra field where forbidden', '__proto__ field (JSON text only)', 'events list too long or empty', 'not an object']) {
    assert.ok(byKind.get(kind)!.invalid > 100, `${kind} breaks payloads`);
  }
  for (const kind of ['unknown fields in properties (allowed)', 'values at the limits (allowed)']) {
    assert.equal(byKind.get(kind)!.invalid, 0, `${kind} keeps payloads valid`);
  }
});

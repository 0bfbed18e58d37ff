// The access_globals APIs on a page's window: what each does, what crosses into the page (host copies) and back
// (sandbox copies), and the access each needs per key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateIn, failureIn, globals, pageWith } from './helpers.ts';

test('copyFromWindow copies deeply: changes on either side do not reach the other', () => {
  const { page, container } = pageWith({ page: { window: { config: { id: 'A-1', tags: ['x'], nested: { on: true } } } } });
  const code = `
    const copy = require('copyFromWindow')('config');
    copy.nested.on = false;
    copy.tags.push('y');
    return [copy, require('copyFromWindow')('config.nested.on'), require('copyFromWindow')('missing.key')];`;
  assert.deepEqual(evaluateIn(container, code, globals({ config: 'r', 'config.nested.on': 'r', 'missing.key': 'r' })), [
    { id: 'A-1', tags: ['x', 'y'], nested: { on: false } },
    true,
    undefined,
  ]);
  assert.deepEqual(page.window['config'], { id: 'A-1', tags: ['x'], nested: { on: true } });
});

test('copyFromWindow gives values the sandbox cannot hold as undefined, and functions callable with host copies', () => {
  const received: unknown[] = [];
  const { container } = pageWith({
    page: {
      window: {
        when: new Date(0),
        vendor: {
          calls: 0,
          track(this: { calls: number }, event: unknown) {
            received.push(event);
            return ++this.calls;
          },
        },
      },
    },
  });
  const code = `
    const copy = require('copyFromWindow');
    const track = copy('vendor.track');
    return [copy('when'), track({ name: 'signup' }), track({ name: 'buy' })];`;
  assert.deepEqual(evaluateIn(container, code, globals({ when: 'r', 'vendor.track': 'r' })), [undefined, 1, 2]);
  assert.deepEqual(received, [{ name: 'signup' }, { name: 'buy' }]);
  // the page receives its own objects, with the whole standard library, not the sandbox's trimmed ones
  assert.equal(Object.getPrototypeOf(received[0]), Object.prototype);
});

test('setInWindow keeps an existing value unless told to override, and needs the parent to exist', () => {
  const { page, container } = pageWith({ page: { window: { existing: 1, holder: {} } } });
  const code = `
    const set = require('setInWindow');
    return [set('fresh', { a: [1] }), set('existing', 2), set('existing', 3, true), set('holder.inner', 'x'), set('absent.inner', 'x')];`;
  assert.deepEqual(evaluateIn(container, code, globals({ fresh: 'w', existing: 'w', 'holder.inner': 'w', 'absent.inner': 'w' })), [true, false, true, true, false]);
  assert.deepEqual(page.window['fresh'], { a: [1] });
  assert.equal(Object.getPrototypeOf(page.window['fresh']), Object.prototype);
  assert.equal(page.window['existing'], 3);
  assert.deepEqual(page.window['holder'], { inner: 'x' });
  assert.match(failureIn(container, "require('setInWindow')('bad', 1, 'yes');", globals({ bad: 'w' })), /argument 3 \(overrideExisting\) must be a boolean or left out, not the string "yes"/);
});

test('a function set in the window calls back into the sandbox with sandbox copies', () => {
  const { page, container } = pageWith();
  evaluateIn(container, "require('setInWindow')('onReady', (event) => event.name + '!');", globals({ onReady: 'w' }));
  const onReady = page.window['onReady'] as (event: unknown) => unknown;
  assert.equal(onReady({ name: 'ready' }), 'ready!');
});

test('callInWindow calls with the owning object as this, host copies of the arguments, and a sandbox copy of the result', () => {
  const { page, container } = pageWith({
    page: {
      window: {
        api: {
          prefix: '>',
          format(this: { prefix: string }, items: string[]) {
            return { text: this.prefix + items.join(','), at: new Date(0) };
          },
        },
      },
    },
  });
  assert.deepEqual(evaluateIn(container, "return require('callInWindow')('api.format', ['a', 'b']);", globals({ 'api.format': 'x' })), { text: '>a,b', at: undefined });
  assert.match(failureIn(container, "require('callInWindow')('api.prefix');", globals({ 'api.prefix': 'x' })), /^callInWindow: window\.api\.prefix is not a function$/);
  assert.ok(page.window['api']);
});

test('aliasInWindow makes the same value reachable under another name', () => {
  const queue: unknown[] = [];
  const { page, container } = pageWith({ page: { window: { source: { queue }, target: {} } } });
  const code = "const alias = require('aliasInWindow'); return [alias('target.q', 'source.queue'), alias('nowhere.q', 'source.queue'), alias('target.r', 'source.none')];";
  assert.deepEqual(evaluateIn(container, code, globals({ 'target.q': 'w', 'nowhere.q': 'w', 'target.r': 'w', 'source.queue': 'r', 'source.none': 'r' })), [true, false, false]);
  assert.equal((page.window['target'] as Record<string, unknown>)['q'], queue);
});

test('createQueue makes the array if needed and pushes host copies through its own push', () => {
  const seen: unknown[] = [];
  const existing: unknown[] = ['first'];
  existing.push = function (...items: unknown[]) {
    seen.push(...items);
    return Array.prototype.push.apply(this, items);
  };
  const { page, container } = pageWith({ page: { window: { existing, holder: {} } } });
  const code = `
    const createQueue = require('createQueue');
    createQueue('fresh')({ a: 1 }, 'b');
    createQueue('existing')({ event: 'x' });
    createQueue('holder.q')(1);`;
  evaluateIn(container, code, globals({ fresh: 'rw', existing: 'rw', 'holder.q': 'rw' }));
  assert.deepEqual(page.window['fresh'], [{ a: 1 }, 'b']);
  assert.deepEqual([...existing], ['first', { event: 'x' }]);
  assert.deepEqual(seen, [{ event: 'x' }]);
  assert.deepEqual((page.window['holder'] as Record<string, unknown>)['q'], [1]);
  assert.match(failureIn(container, "require('createQueue')('absent.q');", globals({ 'absent.q': 'rw' })), /^createQueue: window\.absent\.q cannot be made: its parent does not exist$/);
  page.window['notArray'] = {};
  assert.match(failureIn(container, "require('createQueue')('notArray');", globals({ notArray: 'rw' })), /^createQueue: window\.notArray is not an array$/);
});

test('createArgumentsQueue makes a vendor-style function whose arguments objects land in the queue', () => {
  const { page, container } = pageWith();
  const code = `
    const fixture = require('createArgumentsQueue')('fixture', 'fixture.q');
    fixture('init', 'A-1');
    fixture('event', { name: 'signup' });`;
  evaluateIn(container, code, globals({ fixture: 'rw', 'fixture.q': 'rw' }));
  const fixture = page.window['fixture'] as ((...args: unknown[]) => void) & { q: IArguments[] };
  assert.equal(typeof fixture, 'function');
  assert.deepEqual(fixture.q.map((args) => Object.prototype.toString.call(args)), ['[object Arguments]', '[object Arguments]']);
  assert.deepEqual(fixture.q.map((args) => Array.from(args)), [['init', 'A-1'], ['event', { name: 'signup' }]]);
  // the page's own calls of the function queue too
  fixture('page');
  assert.equal(fixture.q.length, 3);
});

test('createArgumentsQueue calls a function the page already has', () => {
  const calls: unknown[][] = [];
  const { page, container } = pageWith({ page: { window: { ga: (...args: unknown[]) => void calls.push(args), gaq: [] } } });
  evaluateIn(container, "require('createArgumentsQueue')('ga', 'gaq')('send', { hit: 1 });", globals({ ga: 'rw', gaq: 'rw' }));
  assert.deepEqual(calls, [['send', { hit: 1 }]]);
  assert.deepEqual(page.window['gaq'], []);
});

test('each API checks access_globals for its keys with the access it needs', () => {
  const { container } = pageWith({ page: { window: { a: { f: () => 1 }, q: [] } } });
  const denied = (code: string, keys: Record<string, string>, message: RegExp) => assert.match(failureIn(container, code, globals(keys)), message);
  denied("require('copyFromWindow')('a');", { a: 'wx' }, /^copyFromWindow: permission denied by access_globals: the global key "a" is listed without read access$/);
  denied("require('copyFromWindow')('b');", { a: 'r' }, /the global key "b" is not listed \(listed: a\)/);
  denied("require('setInWindow')('a', 1);", { a: 'rx' }, /^setInWindow: .* "a" is listed without write access$/);
  denied("require('callInWindow')('a.f');", { 'a.f': 'rw' }, /^callInWindow: .* "a\.f" is listed without execute access$/);
  denied("require('aliasInWindow')('b', 'a');", { a: 'r', b: 'r' }, /^aliasInWindow: .* "b" is listed without write access$/);
  denied("require('aliasInWindow')('b', 'a');", { a: 'w', b: 'w' }, /^aliasInWindow: .* "a" is listed without read access$/);
  denied("require('createQueue')('q');", { q: 'w' }, /^createQueue: .* "q" is listed without read access$/);
  denied("require('createArgumentsQueue')('g', 'q');", { g: 'rw', q: 'r' }, /^createArgumentsQueue: .* "q" is listed without write access$/);
  assert.equal(evaluateIn(container, "return require('queryPermission')('access_globals', 'execute', 'a.f');", globals({ 'a.f': 'x' })), true);
});

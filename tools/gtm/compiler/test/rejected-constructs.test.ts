// Every construct the sandbox cannot run fails the build with a message and the TypeScript position that caused it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compileTemplate } from '../compile.ts';
import { BuildError } from '../../diagnostic.ts';

const dir = mkdtempSync(join(tmpdir(), 'pipes-rejected-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Case {
  construct: string;
  /** the offending line; the finding must point at the first occurrence of `at` in it */
  line: string;
  at: string;
  message: RegExp;
  /** lines before it, so positions are not trivially 1:1 */
  prelude?: string;
}

const cases: Case[] = [
  { construct: 'new', prelude: 'function Box() { return 1; }', line: 'const b: any = new (Box as any)();', at: 'new', message: /`new`/ },
  { construct: 'this', line: 'const self = function (this: any) { return this; };', at: 'this;', message: /`this`/ },
  { construct: 'class', line: 'class Point { x = 1; }', at: 'class', message: /class/i },
  { construct: 'regex literal', line: "const re = /ab+c/;", at: '/ab+c/', message: /regular expression|regex/i },
  { construct: 'object destructuring', line: 'const { a } = { a: 1 };', at: '{ a }', message: /destructur/i },
  { construct: 'array destructuring', line: 'const [first] = [1, 2];', at: '[first]', message: /destructur/i },
  { construct: 'spread', line: 'const all = [...[1, 2], 3];', at: '...', message: /spread/i },
  { construct: 'rest parameter', line: 'const f = (...xs: number[]) => xs.length;', at: '...xs', message: /rest/i },
  { construct: 'default parameter', line: 'const g = (x: number = 1) => x;', at: 'x: number = 1', message: /default/i },
  { construct: 'try', line: 'try { data.gtmOnSuccess(); } catch (e) { data.gtmOnFailure(); }', at: 'try', message: /try/ },
  { construct: 'throw', line: "const h = () => { throw 'x'; };", at: 'throw', message: /throw/ },
  { construct: 'void', line: 'const v = void 0;', at: 'void', message: /void/ },
  { construct: 'in', line: "const has = 'a' in { a: 1 };", at: "'a' in", message: /`in`/ },
  { construct: 'instanceof', line: 'const isIt = anything instanceof anything;', at: 'anything instanceof', message: /instanceof/ },
  { construct: 'getter', line: 'const o = { get x() { return 1; } };', at: 'get x', message: /getter|accessor/i },
  { construct: 'setter', line: 'const o = { set x(v: number) { } };', at: 'set x', message: /setter|accessor/i },
  { construct: 'async function', line: 'const a = async () => 1;', at: 'async', message: /async/ },
  { construct: 'generator', line: 'function* gen() { yield 1; }', at: 'function*', message: /generator/i },
  { construct: 'label', line: 'outer: for (let i = 0; i < 2; i++) { break outer; }', at: 'outer:', message: /label/i },
  { construct: 'optional chaining', line: 'const maybe = anything?.x;', at: 'anything?.x', message: /optional chaining|\?\./i },
  { construct: 'nullish coalescing', line: "const n = anything ?? 'none';", at: 'anything ??', message: /\?\?/ },
  { construct: 'exponent', line: 'const p = 2 ** 3;', at: '2 ** 3', message: /\*\*/ },
  { construct: 'includes', line: "const i = ['a'].includes('a');", at: 'includes', message: /includes.*indexOf|indexOf.*includes/ },
  { construct: 'startsWith', line: "const s = 'abc'.startsWith('a');", at: 'startsWith', message: /startsWith/ },
  { construct: 'find', line: 'const f2 = [1, 2].find((x) => x > 1);', at: 'find', message: /find/ },
  { construct: 'padStart', line: "const ps = 'a'.padStart(3, '0');", at: 'padStart', message: /padStart/ },
];

let n = 0;
for (const c of cases) {
  test(`rejects ${c.construct} at its TypeScript position`, async () => {
    const file = join(dir, `case${n++}.ts`);
    const prelude = [
      '// a line to move positions',
      'declare const data: { gtmOnSuccess(): void; gtmOnFailure(): void };',
      'declare const anything: any;', c.prelude ?? 'const unused = 0;'];
    writeFileSync(file, [...prelude, c.line, 'data.gtmOnSuccess();', ''].join('\n'));
    const error = await compileTemplate({ context: 'WEB', type: 'TAG', entry: file }).then(
      () => assert.fail(`${c.construct} compiled`),
      (e: unknown) => e,
    );
    assert.ok(error instanceof BuildError, String(error));
    const line = prelude.length + 1;
    const column = c.line.indexOf(c.at) + 1;
    const found = error.diagnostics.find((d) => d.file === file && d.line === line && d.column === column && c.message.test(d.message));
    assert.ok(found, `expected ${c.message} at ${line}:${column}, got:\n${error.message}`);
  });
}

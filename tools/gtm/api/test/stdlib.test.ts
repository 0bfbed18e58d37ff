// The sandbox library keeps the documented standard library and nothing else.
import { test } from 'node:test';
import { assertCompiles, assertFails } from './harness.ts';

test('the documented Array methods type-check with their usual signatures', () => {
  assertCompiles(
    `const xs: number[] = [3, 1, 2];
const mapped: number[] = xs.map((x) => x * 2).filter((x) => x > 2).concat([7], 8);
const total: number = xs.reduce((sum, x) => sum + x, 0) + xs.reduceRight((sum, x) => sum + x);
const labels: string = xs.reduce((acc, x) => acc + x, '');
const checks: boolean = xs.some((x) => x > 2) && xs.every((x) => x > 0);
xs.forEach((x, i, all) => x + i + all.length);
const length: number = xs.push(4, 5) + xs.unshift(0);
const popped: number | undefined = xs.pop();
const shifted: number | undefined = xs.shift();
const removed: number[] = xs.splice(1, 1, 9);
const sorted: number[] = xs.sort((a, b) => a - b).reverse().slice(1);
const text: string = xs.join(',') + xs.toString() + xs.indexOf(1) + xs.lastIndexOf(1, 2) + xs.length + xs[0];
const strings: string[] = [1, 'a'].filter((v): v is string => typeof v === 'string');
const ro: readonly number[] = [1, 2];
const fromRo: string[] = ro.map((x) => x.toString()).concat(ro.join(''));
for (const x of xs) x.toString();
export { mapped, total, labels, checks, length, popped, shifted, removed, sorted, text, strings, fromRo };
`,
    'WEB',
  );
});

test('the documented String methods type-check with their usual signatures', () => {
  assertCompiles(
    `const s = ' Hello, World ';
const changed: string = s.trim().toLowerCase().toUpperCase().toLocaleLowerCase().toLocaleUpperCase().charAt(0);
const joined: string = s.concat('x', 'y').slice(1, -1).substring(0, 2) + s.toString() + s[0];
const parts: string[] = s.split(',', 2).concat(s.split());
const positions: number = s.indexOf('l') + s.lastIndexOf('l', 3) + s.search('o') + s.length;
const matched: string[] | null = s.match('l+');
const replaced: string = s.replace('l', 'L') + s.replace('o', (found) => found.toUpperCase());
const template: string = \`\${joined} has \${positions} letters\`;
export { changed, parts, matched, replaced, template };
`,
    'SERVER',
  );
});

test('Object, Math and JSON are globals typed as the sandbox modules, plus hasOwnProperty and arguments', () => {
  assertCompiles(
    `const o = { a: 1, b: 2 };
const keys: string[] = Object.keys(o);
const values: number[] = Object.values(o);
const entries: [string, number][] = Object.entries(o);
const frozen: { readonly a: number } = Object.freeze({ a: 1 });
const deleted: boolean = Object.delete(o, 'a');
const n: number = Math.max(1, 2, 3) + Math.min(1) + Math.abs(-1) + Math.floor(1.5) + Math.ceil(1.5) + Math.round(1.5) + Math.pow(2, 3) + Math.sqrt(4);
const parsed: unknown = JSON.parse('{"a":1}');
const text: string | undefined = JSON.stringify({ a: [1, NaN, Infinity] });
const own: boolean = o.hasOwnProperty('a');
function count() {
  return arguments.length;
}
for (const key in o) key.charAt(0);
export { keys, values, entries, frozen, deleted, n, parsed, text, own, count };
`,
    'WEB',
  );
});

test('the utility types are available', () => {
  assertCompiles(
    `type Options = Partial<{ a: number }> & Required<{ b?: string }> & Readonly<Record<'c', boolean>> & Pick<{ d: 1; e: 2 }, 'd'> & Omit<{ f: 1; g: 2 }, 'g'>;
type Names = Exclude<'a' | 'b', 'a'> | Extract<'a' | 'b', 'a'> | NonNullable<string | null> | Uppercase<'x'> | Lowercase<'Y'> | Capitalize<'z'> | Uncapitalize<'W'>;
type Fn = (a: string) => number;
const options: Options = { b: 'b', c: true, d: 1, f: 1 };
const name: Names = 'X';
const result: ReturnType<Fn> = 1;
const first: Parameters<Fn>[0] = 'a';
const tuple = [1, 'a'] as const;
export { options, name, result, first, tuple };
`,
    'WEB',
  );
});

test('Array methods the standard library lacks are errors', () => {
  assertFails(
    `const xs = [1, 2];
xs.includes(1);
xs.find((x: number) => x > 1);
xs.findIndex((x: number) => x > 1);
xs.flat();
xs.at(0);
`,
    'WEB',
    [
      { code: 2550, line: 2, message: "Property 'includes' does not exist on type 'number[]'" },
      { code: 2550, line: 3, message: "Property 'find' does not exist" },
      { code: 2550, line: 4, message: "Property 'findIndex' does not exist" },
      { code: 2550, line: 5, message: "Property 'flat' does not exist" },
      { code: 2550, line: 6, message: "Property 'at' does not exist" },
    ],
  );
});

test('String and Number methods the standard library lacks are errors', () => {
  assertFails(
    `const s = 'abc';
s.includes('a');
s.startsWith('a');
s.endsWith('c');
s.padStart(5);
s.repeat(2);
s.substr(1);
s.charCodeAt(0);
(1.5).toFixed(1);
`,
    'SERVER',
    [
      { code: 2550, line: 2, message: "Property 'includes' does not exist on type '\"abc\"'" },
      { code: 2550, line: 3, message: "Property 'startsWith' does not exist" },
      { code: 2550, line: 4, message: "Property 'endsWith' does not exist" },
      { code: 2550, line: 5, message: "Property 'padStart' does not exist" },
      { code: 2550, line: 6, message: "Property 'repeat' does not exist" },
      { code: 2339, line: 7, message: "Property 'substr' does not exist" },
      { code: 2339, line: 8, message: "Property 'charCodeAt' does not exist" },
      { code: 2339, line: 9, message: "Property 'toFixed' does not exist on type '1.5'" },
    ],
  );
});

test('browser and ECMAScript globals GTM lacks are errors', () => {
  assertFails(
    `new Date();
setTimeout(() => 1, 0);
window.location;
document.title;
console.log('x');
parseInt('1');
Promise.resolve(1);
Array.isArray([]);
String(1);
Number('1');
Math.random();
Object.assign({}, {});
`,
    'WEB',
    [
      { code: 2304, line: 1, message: "Cannot find name 'Date'" },
      { code: 2304, line: 2, message: "Cannot find name 'setTimeout'" },
      { code: 2304, line: 3, message: "Cannot find name 'window'" },
      { code: 2584, line: 4, message: "Cannot find name 'document'" },
      { code: 2584, line: 5, message: "Cannot find name 'console'" },
      { code: 2304, line: 6, message: "Cannot find name 'parseInt'" },
      { code: 2583, line: 7, message: "Cannot find name 'Promise'" },
      { code: 2693, line: 8, message: "'Array' only refers to a type" },
      { code: 2693, line: 9, message: "'String' only refers to a type" },
      { code: 2693, line: 10, message: "'Number' only refers to a type" },
      { code: 2339, line: 11, message: "Property 'random' does not exist on type 'GtmMathApi'" },
      { code: 2339, line: 12, message: "Property 'assign' does not exist on type 'GtmObjectApi'" },
    ],
  );
});

test('regex literals, for…of over strings, call/apply and async functions are errors', () => {
  assertFails(
    `'abc'.replace(/b/g, 'x');
for (const c of 'abc') c;
const f = (a: number) => a;
f.call(undefined, 1);
f.apply(undefined, [1]);
async function later() {}
later();
`,
    'WEB',
    [
      { code: 2318, line: 0, message: "Cannot find global type 'Promise'" },
      { code: 2345, line: 1, message: "Argument of type 'RegExp' is not assignable to parameter of type 'string | GtmRegex'" },
      { code: 2488, line: 2, message: "must have a '[Symbol.iterator]()' method" },
      { code: 2339, line: 4, message: "Property 'call' does not exist" },
      { code: 2339, line: 5, message: "Property 'apply' does not exist" },
      { code: 2697, line: 6, message: "An async function or method must return a 'Promise'" },
    ],
  );
});

test('the module globals keep their sandbox signatures', () => {
  assertFails(
    `const frozen = Object.freeze({ a: 1 });
frozen.a = 2;
const parsed = JSON.parse('{}');
parsed.a;
JSON.stringify({}, null, 2);
Math.max('1');
Object.delete({ a: 1 });
const xs = [1];
xs.push('a');
`,
    'SERVER',
    [
      { code: 2540, line: 2, message: "Cannot assign to 'a' because it is a read-only property" },
      { code: 18046, line: 4, message: "'parsed' is of type 'unknown'" },
      { code: 2554, line: 5, message: 'Expected 1 arguments, but got 3' },
      { code: 2345, line: 6, message: "Argument of type 'string' is not assignable to parameter of type 'number'" },
      { code: 2554, line: 7, message: 'Expected 2 arguments, but got 1' },
      { code: 2345, line: 9, message: "Argument of type 'string' is not assignable to parameter of type 'number'" },
    ],
  );
});

test("every file is a module, so any file may require('JSON') under the global's own name", () => {
  assertCompiles(`const JSON = require('JSON');\nconst text: string | undefined = JSON.stringify(1);\nexport { text };\n`, 'WEB');
  assertCompiles(`const JSON = require('JSON');\nconst text: string | undefined = JSON.stringify(1);\n`, 'WEB');
});

// The sandbox has no global environment: code sees `data`, `require`, its own declarations and, in tests, the test
// APIs. Everything else (window, console, Math, JSON, …) either comes from require() or does not exist.
import type * as acorn from 'acorn';
import { apiInContext, type Context } from '../api/catalog.ts';
import { findingAt, type Finding, type LintOptions } from './finding.ts';
import type { Reference } from './scope.ts';

const ALWAYS_DEFINED = new Set(['data', 'require', 'undefined', 'NaN', 'Infinity']);

/** The globals of a ___TESTS___ scenario or setup (developers.google.com/tag-platform/tag-manager/templates/tests). */
export const TEST_APIS: readonly string[] = ['runCode', 'mock', 'mockObject', 'assertApi', 'assertThat', 'fail'];

/** Globals people reach for, and the sandbox's way to do the same. */
const INSTEAD: Readonly<Record<string, string | ((context: Context) => string)>> = {
  window: "use copyFromWindow, setInWindow and callInWindow (require them; they need the access_globals permission)",
  document: 'the page is out of reach; use injectScript, sendPixel, readTitle or getUrl (require them)',
  location: "use getUrl() (require('getUrl'))",
  navigator: "copy what you need with copyFromWindow('navigator.userAgent') (require('copyFromWindow'))",
  globalThis: 'use copyFromWindow, setInWindow and callInWindow (require them)',
  self: 'use copyFromWindow, setInWindow and callInWindow (require them)',
  console: "use logToConsole (const logToConsole = require('logToConsole'))",
  setTimeout: "use callLater(fn) (require('callLater')); there is no delay argument",
  setInterval: 'the sandbox has no timers',
  Date: "use getTimestampMillis() (require('getTimestampMillis'))",
  RegExp: (context) => (context === 'SERVER' ? "use createRegex(pattern, flags) (require('createRegex'))" : 'web templates have no regular expressions; use string methods'),
  parseInt: "use makeInteger(value) (require('makeInteger'))",
  parseFloat: "use makeNumber(value) (require('makeNumber'))",
  Number: "use makeNumber(value) (require('makeNumber'))",
  String: "use makeString(value) (require('makeString'))",
  Boolean: 'use !!value',
  isNaN: 'compare the value with itself: x !== x is true only for NaN',
  Array: "there is no Array global; test arrays with getType(x) === 'array' (require('getType')) and build them with []",
  encodeURIComponent: "use encodeUriComponent (require('encodeUriComponent'))",
  encodeURI: "use encodeUri (require('encodeUri'))",
  decodeURIComponent: "use decodeUriComponent (require('decodeUriComponent'))",
  decodeURI: "use decodeUri (require('decodeUri'))",
  btoa: "use toBase64 (require('toBase64'))",
  atob: "use fromBase64 (require('fromBase64'))",
  fetch: (context) => (context === 'SERVER' ? "use sendHttpRequest (require('sendHttpRequest'))" : "use sendPixel or injectScript (require them)"),
  XMLHttpRequest: (context) => (context === 'SERVER' ? "use sendHttpRequest (require('sendHttpRequest'))" : "use sendPixel or injectScript (require them)"),
  Promise: (context) => (context === 'SERVER' ? "add const Promise = require('Promise'); and create promises with Promise.create(fn)" : 'pass callbacks instead'),
  Map: 'use a plain object as a map', Set: 'use a plain object with true values as a set',
  WeakMap: 'use a plain object as a map', Symbol: 'use string keys',
  Error: 'the sandbox has no exceptions; return an error value, and in a tag call data.gtmOnFailure()',
  eval: 'the sandbox cannot run code from strings', Function: 'the sandbox cannot run code from strings',
};

export function globalFindings(references: Map<acorn.Identifier, Reference>, options: LintOptions): Finding[] {
  const allowed = new Set([...ALWAYS_DEFINED, ...(options.kind === 'test' ? TEST_APIS : []), ...(options.extraGlobals ?? [])]);
  const later = new Set(options.laterGlobals);
  const findings: Finding[] = [];
  for (const [id, ref] of references) {
    if (ref.binding || allowed.has(id.name)) continue;
    if (ref.functionKind !== 'program' && later.has(id.name)) continue;
    if (id.name === 'arguments') {
      if (ref.functionKind === 'function') continue;
      findings.push(
        ref.functionKind === 'arrow'
          ? findingAt(id, 'arguments-in-arrow', 'arrow functions have no `arguments`; declare the parameters, or write a `function` (…) { … } that reads `arguments`')
          : findingAt(id, 'unknown-global', '`arguments` only exists inside a `function` (…) { … }; the template code reads its input from `data`'),
      );
      continue;
    }
    findings.push(findingAt(id, 'unknown-global', unknownGlobalMessage(id.name, options)));
  }
  return findings;
}

function unknownGlobalMessage(name: string, options: LintOptions): string {
  const notGlobal = `${name} is not defined in GTM's sandbox, which has no globals besides data and require`;
  if (TEST_APIS.includes(name)) return `${name} is a test API: it only exists in the ___TESTS___ section, not in template code`;
  if (apiInContext(name, options.context)) return `${name} is a GTM API, not a global: add const ${name} = require('${name}');`;
  const other: Context = options.context === 'WEB' ? 'SERVER' : 'WEB';
  const instead = INSTEAD[name];
  const alternative = typeof instead === 'function' ? instead(options.context) : instead;
  if (apiInContext(name, other)) {
    return `${name} is only available in ${other === 'SERVER' ? 'server' : 'web'} templates${alternative ? `; ${alternative}` : ''}`;
  }
  return alternative ? `${notGlobal}; ${alternative}` : `${notGlobal}; declare it, or require the GTM API that provides it`;
}

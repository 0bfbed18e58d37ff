// GTM's sandboxed standard library as data: what it documents, what published templates show it also has, and the
// ES methods it lacks with what to write instead. The sandbox typings (api/sandbox-lib.d.ts) declare exactly the
// documented and observed methods; the linter warns about the absent ones. Keep both in step with this file.

export type StdType = 'Array' | 'String' | 'Number' | 'Boolean' | 'Object' | 'Function';

/** https://developers.google.com/tag-platform/tag-manager/templates/standard-library */
export const DOCUMENTED_METHODS: Readonly<Record<StdType, readonly string[]>> = {
  Array: [
    'concat', 'every', 'filter', 'forEach', 'indexOf', 'join', 'lastIndexOf', 'map', 'pop', 'push', 'reduce',
    'reduceRight', 'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'toString', 'unshift',
  ],
  String: [
    'charAt', 'concat', 'indexOf', 'lastIndexOf', 'match', 'replace', 'search', 'slice', 'split', 'substring',
    'toLowerCase', 'toLocaleLowerCase', 'toString', 'toUpperCase', 'toLocaleUpperCase', 'trim',
  ],
  Number: ['toString'],
  Boolean: ['toString'],
  Object: ['toString'],
  Function: [],
};

/**
 * Undocumented methods that Gallery templates call in both contexts, so GTM accepts them (counted in 30 exports:
 * hasOwnProperty 205 uses in 9 files).
 */
export const OBSERVED_METHODS: Readonly<Record<StdType, readonly string[]>> = {
  Array: [],
  String: [],
  Number: [],
  Boolean: [],
  Object: ['hasOwnProperty'],
  Function: [],
};

export interface AbsentMethod {
  /** the types whose ES prototype has the method */
  on: readonly StdType[];
  /** what to write instead, in sandbox terms */
  instead: string;
}

const absent = (on: readonly StdType[], instead: string): AbsentMethod => ({ on, instead });

/** ES methods that are not in the sandbox's standard library. */
export const ABSENT_METHODS: Readonly<Record<string, AbsentMethod>> = {
  // Array and String
  includes: absent(['Array', 'String'], 'indexOf(x) !== -1'),
  at: absent(['Array', 'String'], 'index access: a[i], a[a.length - 1] for the last element (charAt(i) on strings)'),
  toLocaleString: absent(['Array', 'Number', 'Object'], "makeString(x) (require('makeString'))"),
  // Array
  find: absent(['Array'], 'filter(fn)[0]'),
  findIndex: absent(['Array'], 'a for loop that returns the index'),
  findLast: absent(['Array'], 'filter(fn) and its last element'),
  findLastIndex: absent(['Array'], 'a for loop counting down that returns the index'),
  flat: absent(['Array'], 'reduce((all, a) => all.concat(a), [])'),
  flatMap: absent(['Array'], 'map(fn) then reduce((all, a) => all.concat(a), [])'),
  fill: absent(['Array'], 'a for loop that assigns each index'),
  copyWithin: absent(['Array'], 'a for loop that assigns each index'),
  keys: absent(['Array'], "a for loop over the indexes, or require('Object').keys(obj) for objects"),
  values: absent(['Array'], "the array itself, or require('Object').values(obj) for objects"),
  entries: absent(['Array'], "a for loop, or require('Object').entries(obj) for objects"),
  toSorted: absent(['Array'], 'slice().sort(compare)'),
  toReversed: absent(['Array'], 'slice().reverse()'),
  toSpliced: absent(['Array'], 'slice() then splice(...)'),
  with: absent(['Array'], 'slice() then assign the index'),
  // String
  startsWith: absent(['String'], 'indexOf(prefix) === 0'),
  endsWith: absent(['String'], 's.slice(-suffix.length) === suffix'),
  padStart: absent(['String'], "a loop: while (s.length < n) s = '0' + s;"),
  padEnd: absent(['String'], "a loop: while (s.length < n) s = s + ' ';"),
  repeat: absent(['String'], 'a loop that concatenates'),
  substr: absent(['String'], 'substring(start, start + length)'),
  trimStart: absent(['String'], 'trim()'),
  trimEnd: absent(['String'], 'trim()'),
  trimLeft: absent(['String'], 'trim()'),
  trimRight: absent(['String'], 'trim()'),
  replaceAll: absent(['String'], 'split(search).join(replacement)'),
  matchAll: absent(['String'], 'match() with a global regex (createRegex on the server) or an indexOf loop'),
  charCodeAt: absent(['String'], 'charAt(i) and string comparison'),
  codePointAt: absent(['String'], 'charAt(i) and string comparison'),
  localeCompare: absent(['String'], 'the < and > operators'),
  normalize: absent(['String'], 'the string as it is (there is no Unicode normalization in the sandbox)'),
  // Number
  toFixed: absent(['Number'], "Math.round(x * 100) / 100 (const Math = require('Math')) and makeString"),
  toPrecision: absent(['Number'], "Math.round and makeString (const Math = require('Math'))"),
  toExponential: absent(['Number'], "makeString(x) (require('makeString'))"),
  // Function: the sandbox has no spread either, so a variable argument list needs a switch on arguments.length
  apply: absent(['Function'], 'a direct call; for a variable number of arguments, switch on arguments.length'),
  call: absent(['Function'], 'a direct call'),
  bind: absent(['Function'], 'an arrow function that calls it: (x) => f(x)'),
};

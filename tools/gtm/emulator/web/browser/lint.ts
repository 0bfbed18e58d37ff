// The browser bundle's stand-in for ../../../lint/index.ts: the linter (acorn and the rules) stays in Node. Code
// for the browser is linted where it is built or served; the bundle loads it with `lint: false`.
export function lintCode(): never {
  throw new Error('the browser bundle has no linter: lint template code in Node and load it with lint: false');
}

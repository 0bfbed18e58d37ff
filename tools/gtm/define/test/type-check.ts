// Type-checks small TypeScript files written by a test, as if they sat in this folder, and returns the
// compiler's diagnostics. With lib 'sandbox', the program has only the global types the brief promises the
// sandbox program: no ES or DOM library, so anything in types.ts that needs one shows up as an error.

import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** The global types every program has; the sandbox library adds GTM's own, which types.ts must not need. */
export const SANDBOX_MINIMAL_LIB = `
interface Array<T> { length: number; [n: number]: T; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; }
interface Boolean {}
interface Function {}
interface CallableFunction extends Function {}
interface NewableFunction extends Function {}
interface IArguments {}
interface Number {}
interface Object {}
interface RegExp {}
interface String {}
type Partial<T> = { [P in keyof T]?: T[P] };
type Record<K extends keyof any, T> = { [P in K]: T };
type Pick<T, K extends keyof T> = { [P in K]: T[P] };
type Omit<T, K extends keyof any> = Pick<T, Exclude<keyof T, K>>;
type Exclude<T, U> = T extends U ? never : T;
type Extract<T, U> = T extends U ? T : never;
type NonNullable<T> = T & {};
`;

const here = import.meta.dirname;
const LIB_PATH = join(here, '__sandbox_lib.d.ts');

/**
 * Diagnostics of a program made of `files` (name → source, placed in this test folder, so `../types.ts`
 * is the real module), formatted `name:line: message`.
 */
export function typeErrors(files: Record<string, string>, lib: 'sandbox' | 'es' = 'sandbox'): string[] {
  const virtual = new Map(Object.entries(files).map(([name, text]) => [join(here, name), text]));
  if (lib === 'sandbox') virtual.set(LIB_PATH, SANDBOX_MINIMAL_LIB);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    types: [],
    ...(lib === 'sandbox' ? { noLib: true } : { lib: ['lib.es2022.d.ts'] }),
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => virtual.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => virtual.get(f) ?? readFile(f);
  host.getSourceFile = (f, version, onError) => {
    const text = virtual.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, version) : getSourceFile(f, version, onError);
  };
  host.getDefaultLibLocation = () => dirname(ts.getDefaultLibFilePath(options));
  const program = ts.createProgram([...virtual.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${relative(here, d.file.fileName)}:${line + 1}: ${message}`;
  });
}

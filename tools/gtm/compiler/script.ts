// Turns rollup's module output into the body of GTM's `function (data) { … }` and checks it against the sandbox rules.
import * as acorn from 'acorn';
import type { Context } from '../api/catalog.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { lintCode } from '../lint/index.ts';
import type { Bundle } from './bundle.ts';
import { sourcePositions, type SourcePosition } from './source-positions.ts';

export type TemplateType = 'TAG' | 'MACRO' | 'CLIENT';

/**
 * A variable template (MACRO) returns its value: its entry module's `export default` becomes the script's `return`.
 * Tags and clients return nothing, so their entry module must not export. Without a type (linting a lone module),
 * exports are dropped.
 */
export function exportsToReturn(bundle: Bundle, type: TemplateType | undefined, entry: string): { code: string } | Diagnostic[] {
  const program = acorn.parse(bundle.code, { ecmaVersion: 'latest', sourceType: 'module', locations: true });
  const exports = program.body.filter(
    (s) => s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration',
  );
  if (type === undefined) {
    // rollup lists a module's exports in trailing `export { … }` statements, so cutting them moves nothing before them
    let code = bundle.code;
    for (const statement of [...exports].reverse()) code = code.slice(0, statement.start) + code.slice(statement.end);
    return { code };
  }
  if (type !== 'MACRO') {
    if (exports.length === 0) return { code: bundle.code };
    return exports.map((s) => ({
      file: entry,
      line: 1,
      column: 1,
      message: `the entry module of a ${type} template must not export anything (found \`${bundle.code.slice(s.start, s.end)}\`); a template's code runs for its effects`,
      rule: 'entry-export',
    }));
  }
  const returned = exports.length === 1 ? defaultExportName(exports[0]!, bundle.code) : undefined;
  if (returned === undefined) {
    return [
      {
        file: entry,
        line: 1,
        column: 1,
        message: 'the entry module of a variable (MACRO) template must have exactly one export: `export default <value>`',
        rule: 'entry-export',
      },
    ];
  }
  const statement = exports[0]!;
  return { code: `${bundle.code.slice(0, statement.start)}return ${returned};${bundle.code.slice(statement.end)}` };
}

function defaultExportName(statement: acorn.Statement | acorn.ModuleDeclaration, code: string): string | undefined {
  if (statement.type === 'ExportDefaultDeclaration') {
    return statement.declaration.type.endsWith('Declaration') ? undefined : code.slice(statement.declaration.start, statement.declaration.end);
  }
  if (statement.type !== 'ExportNamedDeclaration' || statement.declaration || statement.specifiers.length !== 1) return;
  const [specifier] = statement.specifiers;
  const exported = specifier!.exported;
  const name = exported.type === 'Identifier' ? exported.name : exported.value;
  return name === 'default' && specifier!.local.type === 'Identifier' ? specifier!.local.name : undefined;
}

/**
 * The sandbox rules applied to generated code, reported at the TypeScript that produced each finding. Modules are
 * checked before bundling, so their import and export statements, which the bundler removes, are no findings.
 */
export function checkScript(
  code: string,
  map: string,
  options: {
    context: Context;
    kind: 'template' | 'test';
    generatedFile: string;
    extraGlobals?: string[];
    /** where to report a finding in code that no source maps to (the bundler's own lines) */
    unmapped?: (line: number, column: number) => SourcePosition;
  },
): Diagnostic[] {
  const toSource = sourcePositions(map, options.generatedFile);
  const unmapped = options.unmapped ?? (() => ({ file: options.generatedFile, line: 1, column: 1 }));
  return lintCode(code, { context: options.context, kind: options.kind, extraGlobals: options.extraGlobals ?? [] })
    // The TypeScript types already judge standard-library calls exactly; the linter's name-based guesses add noise.
    .filter((f) => f.severity === 'error' && f.rule !== 'import-export')
    .map((f) => ({ ...(toSource(f.line, f.column) ?? unmapped(f.line, f.column)), message: f.message, rule: f.rule }));
}

/**
 * Polishes bundled code for people reading it in GTM: API bindings under their own names (the bundler renames
 * `Object` to `Object$1` to keep a global it never needs in the sandbox), no pure annotations, the requires on top.
 * `whole` is the script `code` was cut from (a test scenario from its suite), where the names are decided.
 */
export function tidy(code: string, whole = code): string {
  const tokens = [...acorn.tokenizer(code, { ecmaVersion: 'latest', allowReturnOutsideFunction: true })];
  const renames = apiRenames(whole);
  let out = '';
  let last = 0;
  tokens.forEach((t, i) => {
    const name = nameOf(t);
    const to = name === undefined ? undefined : renames.get(name);
    if (to === undefined || tokens[i - 1]?.type.label === '.') return;
    out += code.slice(last, t.start) + to;
    last = t.end;
  });
  out += code.slice(last);
  // API lookups are pure, so the requires of every module can stand together at the top, where GTM shows them.
  const lines = out.replaceAll('/*#__PURE__*/ require(', 'require(').split('\n');
  const isRequire = (line: string): boolean => /^const [\w$]+ = require\('[^']+'\);$/.test(line);
  const requires = lines.filter(isRequire);
  const body = lines.filter((line) => !isRequire(line)).join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return requires.length === 0 ? body : `${requires.join('\n')}\n\n${body}`;
}

/** Renames of API bindings back to the API's name, decided on a whole script so that its parts agree. */
function apiRenames(code: string): Map<string, string> {
  const tokens = [...acorn.tokenizer(code, { ecmaVersion: 'latest', allowReturnOutsideFunction: true })];
  const names = new Set(tokens.map(nameOf).filter((n) => n !== undefined));
  const renames = new Map<string, string>();
  for (const name of names) {
    const base = /^(.+)\$\d+$/.exec(name)?.[1];
    if (base && !names.has(base) && new RegExp(`\\b${name.replace('$', '\\$')} = /\\*#__PURE__\\*/ require\\('${base}'\\)`).test(code)) {
      renames.set(name, base);
    }
  }
  return renames;
}

function nameOf(t: acorn.Token): string | undefined {
  return t.type.label === 'name' ? String((t as { value?: unknown }).value) : undefined;
}

/** TypeScript prints four spaces per level; GTM's editor and exports use two. */
export function reindent(code: string): string {
  return code.replace(/^((?: {4})+)/gm, (spaces) => ' '.repeat(spaces.length / 2)).trim() + '\n';
}

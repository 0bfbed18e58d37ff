// The declarations and the catalog must name the same APIs and permissions, context by context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { API_CATALOG, apiInContext, apiNames, type Context } from '../catalog.ts';
import { sandboxCompilerOptions, sandboxLibFiles } from '../program.ts';

const contexts: Context[] = ['WEB', 'SERVER'];

/** The resolved global `name` (interface or type alias) of a sandbox program for the context. */
function globalType(context: Context, name: string): { checker: ts.TypeChecker; type: ts.Type } {
  const files = sandboxLibFiles(context, { tests: false });
  const program = ts.createProgram({ rootNames: files, options: sandboxCompilerOptions() });
  const checker = program.getTypeChecker();
  const anyFile = program.getSourceFile(files[0]!)!;
  const symbol = checker.getSymbolsInScope(anyFile, ts.SymbolFlags.Type).find((s) => s.name === name);
  assert.ok(symbol, `no global ${name} in the ${context} declarations`);
  return { checker, type: checker.getDeclaredTypeOfSymbol(symbol) };
}

/** Member names of the `GtmApis` interface declared in one file, read syntactically. */
function apisDeclaredIn(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ESNext);
  return source.statements
    .filter((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'GtmApis')
    .flatMap((s) => s.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '?')));
}

const fileOf = (context: Context, base: string): string => sandboxLibFiles(context, { tests: false }).find((f) => f.endsWith(`/${base}`))!;

for (const context of contexts) {
  test(`GtmApis has exactly the catalog's ${context} APIs`, () => {
    const { checker, type } = globalType(context, 'GtmApis');
    const declared = checker.getPropertiesOfType(type).map((p) => p.name).sort();
    assert.deepEqual(declared, apiNames(context).sort());
  });

  test(`GtmPermissionId is exactly the set of permissions the catalog's ${context} APIs need`, () => {
    const { type } = globalType(context, 'GtmPermissionId');
    assert.ok(type.isUnion());
    const declared = type.types.map((t) => (t.isStringLiteral() ? t.value : '?')).sort();
    const needed = [...new Set(apiNames(context).map((n) => apiInContext(n, context)!.permission))].filter((p) => p !== null).sort();
    assert.deepEqual(declared, needed);
  });
}

test('common.d.ts declares only APIs both contexts have, and the context files never redeclare them', () => {
  const common = apisDeclaredIn(fileOf('WEB', 'common.d.ts'));
  const inBoth = Object.keys(API_CATALOG).filter((n) => apiInContext(n, 'WEB') && apiInContext(n, 'SERVER'));
  assert.deepEqual(common.filter((n) => !inBoth.includes(n)), []);
  for (const context of contexts) {
    const own = apisDeclaredIn(fileOf(context, context === 'WEB' ? 'web.d.ts' : 'server.d.ts'));
    assert.deepEqual(own.filter((n) => common.includes(n)), [], `${context} redeclares a common API (overloads would merge)`);
  }
});

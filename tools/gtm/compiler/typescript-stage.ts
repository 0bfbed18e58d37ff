// Type-checks sandbox TypeScript against the sandbox library and emits each module as lowered ESNext JavaScript.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { sandboxCompilerOptions, sandboxLibFiles } from '../api/program.ts';
import type { Context } from '../api/catalog.ts';
import type { Diagnostic } from '../diagnostic.ts';
import { loweringTransformer } from './lower.ts';
import { sandboxMessage } from './advice.ts';

export interface EmittedModule {
  code: string;
  map: string;
}

export interface TypeScriptStageResult {
  diagnostics: Diagnostic[];
  /** lowered JavaScript by absolute TypeScript path; empty when the sources could not be parsed */
  modules: Map<string, EmittedModule>;
  /** where the TypeScript first asks for each API (a require call or a lowered global) */
  apiUses: Map<string, { file: string; line: number; column: number }>;
}

export function runTypeScriptStage(entries: string[], context: Context, opts: { tests: boolean }): TypeScriptStageResult {
  const libFiles = sandboxLibFiles(context, opts).map((f) => resolve(f));
  const options: ts.CompilerOptions = {
    ...sandboxCompilerOptions(),
    noEmit: false,
    sourceMap: true,
    inlineSources: false,
    declaration: false,
    rewriteRelativeImportExtensions: true,
    outDir: undefined,
  };
  // Declarations beside an entry (such as env.d.ts, which types `data`) belong to the program like an editor's include.
  const ambient = [...new Set(entries.map((e) => dirname(resolve(e))))].flatMap((dir) =>
    readdirSync(dir).filter((f) => f.endsWith('.d.ts')).map((f) => join(dir, f)),
  );
  const program = ts.createProgram({ rootNames: [...libFiles, ...ambient, ...entries.map((e) => resolve(e))], options });
  const isLibFile = (fileName: string): boolean => libFiles.includes(resolve(fileName));

  const syntactic = program.getSyntacticDiagnostics();
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...syntactic, ...program.getSemanticDiagnostics()]
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => toDiagnostic(d, program.getTypeChecker()));
  const modules = new Map<string, EmittedModule>();
  const apiUses: TypeScriptStageResult['apiUses'] = new Map();
  if (syntactic.length > 0) return { diagnostics, modules, apiUses };
  const onApiUse = (api: string, node: ts.Node): void => {
    if (apiUses.has(api)) return;
    const source = node.getSourceFile();
    const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
    apiUses.set(api, { file: resolve(source.fileName), line: line + 1, column: character + 1 });
  };

  const pending = new Map<string, Partial<EmittedModule>>();
  const checker = program.getTypeChecker();
  program.emit(
    undefined,
    (fileName, text, _bom, _onError, sourceFiles) => {
      const source = sourceFiles?.[0]?.fileName;
      if (!source) return;
      const key = resolve(source);
      const entry = pending.get(key) ?? {};
      if (fileName.endsWith('.map')) entry.map = text;
      else entry.code = stripSourceMapComment(text);
      pending.set(key, entry);
    },
    undefined,
    false,
    { before: [loweringTransformer(checker, isLibFile, onApiUse)] },
  );
  for (const [file, { code, map }] of pending) {
    if (code !== undefined && map !== undefined && !isLibFile(file)) modules.set(file, { code, map });
  }
  return { diagnostics, modules, apiUses };
}

function stripSourceMapComment(code: string): string {
  return code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n');
}

function toDiagnostic(d: ts.Diagnostic, checker: ts.TypeChecker): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  if (!d.file || d.start === undefined) return { file: '', line: 0, column: 0, message, rule: `TS${d.code}` };
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return {
    file: resolve(d.file.fileName),
    line: line + 1,
    column: character + 1,
    message: sandboxMessage(d, checker) ?? message,
    rule: `TS${d.code}`,
  };
}

export function resolveModule(specifier: string, importer: string, known: ReadonlySet<string> | Map<string, unknown>): string | undefined {
  const base = resolve(dirname(importer), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, resolve(base, 'index.ts')];
  return candidates.find((c) => known.has(c));
}

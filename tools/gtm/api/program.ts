// How a sandbox program is built: the compiler, the type tests and the editor configs (tsconfig.sandbox.*.json)
// all take their options and library from here, so that they agree on what template code may use.
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Context } from './catalog.ts';

// The declarations live in a folder named `sandbox` because the root tsconfig excludes `**/sandbox/**`: their
// globals (require, mock, an Object typed as GTM's module…) must never leak into the Node program.
const declarationsDir = fileURLToPath(new URL('./sandbox/', import.meta.url));

export function sandboxCompilerOptions(): ts.CompilerOptions {
  return {
    // The sandbox library replaces TypeScript's: what it does not declare does not exist in GTM.
    noLib: true,
    types: [],
    strict: true,
    noFallthroughCasesInSwitch: true,
    // Emit modern syntax untouched; the compiler lowers it to what GTM accepts, without TypeScript's helpers.
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmitHelpers: true,
    // Sandbox modules import each other with their .ts names, as the rest of the repository does.
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    verbatimModuleSyntax: true,
    isolatedModules: true,
    // Every file is a module, so a tests.ts without imports can still declare `const JSON = require('JSON')`.
    moduleDetection: ts.ModuleDetectionKind.Force,
    noEmit: false,
    sourceMap: true,
    inlineSources: true,
    newLine: ts.NewLineKind.LineFeed,
  };
}

/** Absolute paths of the declaration files that make up the sandbox's whole world, in dependency order. */
export function sandboxLibFiles(context: Context, opts: { tests: boolean }): string[] {
  const names = ['sandbox-lib.d.ts', 'common.d.ts', context === 'WEB' ? 'web.d.ts' : 'server.d.ts'];
  if (opts.tests) names.push('tests.d.ts');
  return names.map((name) => declarationsDir + name);
}

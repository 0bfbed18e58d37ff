// TypeScript → browser JavaScript for the rollup builds (tracker, emulator browser bundle, local web container): types
// stripped module by module, modern syntax kept for the bundler and minifier to handle.
import ts from 'typescript';

export function transpileTypeScript(code: string, fileName: string): string {
  return ts.transpileModule(code, {
    fileName,
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true, allowImportingTsExtensions: true },
  }).outputText;
}

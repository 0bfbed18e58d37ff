// Runs every rule of GTM's sandboxed JavaScript over one piece of code.
import { byPosition, type Finding, type LintOptions } from './finding.ts';
import { globalFindings } from './global-rules.ts';
import { parseSandboxCode } from './parse.ts';
import { requireCalls, requireFindings } from './require-rules.ts';
import { analyzeScopes, topLevelNames } from './scope.ts';
import { stdlibFindings } from './stdlib-rule.ts';
import { syntaxFindings } from './syntax-rules.ts';

/** Every finding in `code`, sorted by position. Code that does not parse yields its one parse error. */
export function lintCode(code: string, options: LintOptions): Finding[] {
  const parsed = parseSandboxCode(code);
  if ('error' in parsed) return [parsed.error];
  const references = analyzeScopes(parsed.program);
  const requires = requireCalls(parsed.program, references);
  return [
    ...syntaxFindings(parsed.program, options.context),
    ...globalFindings(references, options),
    ...requireFindings(references, requires, options.context),
    ...stdlibFindings(parsed.program, references, requires),
  ].sort(byPosition);
}

/** Every require('literal') call, at the position of the call; none when the code does not parse. */
export function requiredApis(code: string): { name: string; line: number; column: number }[] {
  const parsed = parseSandboxCode(code);
  if ('error' in parsed) return [];
  return requireCalls(parsed.program, analyzeScopes(parsed.program))
    .filter((r): r is typeof r & { name: string } => r.name !== undefined)
    .map(({ call, name }) => ({ name, line: call.loc!.start.line, column: call.loc!.start.column + 1 }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The names a script declares at its top level; none when it does not parse. */
export function declaredNames(code: string): string[] {
  const parsed = parseSandboxCode(code);
  return 'error' in parsed ? [] : topLevelNames(parsed.program);
}

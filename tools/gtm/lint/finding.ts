// The shape every lint rule reports, and how a rule turns an AST node into one.
import type { Context } from '../api/catalog.ts';

export type Severity = 'error' | 'warning';

/**
 * One problem. Positions are 1-based; `line`/`column` is the first character of the offending construct and
 * `endLine`/`endColumn` the position just after its last character.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LintOptions {
  context: Context;
  /** template code (the Code tab) or test code (a ___TESTS___ scenario or setup), which may call the test APIs */
  kind: 'template' | 'test';
  /** names the code may use without declaring them, e.g. what a test setup declares for its scenarios */
  extraGlobals?: readonly string[];
  /**
   * names that only exist once the code's own top level has run, so only functions may read them: a test setup
   * runs first in each scenario's scope, and the mocks it defines are called later, when the scenario's names exist
   */
  laterGlobals?: readonly string[];
}

/** What rules need of an acorn node: its source span with line/column (acorn's `locations: true`). */
export interface Located {
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } } | null;
}

export function findingAt(node: Located, rule: string, message: string, severity: Severity = 'error'): Finding {
  const loc = node.loc!;
  return {
    rule,
    severity,
    message,
    line: loc.start.line,
    column: loc.start.column + 1,
    endLine: loc.end.line,
    endColumn: loc.end.column + 1,
  };
}

export function byPosition(a: Finding, b: Finding): number {
  return a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

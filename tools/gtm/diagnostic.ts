import { relative } from 'node:path';

/** A problem in a user's input, located in the file the user wrote. */
export interface Diagnostic {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
  message: string;
  rule?: string;
  severity?: 'error' | 'warning';
}

export function formatDiagnostic(d: Diagnostic, cwd = process.cwd()): string {
  const where = d.file ? `${relative(cwd, d.file) || d.file}:${d.line}:${d.column}` : '';
  const tag = d.rule ? ` [${d.rule}]` : '';
  const level = d.severity === 'warning' ? 'warning: ' : '';
  return `${where}${where ? ': ' : ''}${level}${d.message}${tag}`;
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

/** Thrown when user input cannot be turned into a template; carries every problem found. */
export class BuildError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'BuildError';
  }
}

// Parses sandbox code the way GTM sees it: the body of `function (data) { … }`, so a top-level `return` is legal.
import * as acorn from 'acorn';
import type { Finding } from './finding.ts';

const SCRIPT: acorn.Options = {
  ecmaVersion: 'latest',
  sourceType: 'script',
  locations: true,
  allowReturnOutsideFunction: true,
  // parsed so that the `await` rule can explain it, instead of a bare syntax error
  allowAwaitOutsideFunction: true,
};

export type Parsed = { program: acorn.Program } | { error: Finding };

/**
 * Newer syntax parses (ecmaVersion latest) so that the rules can name it and say what to write instead; only code
 * that is not JavaScript at all becomes a parse error. `import`/`export` only parse as a module, which is tried
 * second so that the import-export rule can report them.
 */
export function parseSandboxCode(code: string): Parsed {
  try {
    return { program: acorn.parse(code, SCRIPT) };
  } catch (scriptError) {
    if (!isSyntaxError(scriptError)) throw scriptError;
    if (/'import' and 'export' may appear only with 'sourceType: module'/.test(scriptError.message)) {
      try {
        return { program: acorn.parse(code, { ...SCRIPT, sourceType: 'module' }) };
      } catch (moduleError) {
        if (!isSyntaxError(moduleError)) throw moduleError;
        return { error: parseErrorFinding(moduleError) };
      }
    }
    return { error: parseErrorFinding(scriptError) };
  }
}

interface AcornSyntaxError extends SyntaxError {
  loc: { line: number; column: number };
}

function isSyntaxError(error: unknown): error is AcornSyntaxError {
  return error instanceof SyntaxError && typeof (error as Partial<AcornSyntaxError>).loc?.line === 'number';
}

function parseErrorFinding(error: AcornSyntaxError): Finding {
  // acorn appends "(line:column)"; the finding carries the position itself
  const reason = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  const { line, column } = error.loc;
  return {
    rule: 'parse-error',
    severity: 'error',
    message: `Parse error: ${reason}. GTM only accepts code that parses; fix the syntax at this position`,
    line,
    column: column + 1,
    endLine: line,
    endColumn: column + 2,
  };
}

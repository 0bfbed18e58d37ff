// Type-checks a snippet of template code in a sandbox program built exactly as program.ts says, for the type tests.
import assert from 'node:assert/strict';
import ts from 'typescript';
import type { Context } from '../catalog.ts';
import { sandboxCompilerOptions, sandboxLibFiles } from '../program.ts';

export interface SnippetDiagnostic {
  code: number;
  /** 1-based line in the snippet; 0 for diagnostics about the program or the declaration files */
  line: number;
  message: string;
}

const snippetPath = '/__sandbox_snippet__/snippet.ts';
// The declaration files are parsed once and shared by every program, as a language service would.
const parsedLibFiles = new Map<string, ts.SourceFile | undefined>();

export function diagnose(code: string, context: Context, opts: { tests: boolean } = { tests: false }): SnippetDiagnostic[] {
  const options = sandboxCompilerOptions();
  const host = ts.createCompilerHost(options, true);
  const readFromDisk = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError) => {
    if (fileName === snippetPath) return ts.createSourceFile(fileName, code, languageVersion, true);
    if (!parsedLibFiles.has(fileName)) parsedLibFiles.set(fileName, readFromDisk(fileName, languageVersion, onError));
    return parsedLibFiles.get(fileName);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === snippetPath || fileExists(fileName);
  const program = ts.createProgram({ rootNames: [...sandboxLibFiles(context, opts), snippetPath], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    code: d.code,
    line: d.file?.fileName === snippetPath && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

export function assertCompiles(code: string, context: Context, opts?: { tests: boolean }): void {
  assert.deepEqual(diagnose(code, context, opts), []);
}

/**
 * Asserts the snippet's diagnostics, in order: each expected entry is the TypeScript error code, the snippet line
 * and a fragment of the message.
 */
export function assertFails(
  code: string,
  context: Context,
  expected: { code: number; line: number; message: string }[],
  opts?: { tests: boolean },
): void {
  const actual = diagnose(code, context, opts);
  assert.deepEqual(
    actual.map((d) => ({ code: d.code, line: d.line })),
    expected.map((e) => ({ code: e.code, line: e.line })),
    `diagnostics were:\n${actual.map((d) => `  line ${d.line} TS${d.code}: ${d.message}`).join('\n')}`,
  );
  actual.forEach((d, i) => assert.ok(d.message.includes(expected[i]!.message), `TS${d.code} "${d.message}" lacks "${expected[i]!.message}"`));
}

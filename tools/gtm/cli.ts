// pipes-gtm: build, lint and test GTM custom templates. Exit codes: 0 clean, 1 findings (failed tests included) or
// build errors, 2 usage.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Context } from './api/catalog.ts';
import { buildTemplates, displayPath, findTemplates, loadDefinition, templateSource } from './build.ts';
import { compileTemplate } from './compiler/compile.ts';
import { BuildError, formatDiagnostic, type Diagnostic } from './diagnostic.ts';
import { runTemplateTests, type TemplateTestReport } from './emulator/index.ts';
import { testHostFor } from './emulator/test-hosts.ts';
import { lintCode, lintTemplateFile } from './lint/index.ts';
import { readTemplateFile } from './tpl/index.ts';

const USAGE = `Usage: pipes-gtm <command> [options]

Commands:
  build [template-dir…]   compile every template (folders with template.ts and sandbox/main.ts) into template.tpl
      --check             write nothing; fail when a committed template.tpl differs from a fresh build
  lint <file…>            check files against GTM's sandboxed-JavaScript rules
                          .tpl: the code and every test scenario; .js: plain sandbox code;
                          .ts: the TypeScript module compiled as a template entry
      --context web|server  the sandbox of .js and .ts files (default: from the nearest template.ts, else web)
      --strict            count warnings (standard-library methods GTM may lack) as findings
  test <file.tpl…>        run the ___TESTS___ scenarios of .tpl files (any template, built here or exported
                          from GTM) in the local sandbox emulator; one line per scenario, a summary per file;
                          a failed scenario or a template that does not load counts as a finding

  -h, --help              this text

Exit codes: 0 clean, 1 findings or build errors, 2 usage errors.`;

class UsageError extends Error {}

export async function main(argv: string[], out = console.log, err = console.error): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (!command) {
      err(USAGE);
      return 2;
    }
    if (command === '-h' || command === '--help' || command === 'help') {
      out(USAGE);
      return 0;
    }
    if (command === 'build') return await build(rest, out, err);
    if (command === 'lint') return await lint(rest, out, err);
    if (command === 'test') return await test(rest, out, err);
    throw new UsageError(`unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`pipes-gtm: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

async function build(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { check: { type: 'boolean', default: false } }, allowPositionals: true });
  const sources = positionals.length > 0 ? positionals.map(templateSource) : findTemplates(process.cwd());
  for (const source of sources) {
    if (!existsSync(source.definition)) throw new UsageError(`${displayPath(source.dir)} has no template.ts`);
    if (!existsSync(source.entry)) throw new UsageError(`${displayPath(source.dir)} has no sandbox/main.ts, the template's code`);
  }
  const results = await buildTemplates(sources, { check: values.check });
  let failures = 0;
  for (const r of results) {
    const where = displayPath(r.source.output);
    if (r.status === 'failed') {
      failures++;
      err(`✗ ${where}\n${r.error!.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}`);
    } else if (r.status === 'stale') {
      failures++;
      err(`✗ ${where} differs from a fresh build: run \`npm run build\` and commit it`);
    } else out(`✓ ${where} ${r.status}`);
  }
  return failures > 0 ? 1 : 0;
}

async function lint(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { context: { type: 'string' }, strict: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new UsageError('lint needs at least one file');
  const forced = values.context === undefined ? undefined : parseContext(values.context);
  // Every argument is checked before any file is linted, so a usage error never follows a page of findings.
  for (const file of positionals) {
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    if (!LINTABLE.includes(extname(file))) throw new UsageError(`cannot lint ${file}: expected a .tpl, .js or .ts file`);
  }
  let findings = 0;
  for (const file of positionals) {
    for (const d of await lintFile(resolve(file), forced)) {
      const counts = values.strict || d.severity !== 'warning';
      if (counts) findings++;
      (counts ? err : out)(formatDiagnostic(d));
    }
  }
  if (findings === 0) out(`${positionals.length} file${positionals.length === 1 ? '' : 's'} clean`);
  return findings > 0 ? 1 : 0;
}

const LINTABLE = ['.tpl', '.js', '.ts'];

async function test(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true });
  if (positionals.length === 0) throw new UsageError('test needs at least one .tpl file');
  for (const file of positionals) {
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    if (extname(file) !== '.tpl') throw new UsageError(`cannot test ${file}: expected a .tpl file (build a template folder first)`);
  }
  let failed = 0;
  for (const file of positionals) {
    const path = resolve(file);
    const text = readFileSync(path, 'utf8');
    const report = await runTemplateTests(text, { host: testHostFor(templateContext(text)) });
    if (!printReport(path, report, out, err)) failed++;
  }
  return failed > 0 ? 1 : 0;
}

/** Prints one file's results, in order on stdout (a template that does not load is an error, on stderr); true when everything passed. */
function printReport(path: string, report: TemplateTestReport, out: (s: string) => void, err: (s: string) => void): boolean {
  const where = displayPath(path);
  if (report.loadErrors.length > 0) {
    err(`✗ ${where}: the template does not load, so no scenario ran`);
    for (const e of report.loadErrors) err(`  ${formatDiagnostic({ file: path, ...e })}`);
    return false;
  }
  out(where);
  for (const scenario of report.scenarios) {
    if (scenario.passed) {
      out(`  ✓ ${scenario.name}`);
      continue;
    }
    out(`  ✗ ${scenario.name}`);
    out(`      ${scenario.failure}`);
    if (scenario.unavailableApis.length > 0) out(`      needs ${scenario.unavailableApis.join(', ')}, not available in this emulator yet`);
    for (const line of scenario.logs) out(`      log: ${line}`);
  }
  const failures = report.scenarios.filter((s) => !s.passed).length;
  out(`${where}: ${report.scenarios.length - failures} passed, ${failures} failed`);
  return failures === 0;
}

async function lintFile(file: string, forced: Context | undefined): Promise<Diagnostic[]> {
  if (extname(file) === '.tpl') {
    return lintTemplateFile(readFileSync(file, 'utf8')).map((f) => ({ file, ...f }));
  }
  try {
    // a template.ts that cannot be loaded is a finding about that file, not a crash
    const context = forced ?? (await nearestContext(file)) ?? 'WEB';
    if (extname(file) === '.js') {
      return lintCode(readFileSync(file, 'utf8'), { context, kind: 'template' }).map((f) => ({ file, ...f }));
    }
    await compileTemplate({ context, entry: file });
    return [];
  } catch (error) {
    if (error instanceof BuildError) return error.diagnostics;
    throw error;
  }
}

/** The context declared by the template.ts closest above a file, if any. */
async function nearestContext(file: string): Promise<Context | undefined> {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const definition = join(dir, 'template.ts');
    if (existsSync(definition)) return (await loadDefinition(definition)).info.context;
  }
  return undefined;
}

function parseContext(value: string): Context {
  const upper = value.toUpperCase();
  if (upper !== 'WEB' && upper !== 'SERVER') throw new UsageError(`--context must be web or server, not "${value}"`);
  return upper;
}

/** The context a .tpl declares; a file that does not read is left to the runner, which reports why. */
function templateContext(text: string): Context {
  try {
    return readTemplateFile(text).context;
  } catch {
    return 'WEB';
  }
}

// Runs a template's ___TESTS___ as GTM's template editor does: for each scenario a fresh sandbox, in which the
// setup and then the scenario's code run in one scope, with the test APIs as globals; mocks start empty each time.
// Asynchronous work the scenario started (callLater, promises, timers) runs before the scenario ends, with a
// virtual clock. A scenario fails at its first failed assertion, fail(), or error; the others still run.
import { lintTemplateFile, TEST_APIS } from '../../lint/index.ts';
import { parseSections, readTemplateFile, TplError, type TemplateFile, type TestScenario } from '../../tpl/index.ts';
import type { Mock } from '../api/dispatch.ts';
import type { Host, TemplateType } from '../api/define.ts';
import { LoadError } from '../errors.ts';
import { Permissions } from '../permissions/checker.ts';
import { compile, Sandbox } from '../sandbox.ts';
import { API_CHECKS, MATCHERS } from './assertions.ts';
import { formatValue } from './values.ts';

export interface ScenarioResult {
  name: string;
  passed: boolean;
  /** why it failed: the first failed assertion, fail()'s message, or what the code threw */
  failure?: string;
  /** APIs the scenario called that no runtime implements yet (their calls threw NotAvailableError) */
  unavailableApis: string[];
  /** what logToConsole wrote, one line per call */
  logs: string[];
}

export interface TemplateTestReport {
  /** problems that keep the file from loading (1-based .tpl positions); no scenario ran */
  loadErrors: { line: number; column: number; message: string }[];
  scenarios: ScenarioResult[];
}

export interface TestRunOptions {
  /** APIs a runtime provides, and the other host settings (debugMode defaults to true, as in the editor) */
  host?: Host;
  /** longest time one scenario's code may run synchronously (default 2000 ms) */
  timeoutMs?: number;
}

/** Thrown into sandbox code to stop a scenario; the failure is already recorded. */
class ScenarioStop extends Error {}

/** Runs every scenario of a .tpl file's text. */
export async function runTemplateTests(text: string, options: TestRunOptions = {}): Promise<TemplateTestReport> {
  const errors = lintTemplateFile(text).filter((f) => f.severity === 'error');
  if (errors.length > 0) return { loadErrors: errors.map(({ line, column, message }) => ({ line, column, message })), scenarios: [] };
  let template: TemplateFile;
  try {
    template = readTemplateFile(text);
    new Permissions(template.context, template.permissions, { debugMode: true, googleCloudProject: undefined });
  } catch (error) {
    if (error instanceof TplError) return { loadErrors: [{ line: error.line, column: error.column, message: error.message }], scenarios: [] };
    if (error instanceof LoadError) return { loadErrors: [{ line: 1, column: 1, message: error.message }], scenarios: [] };
    throw error;
  }
  // the .tpl line of the code's first line, so that a failure can name the line of the file
  const codeLine = parseSections(text).sections.find((s) => s.name.startsWith('SANDBOXED_JS_'))!.line;
  const scenarios: ScenarioResult[] = [];
  for (const scenario of template.tests?.scenarios ?? []) scenarios.push(await runScenario(template, codeLine, scenario, options));
  return { loadErrors: [], scenarios };
}

async function runScenario(template: TemplateFile, codeLine: number, scenario: TestScenario, options: TestRunOptions): Promise<ScenarioResult> {
  const logs: string[] = [];
  let failure: string | undefined;
  /** Records the first failure; returns the error that stops the scenario. */
  const fail = (message: string): ScenarioStop => {
    failure ??= message;
    return new ScenarioStop(message);
  };
  const failWith = (error: unknown): void => {
    if (!(error instanceof ScenarioStop)) fail(errorText(error));
  };
  const mocks = new Map<string, Mock>();
  const calls = new Map<string, unknown[][]>();
  const record = (api: string, args: readonly unknown[]): void => {
    calls.set(api, [...(calls.get(api) ?? []), [...args]]);
  };
  const templateType = template.info['type'] as TemplateType | undefined;

  let sandbox: Sandbox | undefined;
  try {
    sandbox = new Sandbox({
      context: template.context,
      code: template.code,
      permissions: template.permissions,
      templateType,
      // the whole file, tests included, was linted before any scenario ran
      lint: false,
      clock: 'virtual',
      mocks,
      onApiCall: record,
      onAsyncError: (error) => {
        failWith(error);
        throw error;
      },
      host: { debugMode: true, ...options.host, log: (args) => logs.push(args.map((a) => (typeof a === 'string' ? a : formatValue(a))).join(' ')) },
      name: 'template',
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    const box = sandbox;
    const { boundary } = box;
    const testApis: Record<string, Function> = {
      runCode: boundary.rawFunction(([data]) => {
        const result = box.run(data, { onSuccess: () => record('gtmOnSuccess', []), onFailure: () => record('gtmOnFailure', []) });
        if (result.error !== undefined) {
          const where = result.at ? ` at line ${codeLine + result.at.line - 1}` : '';
          throw fail(`runCode: the template's code failed${where}: ${errorText(result.error)}`);
        }
        return templateType === 'MACRO' ? result.value : undefined;
      }),
      mock: boundary.rawFunction(([name, value]) => {
        if (box.isObjectApi(String(name))) throw fail(`mock('${String(name)}', …): ${String(name)} is an object API; use mockObject`);
        mocks.set(String(name), { value });
      }),
      mockObject: boundary.rawFunction(([name, value]) => {
        if (!box.isObjectApi(String(name))) throw fail(`mockObject('${String(name)}', …): ${String(name)} is a function; use mock`);
        if (typeof value !== 'object' || value === null) throw fail(`mockObject('${String(name)}', …) needs an object of replacements`);
        mocks.set(String(name), { value });
      }),
      assertApi: boundary.rawFunction(([name]) => {
        const api = String(name);
        if (api !== 'gtmOnSuccess' && api !== 'gtmOnFailure') box.isObjectApi(api);
        return subject(box, API_CHECKS, (check, args) => check(api, calls.get(api) ?? [], args), fail);
      }),
      assertThat: boundary.rawFunction(([actual, message]) =>
        subject(box, MATCHERS, (matcher, args) => {
          const problem = matcher(actual, args);
          return problem && message !== undefined ? `${String(message)}: ${problem}` : problem;
        }, fail),
      ),
      fail: boundary.rawFunction(([message]) => {
        throw fail(message === undefined ? 'fail() was called' : String(message));
      }),
      require: boundary.rawFunction(([name]) => box.require(String(name))),
    };
    const code = compile(box.realm, `${template.tests?.setup ?? ''}\n${scenario.code}`, [...TEST_APIS, 'require'], `scenario "${scenario.name}"`);
    box.realm.invoke(code, [...TEST_APIS, 'require'].map((name) => testApis[name]));
    if (failure === undefined) await box.scheduler.settle({ stop: () => failure !== undefined });
  } catch (error) {
    failWith(error);
  }
  return {
    name: scenario.name,
    passed: failure === undefined,
    ...(failure === undefined ? {} : { failure }),
    unavailableApis: [...(sandbox?.unavailableApis ?? [])].sort(),
    logs,
  };
}

/**
 * A realm object whose methods run `evaluate` on one check each and stop the scenario when it fails. A check that
 * holds returns the object, so that checks chain as in Truth: assertThat(x).isString().isNotEmpty().
 */
function subject<C>(
  sandbox: Sandbox,
  checks: Readonly<Record<string, C>>,
  evaluate: (check: C, args: readonly unknown[]) => string | undefined,
  fail: (message: string) => Error,
): unknown {
  const face = sandbox.realm.newObject();
  for (const [name, check] of Object.entries(checks)) {
    face[name] = sandbox.boundary.rawFunction((args) => {
      const problem = evaluate(check, args);
      if (problem !== undefined) throw fail(problem);
      return face;
    });
  }
  return face;
}

/** An error's message; errors of the sandbox's realm are no instances of the host's Error, so the shape decides. */
function errorText(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : `the code threw ${formatValue(error)}`;
}

// A local GTM sandbox: template code in an isolated realm with GTM's language rules, permissions and APIs, and a
// runner for the ___TESTS___ section. docs/emulator.md describes how runtimes plug their host APIs in.
export { Sandbox, type RunCallbacks, type RunResult, type SandboxOptions } from './sandbox.ts';
export { defineApi, type ApiDefinition, type ApiEnvironment, type ApiValue, type ContainerVersion, type Host, type HostFunction, type PermissionQueries, type TemplateType } from './api/define.ts';
export { expectArg, typeName } from './api/args.ts';
export { CORE_APIS, resolveApis } from './api/registry.ts';
export type { Mock } from './api/dispatch.ts';
export { PROMISE_TIMEOUT_MS, SandboxPromise, SandboxPromises } from './api/core/promise.ts';
export { Boundary } from './boundary.ts';
export { Realm } from './realm.ts';
export { Scheduler, type Clock, type SettleLimits } from './scheduler.ts';
export { Permissions } from './permissions/checker.ts';
export { ApiError, LoadError, NotAvailableError, PermissionError, SandboxTimeoutError } from './errors.ts';
export { runTemplateTests, type ScenarioResult, type TemplateTestReport, type TestRunOptions } from './test-runner/runner.ts';

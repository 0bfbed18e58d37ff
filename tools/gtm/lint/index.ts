// The sandbox linter: the rules of GTM's sandboxed-JavaScript subset, applied to plain JavaScript.
export type { Finding, LintOptions, Severity } from './finding.ts';
export { lintCode, requiredApis } from './lint-code.ts';
export { lintTemplateFile } from './template-file.ts';
export { TEST_APIS } from './global-rules.ts';
export { ABSENT_METHODS, DOCUMENTED_METHODS, OBSERVED_METHODS, type AbsentMethod, type StdType } from './stdlib.ts';

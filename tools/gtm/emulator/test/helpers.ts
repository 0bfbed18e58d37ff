// Shared by the emulator's tests: sandboxes from a few lines of code, permission sections from friendly settings
// (through the toolchain's own encoder), and .tpl texts with tests.
import type { Context } from '../../api/catalog.ts';
import { encodeParams } from '../../permissions/encode.ts';
import { kindIn } from '../../permissions/kinds.ts';
import { writeTemplateFile, type TemplateFile } from '../../tpl/index.ts';
import type { TemplateType } from '../api/define.ts';
import { Sandbox, type SandboxOptions } from '../sandbox.ts';

/** A permissions section as GTM writes it, from settings in the shape of permissions/settings.ts. */
export function section(context: Context, settings: Record<string, Record<string, unknown>>): unknown[] {
  return Object.entries(settings).map(([publicId, value]) => ({
    instance: { key: { publicId, versionId: '1' }, param: encodeParams(kindIn(publicId, context)!, value) },
    isRequired: true,
  }));
}

export type Options = Partial<Omit<SandboxOptions, 'code'>>;

export function sandbox(code: string, options: Options = {}): Sandbox {
  return new Sandbox({ context: 'SERVER', templateType: 'MACRO', clock: 'virtual', ...options, code });
}

/** What the code returns when run once with `data`, as host data (so that strict deep equality applies); throws what it throws. */
export function evaluate(code: string, options: Options = {}, data: unknown = {}): unknown {
  const box = sandbox(code, options);
  const result = box.run(data);
  if (result.error !== undefined) throw result.error;
  return box.boundary.copyToHost(result.value);
}

/** The error a run of the code ends with (a host error, or an error of the sandbox's realm). */
export function failure(code: string, options: Options = {}, data: unknown = {}): Error {
  const { error } = sandbox(code, options).run(data);
  if (typeof (error as Error | undefined)?.message !== 'string') throw new Error(`expected the code to fail, but it ${error === undefined ? 'returned' : `threw ${String(error)}`}`);
  return error as Error;
}

export interface TplSpec {
  context?: Context;
  type?: TemplateType;
  code: string;
  permissions?: unknown[];
  scenarios: { name: string; code: string }[];
  setup?: string;
}

/** The text of a .tpl file with this code, permissions and tests. */
export function tplText(spec: TplSpec): string {
  const context = spec.context ?? 'SERVER';
  const file: TemplateFile = {
    termsOfService: false,
    info: { type: spec.type ?? 'MACRO', id: 'cvt_temp_public_id', version: 1, securityGroups: [], displayName: 'Test', containerContexts: [context] },
    parameters: [],
    context,
    code: spec.code,
    permissions: spec.permissions ?? [],
    tests: spec.setup === undefined ? { scenarios: spec.scenarios } : { scenarios: spec.scenarios, setup: spec.setup },
    notes: undefined,
  };
  return writeTemplateFile(file);
}

/** The .tpl line of the first line of the spec's code. */
export function firstCodeLine(spec: TplSpec): number {
  const lines = tplText(spec).split('\n');
  return lines.findIndex((line) => line.startsWith('___SANDBOXED_JS_')) + 3;
}

// Builds a template's ___WEB_PERMISSIONS___ / ___SERVER_PERMISSIONS___ section from the APIs its code
// uses and the permission settings its definition declares, and reports every mismatch between the two.
//
// Order: GTM writes the section in the order its editor happened to detect or edit each permission, so
// real exports show no fixed order. The section is written in PERMISSION_KINDS order (alphabetical by
// publicId), which keeps the committed template's diff stable when code moves around.
import { apiInContext, type Context } from '../api/catalog.ts';
import { encodeParams, settingsProblems, type SettingsRecord } from './encode.ts';
import { isKnownKind, kindIn, PERMISSION_KINDS, type PermissionKind } from './kinds.ts';
import type { PermissionSettings } from './settings.ts';
import type { Param } from './typed-value.ts';

export interface UsedApi {
  name: string;
  /** 1-based position of the use in the template's code */
  line: number;
  column: number;
  /** the source file of the use, passed on to its problems */
  file?: string;
}

export interface PermissionProblem {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  api?: string;
  permission?: string;
}

/** One element of the permissions section, as GTM exports it. */
export interface PermissionInstance {
  instance: { key: { publicId: string; versionId: '1' }; param: Param[] };
  /** present when the author configured the permission rather than taking GTM's default */
  clientAnnotations?: { isEditedByUser: true };
  isRequired: true;
}

export interface InferInput {
  context: Context;
  usedApis: readonly UsedApi[];
  settings: PermissionSettings;
}

export interface InferResult {
  permissions: PermissionInstance[];
  problems: PermissionProblem[];
}

const contextName = (context: Context): string => (context === 'WEB' ? 'web' : 'server');

const positionOf = (use: UsedApi): Pick<PermissionProblem, 'file' | 'line' | 'column' | 'api'> => ({
  ...(use.file === undefined ? {} : { file: use.file }),
  line: use.line,
  column: use.column,
  api: use.name,
});

export function inferPermissions({ context, usedApis, settings }: InferInput): InferResult {
  const problems: PermissionProblem[] = [];
  const usesByPermission = new Map<string, UsedApi[]>();

  const inCodeOrder = [...usedApis].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line || a.column - b.column,
  );
  for (const use of inCodeOrder) {
    const permission = permissionOf(use, context, problems);
    if (permission) usesByPermission.set(permission, [...(usesByPermission.get(permission) ?? []), use]);
  }

  const declared = new Map(
    (Object.entries(settings) as [string, SettingsRecord | undefined][]).filter(
      (entry): entry is [string, SettingsRecord] => entry[1] !== undefined,
    ),
  );
  for (const publicId of declared.keys()) {
    const problem = declarationProblem(publicId, context, usesByPermission.has(publicId));
    if (problem) problems.push({ message: problem, permission: publicId });
  }

  const permissions: PermissionInstance[] = [];
  for (const kind of PERMISSION_KINDS) {
    const uses = usesByPermission.get(kind.publicId);
    if (!uses || !kind.contexts.includes(context)) continue;
    const instance = instanceFor(kind, uses, declared.get(kind.publicId), problems);
    if (instance) permissions.push(instance);
  }
  return { permissions, problems };
}

/** The permission a use needs, or undefined when it needs none or cannot be used here (reported). */
function permissionOf(use: UsedApi, context: Context, problems: PermissionProblem[]): string | undefined {
  const entry = apiInContext(use.name, context);
  const at = positionOf(use);
  if (!entry) {
    const other: Context = context === 'WEB' ? 'SERVER' : 'WEB';
    const message = apiInContext(use.name, other)
      ? `${use.name} exists only in ${contextName(other)} templates: remove it from this ${contextName(context)} template`
      : `${use.name} is not an API of GTM's sandbox: check the name in require('${use.name}')`;
    problems.push({ message, ...at });
    return undefined;
  }
  if (entry.permission === null) return undefined;
  if (!kindIn(entry.permission, context)) {
    throw new Error(`tools/gtm/api/catalog.ts names permission ${entry.permission} for ${use.name}, which kinds.ts lacks`);
  }
  return entry.permission;
}

function declarationProblem(publicId: string, context: Context, used: boolean): string | undefined {
  if (!kindIn(publicId, context)) {
    return isKnownKind(publicId)
      ? `${publicId} is not a permission of ${contextName(context)} templates: remove it`
      : `${publicId} is not a GTM permission: remove it`;
  }
  if (!used) return `unused permission ${publicId}: no API the code uses needs it: remove it`;
  return undefined;
}

function instanceFor(
  kind: PermissionKind,
  uses: UsedApi[],
  declared: SettingsRecord | undefined,
  problems: PermissionProblem[],
): PermissionInstance | undefined {
  const permission = kind.publicId;
  const settings = declared ?? kind.defaultSettings;
  if (!settings) {
    const first = uses[0]!;
    problems.push({
      message: `${first.name} needs the ${permission} permission, which has no safe default: declare it in the template's permissions, e.g. ${kind.example}`,
      ...positionOf(first),
      permission,
    });
    return undefined;
  }
  const found: PermissionProblem[] = settingsProblems(kind, settings).map((message) => ({ message, permission }));
  found.push(...missingParts(kind, uses, settings));
  if (found.length > 0) {
    problems.push(...found);
    return undefined;
  }
  const param = encodeParams(kind, settings);
  return {
    instance: { key: { publicId: permission, versionId: '1' }, param },
    ...(declared && param.length > 0 ? { clientAnnotations: { isEditedByUser: true as const } } : {}),
    isRequired: true,
  };
}

/** Uses whose API needs a part that the author's list of parts leaves out. */
function missingParts(kind: PermissionKind, uses: UsedApi[], settings: SettingsRecord): PermissionProblem[] {
  const parts = settings['parts'];
  if (!kind.partsByApi || !Array.isArray(parts)) return [];
  return uses.flatMap((use) => {
    const missing = (kind.partsByApi?.[use.name] ?? []).filter((part) => !parts.includes(part));
    if (missing.length === 0) return [];
    const listed = missing.map((part) => `'${part}'`).join(', ');
    return [
      {
        message: `${use.name} needs ${kind.publicId}.parts to include ${listed}: add ${listed} to parts, or write parts: 'any'`,
        ...positionOf(use),
        permission: kind.publicId,
      },
    ];
  });
}

export { inferPermissions } from './infer.ts';
export type { InferInput, InferResult, PermissionInstance, PermissionProblem, UsedApi } from './infer.ts';
export { isKnownKind, kindIn, PERMISSION_KINDS } from './kinds.ts';
export type { Column, ParamSpec, PermissionKind } from './kinds.ts';
export { encodeParams, settingsProblems } from './encode.ts';
export type { SettingsRecord } from './encode.ts';
export type { Param, TypedValue } from './typed-value.ts';
export type * from './settings.ts';

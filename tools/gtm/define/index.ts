export type * from './types.ts';
export { defineTemplate } from './types.ts';
export { checkDefinition, type CheckOptions, type Problem } from './check.ts';
export { infoJson, parametersJson, type Json, type JsonObject } from './to-gtm.ts';

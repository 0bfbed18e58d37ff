// The JSON Schemas of schema/, compiled with ajv as any Node consumer would (draft 2020-12, strict mode).
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

const load = (file: string): object => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));

export interface CompiledSchemas {
  batchSchema: ValidateFunction;
  eventSchema: ValidateFunction;
  storedRowSchema: ValidateFunction;
}

export function compileSchemas(): CompiledSchemas {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addSchema(load('wire-event.v1.schema.json'));
  ajv.addSchema(load('wire-batch.v1.schema.json'));
  ajv.addSchema(load('stored-row.v1.schema.json'));
  const get = (id: string): ValidateFunction => {
    const validate = ajv.getSchema(id);
    if (!validate) throw new Error(`schema ${id} is missing`);
    return validate;
  };
  return {
    batchSchema: get('urn:pipes:schema:wire-batch:v1'),
    eventSchema: get('urn:pipes:schema:wire-event:v1'),
    storedRowSchema: get('urn:pipes:schema:stored-row:v1'),
  };
}

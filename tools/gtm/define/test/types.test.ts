// Type-level tests: small files that use defineTemplate and DataOf, compiled with only the global types of the
// sandbox program. Each file states what it expects with `same<Actual, Expected>(true)` (exact type equality)
// and `// @ts-expect-error` lines (an unused one is itself an error), so a passing file has no diagnostics.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeErrors } from './type-check.ts';

const PRELUDE = `
import { defineTemplate, type DataOf } from '../types.ts';
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const same = <A, B>(ok: Equal<A, B>) => ok;
const brand = { id: 'brand_dummy', displayName: 'Pipes' };
const webTag = { type: 'TAG', context: 'WEB', displayName: 'T', description: '', brand } as const;
`;

const check = (body: string, lib: 'sandbox' | 'es' = 'sandbox') => typeErrors({ 'case.ts': PRELUDE + body }, lib);

test('types.ts needs no ES or DOM library (only the global types of the sandbox program)', () => {
  assert.deepEqual(
    check(`
const def = defineTemplate({ info: webTag, parameters: [{ type: 'TEXT', name: 'a' }], permissions: { logging: { environments: 'debug' } } });
declare const data: DataOf<typeof def>;
export const a = data.a;
export { same };
`),
    [],
  );
  // the control: the same program really lacks ES library types
  const errors = check(`export const m: Map<string, string> | undefined = undefined; export { same, defineTemplate }; export type D = DataOf<never>;`);
  assert.ok(errors.some((e) => e.includes("Cannot find name 'Map'")), errors.join('\n'));
});

test('reading a parameter that does not exist is a type error', () => {
  const errors = check(`
const def = defineTemplate({ info: webTag, parameters: [{ type: 'TEXT', name: 'endpoint' }], permissions: {} });
declare const data: DataOf<typeof def>;
export const ok = data.endpoint;
export const wrong = data.endpiont;
export { same };
`);
  assert.equal(errors.length, 1, errors.join('\n'));
  assert.match(errors[0]!, /^case\.ts:\d+: Property 'endpiont' does not exist on type/);
});

test('SELECT and RADIO values are the union of their item values, widened when variables are allowed', () => {
  assert.deepEqual(
    check(`
const def = defineTemplate({
  info: webTag,
  parameters: [
    { type: 'SELECT', name: 'status', selectItems: [{ value: 200, displayValue: '200' }, { value: 'redirect', displayValue: 'Redirect' }] },
    { type: 'SELECT', name: 'withNotSet', notSetText: 'None', selectItems: [{ value: true, displayValue: 'Yes' }] },
    { type: 'SELECT', name: 'withVariables', macrosInSelect: true, selectItems: [{ value: 'a', displayValue: 'A' }] },
    { type: 'RADIO', name: 'mode', defaultValue: 'x', radioItems: [{ value: 'x', displayValue: 'X' }, { value: 'y', displayValue: 'Y' }] },
    { type: 'RADIO', name: 'undecided', radioItems: [{ value: 'x', displayValue: 'X' }] },
  ],
  permissions: {},
});
declare const data: DataOf<typeof def>;
same<typeof data.status, 200 | 'redirect'>(true);
same<typeof data.withNotSet, true | ''>(true);
same<typeof data.withVariables, string>(true);
same<typeof data.mode, 'x' | 'y'>(true);
same<typeof data.undecided, 'x' | undefined>(true);
// @ts-expect-error 'maybe' is not one of the items
export const never: typeof data.mode = 'maybe';
`),
    [],
  );
});

test('table rows are typed by their columns', () => {
  assert.deepEqual(
    check(`
const def = defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'SIMPLE_TABLE',
      name: 'headers',
      simpleTableColumns: [
        { type: 'TEXT', name: 'header' },
        { type: 'SELECT', name: 'action', selectItems: [{ value: 'keep', displayValue: 'Keep' }, { value: 'drop', displayValue: 'Drop' }] },
      ],
      valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [1] }],
    },
    {
      type: 'PARAM_TABLE',
      name: 'rules',
      paramTableColumns: [
        { param: { type: 'TEXT', name: 'pattern', valueValidators: [{ type: 'NON_EMPTY' }] } },
        { param: { type: 'CHECKBOX', name: 'enabled', checkboxText: 'On' } },
        { param: { type: 'SELECT', name: 'scope', selectItems: [{ value: 'path', displayValue: 'Path' }] } },
        { param: { type: 'TEXT', name: 'note' } },
      ],
    },
  ],
  permissions: {},
});
declare const data: DataOf<typeof def>;
same<typeof data.headers, readonly { readonly header: string; readonly action: 'keep' | 'drop' }[]>(true);
same<
  typeof data.rules,
  | readonly { readonly pattern: string; readonly enabled: boolean; readonly scope: 'path'; readonly note: string | undefined }[]
  | undefined
>(true);
// @ts-expect-error a row has no such column
export const wrong = data.headers[0]!.value;
`),
    [],
  );
});

test('fields nested in groups, checkboxes, selects and radio items are flat keys of data; groups and labels are not', () => {
  assert.deepEqual(
    check(`
const def = defineTemplate({
  info: webTag,
  parameters: [
    { type: 'LABEL', name: 'intro', displayName: 'Hello' },
    {
      type: 'GROUP',
      name: 'advanced',
      groupStyle: 'ZIPPY_CLOSED',
      subParams: [
        {
          type: 'GROUP',
          name: 'inner',
          groupStyle: 'NO_ZIPPY',
          subParams: [
            { type: 'CHECKBOX', name: 'useCookie', checkboxText: 'Cookie', subParams: [{ type: 'TEXT', name: 'cookieName', valueValidators: [{ type: 'NON_EMPTY' }] }] },
          ],
        },
        { type: 'SELECT', name: 'region', selectItems: [{ value: 'eu', displayValue: 'EU' }], subParams: [{ type: 'TEXT', name: 'zone', textAsList: true }] },
        {
          type: 'RADIO',
          name: 'storage',
          radioItems: [
            { value: 'gcs', displayValue: 'GCS', subParams: [{ type: 'TEXT', name: 'bucket', valueValidators: [{ type: 'NON_EMPTY' }] }] },
            { value: 'none', displayValue: 'None' },
          ],
          valueValidators: [{ type: 'NON_EMPTY' }],
        },
      ],
    },
  ],
  permissions: {},
});
declare const data: DataOf<typeof def>;
same<typeof data.useCookie, boolean>(true);
same<typeof data.cookieName, string>(true);
same<typeof data.region, 'eu'>(true);
same<typeof data.zone, readonly string[] | undefined>(true);
same<typeof data.storage, 'gcs' | 'none'>(true);
// a radio item's fields exist only while it is chosen
same<typeof data.bucket, string | undefined>(true);
// @ts-expect-error a GROUP is not in data
data.advanced;
// @ts-expect-error a LABEL is not in data
data.intro;
`),
    [],
  );
});

test('a value is optional unless an unconditional validator or the field kind guarantees it', () => {
  assert.deepEqual(
    check(`
const def = defineTemplate({
  info: webTag,
  parameters: [
    { type: 'TEXT', name: 'required', valueValidators: [{ type: 'REGEX', args: ['.*'] }, { type: 'NON_EMPTY' }] },
    { type: 'TEXT', name: 'plain' },
    { type: 'TEXT', name: 'requiredSometimes', valueValidators: [{ type: 'NON_EMPTY', enablingConditions: [{ paramName: 'on', paramValue: true, type: 'EQUALS' }] }] },
    { type: 'CHECKBOX', name: 'on', checkboxText: 'On' },
    { type: 'TEXT', name: 'switched', enablingConditions: [{ paramName: 'on', paramValue: true, type: 'EQUALS' }], valueValidators: [{ type: 'NON_EMPTY' }] },
    {
      type: 'GROUP',
      name: 'g',
      groupStyle: 'NO_ZIPPY',
      enablingConditions: [{ paramName: 'on', type: 'PRESENT' }],
      subParams: [{ type: 'CHECKBOX', name: 'inSwitchedGroup', checkboxText: 'x' }],
    },
    { type: 'SIMPLE_TABLE', name: 'maybeRows', simpleTableColumns: [{ type: 'TEXT', name: 'k' }], valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [0, 5] }] },
    { type: 'SIMPLE_TABLE', name: 'rows', simpleTableColumns: [{ type: 'TEXT', name: 'k' }], valueValidators: [{ type: 'NON_EMPTY' }] },
  ],
  permissions: {},
});
declare const data: DataOf<typeof def>;
same<typeof data.required, string>(true);
same<typeof data.plain, string | undefined>(true);
same<typeof data.requiredSometimes, string | undefined>(true);
same<typeof data.on, boolean>(true);
same<typeof data.switched, string | undefined>(true);
same<typeof data.inSwitchedGroup, boolean | undefined>(true);
same<typeof data.maybeRows, readonly { readonly k: string }[] | undefined>(true);
same<typeof data.rows, readonly { readonly k: string }[]>(true);
`),
    [],
  );
});

test('tags get the callbacks and ids GTM passes; variables and clients get nothing extra', () => {
  assert.deepEqual(
    check(`
const tag = defineTemplate({ info: webTag, parameters: [], permissions: {} });
const serverTag = defineTemplate({ info: { ...webTag, context: 'SERVER' }, parameters: [], permissions: {} });
const variable = defineTemplate({ info: { ...webTag, type: 'MACRO' }, parameters: [], permissions: {} });
const client = defineTemplate({ info: { ...webTag, type: 'CLIENT', context: 'SERVER' }, parameters: [], permissions: {} });
declare const tagData: DataOf<typeof tag>;
declare const serverTagData: DataOf<typeof serverTag>;
declare const variableData: DataOf<typeof variable>;
declare const clientData: DataOf<typeof client>;
same<typeof tagData.gtmOnSuccess, () => void>(true);
same<typeof tagData.gtmOnFailure, () => void>(true);
same<typeof tagData.gtmTagId, number>(true);
same<typeof tagData.gtmEventId, number>(true);
serverTagData.gtmOnSuccess();
// @ts-expect-error the ids are only known on web tags
serverTagData.gtmTagId;
// @ts-expect-error a variable does not call back
variableData.gtmOnSuccess();
// @ts-expect-error a client does not call back
clientData.gtmOnFailure();
`),
    [],
  );
});

test('mistakes in a definition are type errors where they are written', () => {
  assert.deepEqual(
    check(`
defineTemplate({
  // @ts-expect-error a CLIENT exists only on a server
  info: { ...webTag, type: 'CLIENT' },
  parameters: [],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [],
  // @ts-expect-error a server permission in a web template
  permissions: { send_http: { urls: 'any' } },
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'TEXT',
      name: 'a',
      // @ts-expect-error misspelt key
      helpp: 'x',
    },
  ],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'GROUP',
      name: 'g',
      groupStyle: 'NO_ZIPPY',
      // @ts-expect-error misspelt key in a nested field
      subParams: [{ type: 'TEXT', name: 'b', valueHnt: 'x' }],
    },
  ],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'CHECKBOX',
      name: 'b',
      checkboxText: 'B',
      // @ts-expect-error no validators on a checkbox
      valueValidators: [{ type: 'NON_EMPTY' }],
    },
  ],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'SIMPLE_TABLE',
      name: 'c',
      simpleTableColumns: [{ type: 'TEXT', name: 'k' }],
      // @ts-expect-error a table's value is not a number
      valueValidators: [{ type: 'POSITIVE_NUMBER' }],
    },
  ],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'SELECT',
      name: 'd',
      selectItems: [],
      // @ts-expect-error TABLE_ROW_COUNT only counts rows
      valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [1] }],
    },
  ],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'TEXT',
      name: 'e',
      // @ts-expect-error REGEX takes one pattern
      valueValidators: [{ type: 'REGEX' }],
    },
  ],
  permissions: {},
});
defineTemplate({
  info: webTag,
  parameters: [
    {
      type: 'TEXT',
      name: 'f',
      // @ts-expect-error not a condition type
      enablingConditions: [{ paramName: 'a', paramValue: 'x', type: 'CONTAINS' }],
    },
  ],
  permissions: {},
});
export { same };
`),
    [],
  );
});

test('the key tables of gtm-keys.ts list exactly the keys of the definition types (plus what GTM adds)', () => {
  assert.deepEqual(
    check(
      `
import * as K from '../gtm-keys.ts';
import type * as T from '../types.ts';
type KeysOf<U> = U extends unknown ? keyof U : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
interface AddedByGtm { TEXT: 'simpleValueType'; SELECT: 'simpleValueType'; CHECKBOX: 'simpleValueType'; RADIO: 'simpleValueType' }
type Added<P> = P extends keyof AddedByGtm ? AddedByGtm[P] : never;
export const parameters: { [P in T.ParameterType]: Same<(typeof K.PARAMETER_KEYS)[P][number], KeysOf<Extract<T.Parameter, { type: P }>> | Added<P>> } = {
  TEXT: true, SELECT: true, CHECKBOX: true, RADIO: true, SIMPLE_TABLE: true, PARAM_TABLE: true, GROUP: true, LABEL: true,
};
export const nested: true[] = [
  true as Same<(typeof K.SELECT_ITEM.keys)[number], keyof T.SelectItem>,
  true as Same<(typeof K.RADIO_ITEM.keys)[number], keyof T.RadioItem>,
  true as Same<(typeof K.SIMPLE_TABLE_COLUMN.keys)[number], KeysOf<T.SimpleTableColumn>>,
  true as Same<(typeof K.PARAM_TABLE_COLUMN.keys)[number], keyof T.ParamTableColumn>,
  true as Same<(typeof K.VALIDATOR.keys)[number], KeysOf<T.Validator>>,
  true as Same<(typeof K.ENABLING_CONDITION.keys)[number], KeysOf<T.EnablingCondition>>,
  true as Same<(typeof K.BRAND.keys)[number], keyof T.BrandInfo>,
];
export { same };
`,
      'es',
    ),
    [],
  );
});

// One test per rule of checkDefinition: a definition that is valid but for one mistake, and the exact problem.
// Definitions are built as plain objects (cast to TemplateDefinition) because the point is to catch what
// reaches the build past the types.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDefinition, type CheckOptions, type Problem } from '../check.ts';
import type { TemplateDefinition } from '../types.ts';

type Loose = Record<string, unknown>;

const info = (extra: Loose = {}): Loose => ({
  type: 'TAG',
  context: 'WEB',
  displayName: 'Pipes',
  description: 'Sends events to Pipes.',
  brand: { id: 'brand_dummy', displayName: 'Pipes' },
  ...extra,
});

function problems(parameters: unknown[], infoExtra: Loose = {}, opts?: CheckOptions): Problem[] {
  const def = { info: info(infoExtra), parameters, permissions: {} };
  return checkDefinition(def as unknown as TemplateDefinition, opts);
}

const text = (name: string, extra: Loose = {}): Loose => ({ type: 'TEXT', name, ...extra });
const checkbox = (name: string, extra: Loose = {}): Loose => ({ type: 'CHECKBOX', name, checkboxText: name, ...extra });
const select = (name: string, values: unknown[], extra: Loose = {}): Loose => ({
  type: 'SELECT',
  name,
  selectItems: values.map((value) => ({ value, displayValue: String(value) })),
  ...extra,
});

test('a definition that uses every kind of field correctly has no problems', () => {
  assert.deepEqual(
    problems([
      { type: 'LABEL', name: 'intro', displayName: 'Hello' },
      text('endpoint', { valueValidators: [{ type: 'NON_EMPTY' }, { type: 'REGEX', args: ['^https://.*'] }] }),
      select('status', [200, 301], { defaultValue: 200, subParams: [text('location')] }),
      checkbox('debug', { subParams: [text('prefix', { enablingConditions: [{ paramName: 'debug', paramValue: true, type: 'EQUALS' }] })] }),
      {
        type: 'RADIO',
        name: 'storage',
        radioItems: [{ value: 'gcs', displayValue: 'GCS', subParams: [text('bucket')] }],
        defaultValue: 'gcs',
      },
      {
        type: 'GROUP',
        name: 'advanced',
        groupStyle: 'ZIPPY_CLOSED',
        enablingConditions: [{ paramName: 'status', paramValue: 301, type: 'EQUALS' }],
        subParams: [
          text('lines', { textAsList: true, lineCount: 3, valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [1, 10] }] }),
        ],
      },
      {
        type: 'SIMPLE_TABLE',
        name: 'headers',
        simpleTableColumns: [
          { type: 'TEXT', name: 'name', isUnique: true, valueValidators: [{ type: 'STRING_LENGTH', args: [1, 64] }] },
          { type: 'SELECT', name: 'action', selectItems: [{ value: 'keep', displayValue: 'Keep' }], defaultValue: 'keep' },
        ],
      },
      {
        type: 'PARAM_TABLE',
        name: 'rules',
        paramTableColumns: [
          { param: checkbox('on') },
          // a column may share a name with a field of the form, and depend on a sibling column
          { param: text('endpoint', { enablingConditions: [{ paramName: 'on', paramValue: true, type: 'EQUALS' }] }) },
        ],
        valueValidators: [{ type: 'NON_EMPTY', enablingConditions: [{ paramName: 'rules', type: 'PRESENT' }] }],
      },
    ]),
    [],
  );
});

test('a definition has info, parameters, permissions and optional notes, nothing else', () => {
  const def = { info: info(), parameters: [], note: 'x', notes: 1 };
  assert.deepEqual(checkDefinition(def as unknown as TemplateDefinition), [
    { path: 'note', message: 'is not part of a template definition; its keys are info, parameters, permissions, notes' },
    { path: 'permissions', message: 'is missing; write the permission settings ({} when the code needs none)' },
    { path: 'notes', message: 'write the notes as a string' },
  ]);
});

// ----- info -----

test('info: a CLIENT template must be a server template', () => {
  assert.deepEqual(problems([], { type: 'CLIENT' }), [
    {
      path: 'info.type',
      message: "a CLIENT template exists only in server containers; set context to 'SERVER', or use 'TAG'",
    },
  ]);
});

test('info: type and context must be GTM values', () => {
  assert.deepEqual(problems([], { type: 'VARIABLE', context: 'APP' }), [
    { path: 'info.type', message: '"VARIABLE" is not a template type; write one of TAG, MACRO, CLIENT' },
    { path: 'info.context', message: '"APP" is not a container context; write one of WEB, SERVER' },
  ]);
});

test('info: displayName, description and brand are required', () => {
  assert.deepEqual(problems([], { displayName: '', description: undefined, brand: { displayName: 'Pipes' } }), [
    { path: 'info.displayName', message: 'is empty; write the name GTM shows in its template list' },
    { path: 'info.description', message: "is missing; write what the template does ('' is allowed)" },
    { path: 'info.brand.id', message: "is empty; write 'brand_dummy' or 'github.com_<owner>'" },
  ]);
});

test('info: categories must be Gallery categories, each once', () => {
  const [first, second] = problems([], { categories: ['ANALYTICS', 'TRACKING', 'ANALYTICS'] });
  assert.equal(first?.path, 'info.categories[1]');
  assert.match(first!.message, /^"TRACKING" is not a Gallery category; write one of ADVERTISING, AFFILIATE_MARKETING, /);
  assert.deepEqual(second, { path: 'info.categories[2]', message: '"ANALYTICS" is listed twice; remove one' });
});

test('info: the thumbnail is a relative PNG path that exists', () => {
  assert.deepEqual(problems([], { brand: { id: 'b', displayName: 'B', thumbnail: 'logo.svg' } }), [
    {
      path: 'info.brand.thumbnail',
      message: `"logo.svg" is not a PNG path; write a path such as 'thumbnail.png', relative to the template folder`,
    },
  ]);
  const opts = { fileExists: (p: string) => p === 'thumbnail.png' };
  assert.deepEqual(problems([], { brand: { id: 'b', displayName: 'B', thumbnail: 'thumbnail.png' } }, opts), []);
  assert.deepEqual(problems([], { brand: { id: 'b', displayName: 'B', thumbnail: 'logo.png' } }, opts), [
    { path: 'info.brand.thumbnail', message: 'no file logo.png in the template folder; add the PNG or fix the path' },
  ]);
});

// ----- structure -----

test('a field has a known type and only keys GTM knows for that type', () => {
  assert.deepEqual(problems([{ type: 'PARAGRAPH', name: 'p' }, text('t', { helpp: 'x' })]), [
    {
      path: 'parameters[0]',
      message: '"PARAGRAPH" is not a field type; write an object with type TEXT, SELECT, CHECKBOX, RADIO, SIMPLE_TABLE, PARAM_TABLE, GROUP, LABEL',
    },
    {
      path: 'parameters[1] (name "t")',
      message:
        "GTM has no key 'helpp' on a TEXT field; known keys: type, name, displayName, simpleValueType, canBeEmptyString, lineCount, textAsList, notSetText, valueUnit, valueHint, defaultValue, help, enablingConditions, valueValidators, alwaysInSummary, clearOnCopy",
    },
  ]);
});

test('required keys of each field type are present', () => {
  assert.deepEqual(
    problems([
      { type: 'TEXT' },
      { type: 'CHECKBOX', name: 'c' },
      { type: 'GROUP', name: 'g', groupStyle: 'FOLDED' },
      { type: 'LABEL', name: 'l' },
      { type: 'PARAM_TABLE', name: 'p', paramTableColumns: [] },
    ]),
    [
      { path: 'parameters[0]', message: 'has no name; write the key this field has in data' },
      { path: 'parameters[1] (name "c")', message: 'has no checkboxText; write the label shown next to the box' },
      {
        path: 'parameters[2] (name "g")',
        message: 'groupStyle "FOLDED" is not a group style; write one of NO_ZIPPY, ZIPPY_OPEN, ZIPPY_CLOSED, ZIPPY_OPEN_ON_PARAM',
      },
      { path: 'parameters[2] (name "g")', message: 'has no subParams; write the array of fields it groups' },
      { path: 'parameters[3] (name "l")', message: 'has no displayName; write the text the label shows' },
      { path: 'parameters[4] (name "p")', message: 'has no paramTableColumns; write at least one { param }' },
    ],
  );
});

test('a TEXT field has a whole number of lines and a text default', () => {
  assert.deepEqual(problems([text('t', { lineCount: 0, defaultValue: true })]), [
    { path: 'parameters[0] (name "t")', message: 'lineCount 0 is not a number of lines; write a whole number from 1' },
    { path: 'parameters[0] (name "t")', message: 'defaultValue true does not fit a TEXT field; write a string' },
  ]);
});

// ----- names -----

test('names are unique across the form, nesting included', () => {
  assert.deepEqual(
    problems([
      text('bucket'),
      { type: 'GROUP', name: 'g', groupStyle: 'NO_ZIPPY', subParams: [checkbox('c', { subParams: [text('bucket')] })] },
    ]),
    [
      {
        path: 'parameters[1].subParams[0].subParams[0] (name "bucket")',
        message: 'the name "bucket" is already used by parameters[0]; names must be unique across the whole form, nesting included',
      },
    ],
  );
});

test('groups and labels share the namespace; radio item fields are part of the form', () => {
  assert.deepEqual(
    problems([
      { type: 'LABEL', name: 'x', displayName: 'X' },
      { type: 'RADIO', name: 'r', radioItems: [{ value: 1, displayValue: 'one', subParams: [text('x')] }] },
    ]),
    [
      {
        path: 'parameters[1].radioItems[0].subParams[0] (name "x")',
        message: 'the name "x" is already used by parameters[0]; names must be unique across the whole form, nesting included',
      },
    ],
  );
});

test('a PARAM_TABLE column name is unique within its table only', () => {
  assert.deepEqual(
    problems([
      text('a'),
      { type: 'PARAM_TABLE', name: 'p', paramTableColumns: [{ param: text('a') }, { param: checkbox('a') }] },
    ]),
    [
      {
        path: 'parameters[1].paramTableColumns[1].param (name "a")',
        message: 'the name "a" is already used by parameters[1].paramTableColumns[0].param; names must be unique within a table',
      },
    ],
  );
});

test('a SIMPLE_TABLE column name is unique within its table', () => {
  assert.deepEqual(
    problems([{ type: 'SIMPLE_TABLE', name: 't', simpleTableColumns: [{ type: 'TEXT', name: 'k' }, { type: 'TEXT', name: 'k' }] }]),
    [{ path: 'parameters[0].simpleTableColumns[1] (column "k")', message: 'the column name "k" is used twice in this table; rename one' }],
  );
});

test('a tag cannot name a field like the keys GTM puts in its data', () => {
  assert.deepEqual(problems([text('gtmOnSuccess')]), [
    { path: 'parameters[0] (name "gtmOnSuccess")', message: `"gtmOnSuccess" is a key GTM itself puts in a tag's data; choose another name` },
  ]);
  assert.deepEqual(problems([text('gtmOnSuccess')], { type: 'MACRO' }), []);
});

// ----- tables -----

test('table columns: kinds, keys and subParams', () => {
  assert.deepEqual(
    problems([
      { type: 'SIMPLE_TABLE', name: 't', simpleTableColumns: [{ type: 'CHECKBOX', name: 'c' }, { type: 'TEXT', name: 'k', hint: 'x' }] },
      { type: 'PARAM_TABLE', name: 'p', paramTableColumns: [{ param: { type: 'RADIO', name: 'r', radioItems: [{ value: 1, displayValue: '1' }] } }, { param: select('s', ['a'], { subParams: [] }) }] },
    ]),
    [
      { path: 'parameters[0].simpleTableColumns[0] (column "c")', message: `"CHECKBOX" is not a column type; write 'TEXT' or 'SELECT'` },
      {
        path: 'parameters[0].simpleTableColumns[1] (column "k")',
        message: "GTM has no key 'hint' on a table column; known keys: defaultValue, displayName, name, type, selectItems, valueHint, isUnique, valueValidators",
      },
      { path: 'parameters[1].paramTableColumns[0].param (name "r")', message: 'a RADIO field cannot be a table column; use TEXT, SELECT, CHECKBOX' },
      { path: 'parameters[1].paramTableColumns[1].param (name "s")', message: 'a table column cannot have subParams; move them out of the table' },
    ],
  );
});

test('a SIMPLE_TABLE needs columns', () => {
  assert.deepEqual(problems([{ type: 'SIMPLE_TABLE', name: 't', simpleTableColumns: [] }]), [
    { path: 'parameters[0].simpleTableColumns', message: "is empty; write at least one column { type: 'TEXT', name }" },
  ]);
});

// ----- items and defaults -----

test('SELECT and RADIO need items with distinct values; a SELECT with variables may have none', () => {
  assert.deepEqual(
    problems([
      select('s', []),
      select('v', [], { macrosInSelect: true }),
      { type: 'RADIO', name: 'r', radioItems: [{ value: 'a', displayValue: 'A' }, { value: 'a', displayValue: 'Again' }, { value: null, displayValue: 'N' }] },
    ]),
    [
      {
        path: 'parameters[0].selectItems (name "s")',
        message: 'needs at least one { value, displayValue } item (or set macrosInSelect: true to offer only variables)',
      },
      { path: 'parameters[2].radioItems[1] (name "r")', message: 'the value "a" is used by an earlier item; give each item its own value' },
      {
        path: 'parameters[2].radioItems[2] (name "r")',
        message: 'write { value, displayValue } with a string, number or boolean value and a string displayValue',
      },
    ],
  );
});

test('SELECT, RADIO and select-column defaults are among the items; a CHECKBOX default is a boolean', () => {
  assert.deepEqual(
    problems([
      select('s', [200, 301], { defaultValue: '200' }),
      select('v', ['a'], { macrosInSelect: true, defaultValue: '{{Page Path}}' }),
      { type: 'RADIO', name: 'r', radioItems: [{ value: 'a', displayValue: 'A' }], defaultValue: 'b' },
      checkbox('c', { defaultValue: 'true' }),
      { type: 'SIMPLE_TABLE', name: 't', simpleTableColumns: [{ type: 'SELECT', name: 'k', selectItems: [{ value: 'x', displayValue: 'X' }], defaultValue: 'y' }] },
    ]),
    [
      { path: 'parameters[0] (name "s")', message: 'defaultValue "200" is not one of the items; write one of 200, 301' },
      { path: 'parameters[2] (name "r")', message: 'defaultValue "b" is not one of the items; write one of "a"' },
      { path: 'parameters[3] (name "c")', message: 'defaultValue "true" does not fit a CHECKBOX; write true or false' },
      { path: 'parameters[4].simpleTableColumns[0] (column "k")', message: 'defaultValue "y" is not one of the items; write one of "x"' },
    ],
  );
});

// ----- validators -----

test('validators fit the kind of field', () => {
  assert.deepEqual(
    problems([
      checkbox('c', { valueValidators: [{ type: 'POSITIVE_NUMBER' }] }),
      { type: 'SIMPLE_TABLE', name: 't', simpleTableColumns: [{ type: 'TEXT', name: 'k' }], valueValidators: [{ type: 'REGEX', args: ['x'] }] },
      text('s', { valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [1] }] }),
      text('u', { valueValidators: [{ type: 'NOT_BLANK' }] }),
    ]),
    [
      {
        path: 'parameters[0] (name "c")',
        message:
          "GTM has no key 'valueValidators' on a CHECKBOX field; known keys: type, name, checkboxText, simpleValueType, help, defaultValue, subParams, enablingConditions, alwaysInSummary, clearOnCopy",
      },
      {
        path: 'parameters[1].valueValidators[0] (name "t")',
        message: 'a REGEX validator does not apply to a SIMPLE_TABLE field; use NON_EMPTY, TABLE_ROW_COUNT',
      },
      {
        path: 'parameters[2].valueValidators[0] (name "s")',
        message: 'TABLE_ROW_COUNT counts the lines of a list; set textAsList: true on the field, or use STRING_LENGTH',
      },
      {
        path: 'parameters[3].valueValidators[0] (name "u")',
        message:
          '"NOT_BLANK" is not a validator; write one of NON_EMPTY, NUMBER, POSITIVE_NUMBER, NON_NEGATIVE_NUMBER, GA_TRACKING_ID, STRING_LENGTH, REGEX, TABLE_ROW_COUNT',
      },
    ],
  );
});

test('validators on table columns fit the column kind', () => {
  assert.deepEqual(
    problems([
      {
        type: 'SIMPLE_TABLE',
        name: 't',
        simpleTableColumns: [{ type: 'SELECT', name: 'k', selectItems: [{ value: 'a', displayValue: 'A' }], valueValidators: [{ type: 'NUMBER' }] }],
      },
    ]),
    [{ path: 'parameters[0].simpleTableColumns[0].valueValidators[0] (column "k")', message: 'a NUMBER validator does not apply to a SELECT column; use NON_EMPTY, REGEX' }],
  );
});

test('validator arguments have the shape GTM expects', () => {
  assert.deepEqual(
    problems([
      text('a', {
        valueValidators: [
          { type: 'NON_EMPTY', args: [1] },
          { type: 'STRING_LENGTH', args: [5] },
          { type: 'STRING_LENGTH', args: [10, 2] },
          { type: 'REGEX', args: ['^(unclosed'] },
          { type: 'REGEX' },
        ],
      }),
      { type: 'SIMPLE_TABLE', name: 't', simpleTableColumns: [{ type: 'TEXT', name: 'k' }], valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [-1] }] },
    ]),
    [
      { path: 'parameters[0].valueValidators[0] (name "a")', message: 'NON_EMPTY takes no args; remove them' },
      { path: 'parameters[0].valueValidators[1] (name "a")', message: 'STRING_LENGTH needs args [min, max] of whole numbers from 0; got [5]' },
      { path: 'parameters[0].valueValidators[2] (name "a")', message: 'STRING_LENGTH min 10 is more than max 2; swap them' },
      {
        path: 'parameters[0].valueValidators[3] (name "a")',
        message: 'REGEX pattern "^(unclosed" is not a valid regular expression (Invalid regular expression: /^(unclosed/: Unterminated group); fix the pattern',
      },
      { path: 'parameters[0].valueValidators[4] (name "a")', message: 'REGEX needs args [pattern]; got undefined' },
      { path: 'parameters[1].valueValidators[0] (name "t")', message: 'TABLE_ROW_COUNT needs args [min[, max]] of whole numbers from 0; got [-1]' },
    ],
  );
});

// ----- enabling conditions -----

test('enabling conditions name an existing field that has a value, other than the field itself', () => {
  assert.deepEqual(
    problems([
      { type: 'GROUP', name: 'g', groupStyle: 'NO_ZIPPY', subParams: [checkbox('on')] },
      text('a', { enablingConditions: [{ paramName: 'of', paramValue: true, type: 'EQUALS' }] }),
      text('b', { enablingConditions: [{ paramName: 'g', type: 'PRESENT' }] }),
      text('c', { enablingConditions: [{ paramName: 'c', type: 'PRESENT' }] }),
    ]),
    [
      { path: 'parameters[1].enablingConditions[0] (name "a")', message: 'there is no field named "of" to depend on; name one of "on", "a", "b", "c"' },
      { path: 'parameters[2].enablingConditions[0] (name "b")', message: 'there is no field named "g" to depend on; name one of "on", "a", "b", "c"' },
      { path: 'parameters[3].enablingConditions[0] (name "c")', message: 'a field cannot depend on itself; name another field' },
    ],
  );
});

test('enabling conditions compare with values the field can hold', () => {
  assert.deepEqual(
    problems([
      checkbox('on'),
      select('status', [200, 301]),
      select('free', ['a'], { macrosInSelect: true }),
      { type: 'RADIO', name: 'mode', radioItems: [{ value: 'fast', displayValue: 'Fast' }] },
      text('a', { enablingConditions: [{ paramName: 'on', paramValue: 'true', type: 'EQUALS' }] }),
      text('b', { enablingConditions: [{ paramName: 'status', paramValue: '200', type: 'NOT_EQUALS' }] }),
      text('c', { enablingConditions: [{ paramName: 'mode', paramValue: 'slow', type: 'EQUALS' }] }),
      text('d', { enablingConditions: [{ paramName: 'free', paramValue: '{{anything}}', type: 'EQUALS' }] }),
    ]),
    [
      { path: 'parameters[4].enablingConditions[0] (name "a")', message: '"on" is a CHECKBOX; compare it with true or false, not "true"' },
      { path: 'parameters[5].enablingConditions[0] (name "b")', message: '"status" has no item with the value "200"; compare with one of 200, 301' },
      { path: 'parameters[6].enablingConditions[0] (name "c")', message: '"mode" has no item with the value "slow"; compare with one of "fast"' },
    ],
  );
});

test('enabling conditions have a known type, and a paramValue exactly when they compare', () => {
  assert.deepEqual(
    problems([
      text('t'),
      text('a', { enablingConditions: [{ paramName: 't', paramValue: 'x', type: 'CONTAINS' }] }),
      text('b', { enablingConditions: [{ paramName: 't', type: 'EQUALS' }] }),
      text('c', { enablingConditions: [{ paramName: 't', paramValue: 'x', type: 'PRESENT' }] }),
      text('d', { enablingConditions: [{ paramName: 't', paramValue: '', type: 'NOT_PRESENT' }] }),
    ]),
    [
      { path: 'parameters[1].enablingConditions[0] (name "a")', message: '"CONTAINS" is not a condition type; write one of EQUALS, NOT_EQUALS, PRESENT, NOT_PRESENT' },
      { path: 'parameters[2].enablingConditions[0] (name "b")', message: 'EQUALS needs a paramValue to compare "t" with' },
      { path: 'parameters[3].enablingConditions[0] (name "c")', message: 'PRESENT compares no value; remove paramValue' },
    ],
  );
});

test('conditions of validators are checked too, and may name their own field', () => {
  assert.deepEqual(
    problems([
      text('a', {
        valueValidators: [
          { type: 'NON_EMPTY', enablingConditions: [{ paramName: 'a', type: 'PRESENT' }] },
          { type: 'REGEX', args: ['.*'], enablingConditions: [{ paramName: 'zz', type: 'PRESENT' }] },
        ],
      }),
    ]),
    [{ path: 'parameters[0].valueValidators[1].enablingConditions[0] (name "a")', message: 'there is no field named "zz" to depend on; name one of "a"' }],
  );
});

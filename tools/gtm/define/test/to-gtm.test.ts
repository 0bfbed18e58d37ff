// The exact JSON GTM would export for each kind of field. The comparison is on JSON text (2-space indent, as
// in exports), so key order counts. The definitions below list their keys in a scrambled order on purpose.
// Key orders were read in real exports through the code index; each test names the export it follows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { infoJson, parametersJson } from '../to-gtm.ts';
import type { Parameter, TemplateDefinition } from '../types.ts';

const brand = { id: 'brand_dummy', displayName: 'Pipes' };
const webTag = { type: 'TAG', context: 'WEB', displayName: 'Pipes', description: 'Sends events.', brand } as const;

const json = (value: unknown) => JSON.stringify(value, null, 2);
const gtm = (parameter: Parameter) =>
  json(parametersJson({ info: webTag, parameters: [parameter], permissions: {} } as TemplateDefinition)[0]);

test('INFO: fixed keys first, categories after displayName, the thumbnail as given (stape-io/data-tag)', () => {
  const def: TemplateDefinition = {
    info: { ...webTag, categories: ['ANALYTICS', 'DATA_WAREHOUSING'], brand: { thumbnail: 'thumbnail.png', ...brand } },
    parameters: [],
    permissions: {},
  };
  assert.equal(
    json(infoJson(def, 'data:image/png;base64,iVBORw0KGgo=')),
    `{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Pipes",
  "categories": [
    "ANALYTICS",
    "DATA_WAREHOUSING"
  ],
  "brand": {
    "id": "brand_dummy",
    "displayName": "Pipes",
    "thumbnail": "data:image/png;base64,iVBORw0KGgo="
  },
  "description": "Sends events.",
  "containerContexts": [
    "WEB"
  ]
}`,
  );
});

test('INFO: without categories or thumbnail those keys are absent (stape-io/data-client, a CLIENT)', () => {
  const def: TemplateDefinition = {
    info: { description: '', brand, displayName: 'Pipes Client', context: 'SERVER', type: 'CLIENT' },
    parameters: [],
    permissions: {},
  };
  assert.equal(
    json(infoJson(def)),
    `{
  "type": "CLIENT",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Pipes Client",
  "brand": {
    "id": "brand_dummy",
    "displayName": "Pipes"
  },
  "description": "",
  "containerContexts": [
    "SERVER"
  ]
}`,
  );
});

test('INFO: a thumbnail path without its data URL is a programming error', () => {
  const def = { info: { ...webTag, brand: { ...brand, thumbnail: 'logo.png' } }, parameters: [], permissions: {} };
  assert.throws(() => infoJson(def as TemplateDefinition), /names the thumbnail logo\.png; pass its data URL/);
});

test('TEXT: simpleValueType after the head, then the options, validators after help (stape-io/data-tag)', () => {
  assert.equal(
    gtm({
      valueValidators: [{ errorMessage: 'Start with /', args: ['^/.*'], type: 'REGEX' }, { type: 'NON_EMPTY' }],
      alwaysInSummary: true,
      help: 'Where events go.',
      defaultValue: '/p/collect',
      valueHint: '/p/collect',
      displayName: 'Path',
      name: 'path',
      type: 'TEXT',
    }),
    `{
  "type": "TEXT",
  "name": "path",
  "displayName": "Path",
  "simpleValueType": true,
  "valueHint": "/p/collect",
  "defaultValue": "/p/collect",
  "help": "Where events go.",
  "valueValidators": [
    {
      "type": "REGEX",
      "args": [
        "^/.*"
      ],
      "errorMessage": "Start with /"
    },
    {
      "type": "NON_EMPTY"
    }
  ],
  "alwaysInSummary": true
}`,
  );
});

test('TEXT: list and text-area options in the order exports show them', () => {
  // canBeEmptyString, lineCount, textAsList, valueHint: a bot-detection variable export;
  // notSetText before valueHint: a Firestore client export; valueUnit before defaultValue: a consent-mode export;
  // enablingConditions before valueValidators: stape-io/data-client (redirectToQueryParamName).
  assert.equal(
    gtm({
      type: 'TEXT',
      name: 'hosts',
      enablingConditions: [{ type: 'EQUALS', paramValue: true, paramName: 'restrict' }],
      valueUnit: 'hosts',
      textAsList: true,
      notSetText: 'Any host',
      lineCount: 5,
      canBeEmptyString: true,
      valueValidators: [{ type: 'TABLE_ROW_COUNT', args: [1, 20] }],
      clearOnCopy: true,
    }),
    `{
  "type": "TEXT",
  "name": "hosts",
  "simpleValueType": true,
  "canBeEmptyString": true,
  "lineCount": 5,
  "textAsList": true,
  "notSetText": "Any host",
  "valueUnit": "hosts",
  "enablingConditions": [
    {
      "paramName": "restrict",
      "paramValue": true,
      "type": "EQUALS"
    }
  ],
  "valueValidators": [
    {
      "type": "TABLE_ROW_COUNT",
      "args": [
        1,
        20
      ]
    }
  ],
  "clearOnCopy": true
}`,
  );
});

test('SELECT: macrosInSelect (written even when off) before selectItems, numeric values kept (stape-io/data-client, data-tag)', () => {
  assert.equal(
    gtm({
      defaultValue: 200,
      selectItems: [
        { displayValue: '200', value: 200 },
        { displayValue: '302', value: 302 },
      ],
      subParams: [{ name: 'location', type: 'TEXT' }],
      name: 'status',
      displayName: 'Response status',
      type: 'SELECT',
    }),
    `{
  "type": "SELECT",
  "name": "status",
  "displayName": "Response status",
  "macrosInSelect": false,
  "selectItems": [
    {
      "value": 200,
      "displayValue": "200"
    },
    {
      "value": 302,
      "displayValue": "302"
    }
  ],
  "simpleValueType": true,
  "defaultValue": 200,
  "subParams": [
    {
      "type": "TEXT",
      "name": "location",
      "simpleValueType": true
    }
  ]
}`,
  );
});

test('CHECKBOX: checkboxText instead of displayName, help before defaultValue (stape-io/data-client)', () => {
  assert.equal(
    gtm({ defaultValue: false, help: 'Write the cookie as HttpOnly.', checkboxText: 'HttpOnly', name: 'httpOnly', type: 'CHECKBOX' }),
    `{
  "type": "CHECKBOX",
  "name": "httpOnly",
  "checkboxText": "HttpOnly",
  "simpleValueType": true,
  "help": "Write the cookie as HttpOnly.",
  "defaultValue": false
}`,
  );
});

test('RADIO: radioItems before simpleValueType, items as value, displayValue, subParams (stape-io/data-tag)', () => {
  assert.equal(
    gtm({
      type: 'RADIO',
      name: 'eventType',
      displayName: 'Event Name',
      radioItems: [
        { subParams: [{ type: 'TEXT', name: 'customName' }], displayValue: 'Custom', value: 'custom' },
        { value: 'standard', displayValue: 'Standard' },
      ],
      defaultValue: 'standard',
    }),
    `{
  "type": "RADIO",
  "name": "eventType",
  "displayName": "Event Name",
  "radioItems": [
    {
      "value": "custom",
      "displayValue": "Custom",
      "subParams": [
        {
          "type": "TEXT",
          "name": "customName",
          "simpleValueType": true
        }
      ]
    },
    {
      "value": "standard",
      "displayValue": "Standard"
    }
  ],
  "simpleValueType": true,
  "defaultValue": "standard"
}`,
  );
});

test('SIMPLE_TABLE: no simpleValueType; columns always carry defaultValue and displayName (stape-io/data-client, data-tag)', () => {
  assert.equal(
    gtm({
      help: 'Headers to keep.',
      newRowButtonText: 'Add header',
      simpleTableColumns: [
        { valueValidators: [{ type: 'NON_EMPTY' }], isUnique: true, valueHint: 'x-custom', name: 'header', type: 'TEXT' },
        { selectItems: [{ value: 'keep', displayValue: 'Keep' }], defaultValue: 'keep', displayName: 'Action', name: 'action', type: 'SELECT' },
      ],
      name: 'headers',
      type: 'SIMPLE_TABLE',
    }),
    `{
  "type": "SIMPLE_TABLE",
  "name": "headers",
  "simpleTableColumns": [
    {
      "defaultValue": "",
      "displayName": "",
      "name": "header",
      "type": "TEXT",
      "valueHint": "x-custom",
      "isUnique": true,
      "valueValidators": [
        {
          "type": "NON_EMPTY"
        }
      ]
    },
    {
      "defaultValue": "keep",
      "displayName": "Action",
      "name": "action",
      "type": "SELECT",
      "selectItems": [
        {
          "value": "keep",
          "displayValue": "Keep"
        }
      ]
    }
  ],
  "newRowButtonText": "Add header",
  "help": "Headers to keep."
}`,
  );
});

test('PARAM_TABLE: columns as {param, isUnique} with isUnique always written, then the row dialog texts (Plausible and consent-mode exports)', () => {
  assert.equal(
    gtm({
      editRowTitle: 'Edit rule',
      newRowTitle: 'New rule',
      newRowButtonText: 'Add rule',
      paramTableColumns: [
        { isUnique: true, param: { type: 'TEXT', name: 'pattern', displayName: 'Pattern' } },
        { param: { type: 'CHECKBOX', name: 'enabled', checkboxText: 'Enabled' } },
      ],
      displayName: 'Rules',
      name: 'rules',
      type: 'PARAM_TABLE',
    }),
    `{
  "type": "PARAM_TABLE",
  "name": "rules",
  "displayName": "Rules",
  "paramTableColumns": [
    {
      "param": {
        "type": "TEXT",
        "name": "pattern",
        "displayName": "Pattern",
        "simpleValueType": true
      },
      "isUnique": true
    },
    {
      "param": {
        "type": "CHECKBOX",
        "name": "enabled",
        "checkboxText": "Enabled",
        "simpleValueType": true
      },
      "isUnique": false
    }
  ],
  "newRowButtonText": "Add rule",
  "newRowTitle": "New rule",
  "editRowTitle": "Edit rule"
}`,
  );
});

test('GROUP: groupStyle and subParams, conditions last; PRESENT conditions carry an empty paramValue (stape-io/data-client)', () => {
  assert.equal(
    gtm({
      enablingConditions: [{ type: 'PRESENT', paramName: 'bucket' }],
      subParams: [{ type: 'LABEL', name: 'note', displayName: 'Optional.' }],
      groupStyle: 'ZIPPY_CLOSED',
      displayName: 'Advanced',
      name: 'advanced',
      type: 'GROUP',
    }),
    `{
  "type": "GROUP",
  "name": "advanced",
  "displayName": "Advanced",
  "groupStyle": "ZIPPY_CLOSED",
  "subParams": [
    {
      "type": "LABEL",
      "name": "note",
      "displayName": "Optional."
    }
  ],
  "enablingConditions": [
    {
      "paramName": "bucket",
      "paramValue": "",
      "type": "PRESENT"
    }
  ]
}`,
  );
});

test('validators: type, args, errorMessage, then their own enabling conditions', () => {
  assert.equal(
    gtm({
      type: 'TEXT',
      name: 'ratio',
      valueValidators: [
        { enablingConditions: [{ paramName: 'ratio', type: 'PRESENT' }], errorMessage: 'A number', type: 'NUMBER' },
      ],
    }),
    `{
  "type": "TEXT",
  "name": "ratio",
  "simpleValueType": true,
  "valueValidators": [
    {
      "type": "NUMBER",
      "errorMessage": "A number",
      "enablingConditions": [
        {
          "paramName": "ratio",
          "paramValue": "",
          "type": "PRESENT"
        }
      ]
    }
  ]
}`,
  );
});

test('the output shares nothing with the definition or with other outputs', () => {
  const def: TemplateDefinition = { info: webTag, parameters: [], permissions: {} };
  const first = infoJson(def);
  (first.securityGroups as unknown[]).push('x');
  assert.deepEqual(infoJson(def).securityGroups, []);
});

// Reading a GTM container export: parameters in template data shape, the triggers and variables the runnable tags
// use, tags of other types skipped with a reason, and errors that say what to write instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerExportError, exportSpelling, parameterValue, readContainerExport } from '../export.ts';
import { pipesExport } from './fixtures/export.ts';

const TPL = readFileSync(join(import.meta.dirname, '..', '..', '..', 'gtm-web-template', 'template.tpl'), 'utf8');

test('parameters become template data: TEMPLATE text, BOOLEAN, INTEGER, LIST of MAP rows', () => {
  assert.equal(parameterValue({ type: 'TEMPLATE', key: 'a', value: '{{X}}' }), '{{X}}');
  assert.equal(parameterValue({ type: 'BOOLEAN', key: 'a', value: 'false' }), false);
  assert.equal(parameterValue({ type: 'template', key: 'a', value: 'lower-case API spelling' }), 'lower-case API spelling');
  assert.equal(parameterValue({ type: 'INTEGER', key: 'a', value: '2' }), 2);
  assert.deepEqual(parameterValue({ type: 'LIST', key: 'rows', list: [{ type: 'MAP', map: [{ type: 'TEMPLATE', key: 'name', value: 'plan' }, { type: 'BOOLEAN', key: 'on', value: 'true' }] }] }), [{ name: 'plan', on: true }]);
  assert.equal(exportSpelling('customEvent'), 'CUSTOM_EVENT');
  assert.equal(exportSpelling('matchRegex'), 'MATCH_REGEX');
  assert.equal(exportSpelling('PAGEVIEW'), 'PAGEVIEW');
});

test('the export becomes the configuration of its Pipes tags, with only the triggers and variables they use', () => {
  const config = readContainerExport(pipesExport('https://sgtm.example.com'), { templates: { '1': TPL } });
  assert.equal(config.containerId, 'GTM-TEST1');
  assert.deepEqual(Object.keys(config.templates), ['1']);
  assert.equal(config.templates['1']!.templateType, 'TAG');
  assert.deepEqual(config.tags.map((t) => [t.id, t.template, t.firingTriggerIds]), [['10', '1', ['2147479553']], ['11', '1', ['20']]]);
  assert.deepEqual(config.tags[1]!.data['properties'], [{ name: 'plan', value: '{{DLV - plan}}' }, { name: 'campaign', value: '{{URL - utm_campaign}}' }]);
  assert.equal(config.tags[1]!.data['debug'], true);
  assert.deepEqual(config.triggers, [{ id: '20', name: 'CE - signup', type: 'CUSTOM_EVENT', eventConditions: [{ operator: 'EQUALS', arg0: '{{_event}}', arg1: 'signup', negate: false, ignoreCase: false }], conditions: [] }]);
  assert.deepEqual(config.variables, [
    { name: 'Pipes sGTM URL', type: 'c', value: 'https://sgtm.example.com' },
    { name: 'DLV - plan', type: 'v', key: 'plan', version: 2 },
    { name: 'URL - utm_campaign', type: 'u', component: 'QUERY', stripWww: false, queryKey: 'utm_campaign' },
  ]);
  assert.deepEqual(config.skipped, ['tag "GA4 event" has built-in type gaawe; the local container runs custom templates only']);
});

test("a template's text is found by templateId, by name, or in the export's templateData", () => {
  const byName = readContainerExport(pipesExport('https://s.example.com'), { templates: { Pipes: TPL } });
  assert.deepEqual(Object.keys(byName.templates), ['Pipes']);
  const exported = pipesExport('https://s.example.com');
  exported.containerVersion.customTemplate[0]!.templateData = TPL;
  assert.deepEqual(Object.keys(readContainerExport(exported).templates), ['cvt_1234567_1']);
  assert.throws(() => readContainerExport(pipesExport('https://s.example.com')), /uses cvt_1234567_1, but no template text was given for it: pass templates: \{ '1': tplText \}/);
});

test('exports the runtime cannot run are refused with what to change', () => {
  assert.throws(() => readContainerExport({ exportFormatVersion: 2 }), ContainerExportError);
  const unknownVariable = pipesExport('https://s.example.com');
  unknownVariable.containerVersion.variable.splice(1, 1);
  assert.throws(() => readContainerExport(unknownVariable, { templates: { '1': TPL } }), /tag "Pipes – Signup" references \{\{DLV - plan\}\}, which is neither a variable/);
  const timer = pipesExport('https://s.example.com');
  timer.containerVersion.trigger[0]!.type = 'TIMER';
  assert.throws(() => readContainerExport(timer, { templates: { '1': TPL } }), /trigger "CE - signup" has type TIMER; the local container runs/);
  const missing = pipesExport('https://s.example.com');
  missing.containerVersion.trigger.length = 0;
  assert.throws(() => readContainerExport(missing, { templates: { '1': TPL } }), /fires on trigger 20, which the export does not hold/);
});

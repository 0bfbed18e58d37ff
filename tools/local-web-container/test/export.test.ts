// Reading a GTM container export: parameters in template data shape, the triggers and variables the runnable tags
// use, tags of other types skipped with a reason, and errors that say what to write instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerExportError, exportSpelling, parameterValue, readContainerExport } from '../export.ts';
import { formExport, linkExport, pipesExport, variablesExport } from './fixtures/export.ts';

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

test('the export becomes the configuration of its Pipes tags, with only the triggers and variables they use; text-as-list fields become lists', () => {
  const config = readContainerExport(pipesExport('https://sgtm.example.com'), { templates: { '1': TPL } });
  assert.equal(config.containerId, 'GTM-TEST1');
  assert.equal(config.containerVersion, '0');
  assert.deepEqual(Object.keys(config.templates), ['1']);
  assert.equal(config.templates['1']!.templateType, 'TAG');
  assert.deepEqual(config.tags.map((t) => [t.id, t.template, t.firingTriggerIds]), [['10', '1', ['2147479553']], ['11', '1', ['20']]]);
  assert.deepEqual(config.tags[1]!.data['properties'], [{ name: 'plan', value: '{{DLV - plan}}' }, { name: 'campaign', value: '{{URL - utm_campaign}}' }]);
  assert.equal(config.tags[1]!.data['debug'], true);
  assert.deepEqual(config.tags[1]!.data['allowQuery'], ['utm_*', 'ref'], 'the template declares allowQuery a text-as-list field');
  assert.equal(config.tags[1]!.data['scriptPath'], '/p/pipes.js');
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
  const scroll = pipesExport('https://s.example.com');
  scroll.containerVersion.trigger[0]!.type = 'SCROLL_DEPTH';
  assert.throws(() => readContainerExport(scroll, { templates: { '1': TPL } }), /trigger "CE - signup" has type SCROLL_DEPTH; the local container runs CONSENT_INIT, INIT, PAGEVIEW, .*FORM_SUBMISSION, CUSTOM_EVENT, TIMER triggers/);
  const timer = pipesExport('https://s.example.com');
  timer.containerVersion.trigger[0]!.type = 'TIMER';
  assert.throws(() => readContainerExport(timer, { templates: { '1': TPL } }), /trigger "CE - signup" is a timer without an interval/);
  const customJs = pipesExport('https://s.example.com');
  customJs.containerVersion.variable[1]!.type = 'jsm';
  assert.throws(() => readContainerExport(customJs, { templates: { '1': TPL } }), /references \{\{DLV - plan\}\}: variable "DLV - plan" has type jsm; the local container knows constants \(c\), .* RegEx tables \(remm\)/);
  const visibility = variablesExport('https://s.example.com');
  visibility.containerVersion.variable.find((v) => v.name === 'AEV - data-sku')!.parameter[0]!.value = 'VISIBILITY_RATIO';
  assert.throws(() => readContainerExport(visibility, { templates: { '1': TPL } }), /variable "AEV - data-sku" is an auto-event variable of type VISIBILITY_RATIO; the local container reads ELEMENT, CLASSES/);
  const missing = pipesExport('https://s.example.com');
  missing.containerVersion.trigger.length = 0;
  assert.throws(() => readContainerExport(missing, { templates: { '1': TPL } }), /fires on trigger 20, which the export does not hold/);
});

test('form submission triggers keep Wait for Tags (timeout) and Check Validation from their top-level settings', () => {
  const config = readContainerExport(formExport('https://s.example.com'), { templates: { '1': TPL } });
  const when = (operator: string, arg0: string, arg1: string) => ({ operator, arg0, arg1, negate: false, ignoreCase: false });
  assert.deepEqual(config.triggers, [
    { id: '80', name: 'Form - signup', type: 'FORM_SUBMISSION', eventConditions: [], conditions: [when('MATCH_REGEX', '{{Page URL}}', '.*'), when('EQUALS', '{{Form ID}}', 'signup')], checkValidation: true, waitForTagsMs: 2000 },
    { id: '81', name: 'Form - any attempt', type: 'FORM_SUBMISSION', eventConditions: [], conditions: [] },
  ]);
  assert.deepEqual(config.variables.find((v) => v.name === 'AEV - data-step'), { name: 'AEV - data-step', type: 'aev', varType: 'ATTRIBUTE', attribute: 'data-step' });
  const noTimeout = formExport('https://s.example.com');
  delete (noTimeout.containerVersion.trigger[0] as Record<string, unknown>)['waitForTagsTimeout'];
  assert.equal(readContainerExport(noTimeout, { templates: { '1': TPL } }).triggers[0]!.waitForTagsMs, 2000, "GTM's default timeout");
});

test("link click triggers keep Wait for Tags and Check Validation; left out, both are on, as gtm.js's link listener takes them", () => {
  const config = readContainerExport(linkExport('https://s.example.com'), { templates: { '1': TPL } });
  assert.deepEqual(config.triggers.map((t) => [t.id, t.type, t.waitForTagsMs, t.checkValidation]), [['82', 'LINK_CLICK', 2000, true], ['83', 'LINK_CLICK', undefined, undefined]]);
  const unset = linkExport('https://s.example.com');
  for (const trigger of unset.containerVersion.trigger as Record<string, unknown>[]) for (const key of ['waitForTags', 'checkValidation', 'waitForTagsTimeout']) delete trigger[key];
  (unset.containerVersion.trigger[0] as Record<string, unknown>)['waitForTagsTimeout'] = { type: 'TEMPLATE', value: '0' };
  assert.deepEqual(readContainerExport(unset, { templates: { '1': TPL } }).triggers.map((t) => [t.waitForTagsMs, t.checkValidation]), [[2000, true], [2000, true]], 'a timeout of 0 is 2000 ms too');
  const form = formExport('https://s.example.com');
  delete (form.containerVersion.trigger[1] as Record<string, unknown>)['waitForTags'];
  assert.equal(readContainerExport(form, { templates: { '1': TPL } }).triggers[1]!.waitForTagsMs, undefined, 'a form trigger leaves them off');
});

test('the built-in initialization triggers need no trigger entry; a timer reads its event name, interval, limit and enabling conditions', () => {
  const config = readContainerExport(variablesExport('https://s.example.com'), { templates: { '1': TPL } });
  assert.deepEqual(config.tags.map((t) => [t.name, t.firingTriggerIds]), [['Pipes – consent_init', ['2147479572']], ['Pipes – init', ['2147479573']], ['Pipes – buy', ['95']], ['Pipes – tick', ['96']]]);
  assert.deepEqual(config.triggers.find((t) => t.type === 'TIMER'), {
    id: '96', name: 'Timer - twice', type: 'TIMER', eventConditions: [], conditions: [],
    timer: { eventName: 'gtm.timer', intervalMs: 50, limit: 2, enabledWhen: [{ operator: 'STARTS_WITH', arg0: '{{Page Path}}', arg1: '/vars/', negate: false, ignoreCase: false }] },
  });
});

test('auto-event, DOM element, lookup and RegEx table, JavaScript and custom event variables read as exported', () => {
  const config = readContainerExport(variablesExport('https://s.example.com'), { templates: { '1': TPL } });
  const byName = new Map(config.variables.map((v) => [v.name, v]));
  assert.deepEqual(byName.get('AEV - data-missing'), { name: 'AEV - data-missing', type: 'aev', varType: 'ATTRIBUTE', attribute: 'data-missing', defaultValue: 'none' });
  assert.deepEqual(byName.get('LT - plan label'), { name: 'LT - plan label', type: 'smm', input: '{{JS - shop.plan}}', rows: [{ key: 'team', value: 'Team' }, { key: 'pro', value: 'Professional' }], defaultValue: 'Other' });
  assert.deepEqual(byName.get('RT - section'), {
    name: 'RT - section', type: 'remm', input: '{{Page Path}}', rows: [{ key: '^/blog/.*', value: 'blog' }, { key: '/VARS/(\\w+)', value: 'section-$1' }],
    ignoreCase: true, fullMatch: true, replace: true, defaultValue: 'none',
  });
  assert.deepEqual(byName.get('DOM - price'), { name: 'DOM - price', type: 'd', selector: { css: '#price' }, attribute: 'data-amount' });
  assert.deepEqual(byName.get('DOM - headline'), { name: 'DOM - headline', type: 'd', selector: { id: 'headline' } });
  assert.deepEqual(byName.get('JS - shop.plan'), { name: 'JS - shop.plan', type: 'j', path: 'shop.plan' });
  assert.deepEqual(byName.get('Custom Event'), { name: 'Custom Event', type: 'e' });
  // the RegEx table's options off, as exports write them when unticked
  const plain = variablesExport('https://s.example.com');
  for (const p of plain.containerVersion.variable.find((v) => v.name === 'RT - section')!.parameter) if (['fullMatch', 'replaceAfterMatch', 'ignoreCase'].includes(p.key)) p.value = 'false';
  assert.deepEqual(readContainerExport(plain, { templates: { '1': TPL } }).variables.find((v) => v.name === 'RT - section'), { ...byName.get('RT - section')!, ignoreCase: false, fullMatch: false, replace: false });
});

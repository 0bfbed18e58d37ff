// Trigger matching and reference resolution, as the page runtime applies them to each data layer event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionHolds, resolveValue, tagsToFire, triggerFires } from '../runtime/conditions.ts';
import type { Condition, TagConfig, TriggerConfig } from '../runtime/config.ts';

const values: Record<string, unknown> = { _event: 'signup', 'Page Path': '/pricing', plan: 'pro', price: 12, flags: { beta: true } };
const lookup = (name: string) => values[name];
const when = (operator: string, arg0: string, arg1: string, extra: Partial<Condition> = {}): Condition => ({ operator, arg0, arg1, negate: false, ignoreCase: false, ...extra });
const trigger = (id: string, type: TriggerConfig['type'], extra: Partial<TriggerConfig> = {}): TriggerConfig => ({ id, name: id, type, eventConditions: [], conditions: [], ...extra });
const tag = (id: string, firing: string[], blocking: string[] = []): TagConfig => ({ id, name: id, template: 't', data: {}, firingTriggerIds: firing, blockingTriggerIds: blocking, oncePerLoad: false });

test('a value that is one reference keeps the variable’s type; mixed text becomes a string', () => {
  assert.equal(resolveValue('{{price}}', lookup), 12);
  assert.deepEqual(resolveValue('{{flags}}', lookup), { beta: true });
  assert.equal(resolveValue('plan {{plan}} at {{price}}{{missing}}', lookup), 'plan pro at 12');
  assert.deepEqual(resolveValue([{ name: 'plan', value: '{{plan}}' }], lookup), [{ name: 'plan', value: 'pro' }]);
});

test('conditions compare as GTM operators do', () => {
  assert.equal(conditionHolds(when('EQUALS', '{{_event}}', 'signup'), lookup), true);
  assert.equal(conditionHolds(when('EQUALS', '{{_event}}', 'SIGNUP'), lookup), false);
  assert.equal(conditionHolds(when('EQUALS', '{{_event}}', 'SIGNUP', { ignoreCase: true }), lookup), true);
  assert.equal(conditionHolds(when('CONTAINS', '{{Page Path}}', 'pric'), lookup), true);
  assert.equal(conditionHolds(when('STARTS_WITH', '{{Page Path}}', '/pricing', { negate: true }), lookup), false);
  assert.equal(conditionHolds(when('ENDS_WITH', '{{Page Path}}', 'ing'), lookup), true);
  assert.equal(conditionHolds(when('MATCH_REGEX', '{{_event}}', '^sign(up|in)$'), lookup), true);
  assert.equal(conditionHolds(when('GREATER', '{{price}}', '10'), lookup), true);
  assert.equal(conditionHolds(when('LESS', '{{plan}}', '10'), lookup), false, 'not a number');
  assert.equal(conditionHolds(when('CSS_SELECTOR', '{{plan}}', 'a'), lookup, (element, selector) => element === 'pro' && selector === 'a'), true);
});

test('each trigger type fires on its own event; a custom event trigger on its event filter', () => {
  const signup = trigger('ce', 'CUSTOM_EVENT', { eventConditions: [when('EQUALS', '{{_event}}', 'signup')] });
  assert.equal(triggerFires(signup, 'signup', lookup), true);
  assert.equal(triggerFires(signup, 'signup', (n) => (n === '_event' ? 'login' : undefined)), false);
  assert.equal(triggerFires(trigger('dom', 'DOM_READY'), 'gtm.dom', lookup), true);
  assert.equal(triggerFires(trigger('dom', 'DOM_READY'), 'gtm.js', lookup), false);
  assert.equal(triggerFires(trigger('load', 'WINDOW_LOADED'), 'gtm.load', lookup), true);
  assert.equal(triggerFires(trigger('history', 'HISTORY_CHANGE'), 'gtm.historyChange-v2', lookup), true);
  const pricingLinks = trigger('link', 'LINK_CLICK', { conditions: [when('CONTAINS', '{{Page Path}}', 'pricing')] });
  assert.equal(triggerFires(pricingLinks, 'gtm.linkClick', lookup), true);
  assert.equal(triggerFires(pricingLinks, 'gtm.linkClick', (n) => (n === 'Page Path' ? '/home' : undefined)), false);
});

test('tags fire from any firing trigger unless a blocking trigger fires; All Pages is built in', () => {
  const triggers = [trigger('pv', 'PAGEVIEW', { conditions: [when('EQUALS', '{{Page Path}}', '/pricing')] }), trigger('ce', 'CUSTOM_EVENT', { eventConditions: [when('EQUALS', '{{_event}}', 'signup')] })];
  const tags = [tag('all', ['2147479553']), tag('pricing', ['pv']), tag('signup', ['ce']), tag('blocked', ['2147479553'], ['pv'])];
  // the data layer's event is the one being processed
  const at = (event: string, path = '/pricing') => (name: string) => (name === '_event' ? event : name === 'Page Path' ? path : undefined);
  assert.deepEqual(tagsToFire(tags, triggers, 'gtm.js', at('gtm.js')).map((t) => t.id), ['all', 'pricing']);
  assert.deepEqual(tagsToFire(tags, triggers, 'signup', at('signup')).map((t) => t.id), ['signup']);
  assert.deepEqual(tagsToFire(tags, triggers, 'gtm.js', at('gtm.js', '/')).map((t) => t.id), ['all', 'blocked']);
});

test('link click, form submission and timer events fire only the triggers they were pushed for (gtm.triggers); without it, all', () => {
  const link = trigger('82', 'LINK_CLICK');
  const form = trigger('80', 'FORM_SUBMISSION');
  const timer = trigger('96', 'TIMER', { timer: { eventName: 'gtm.timer', intervalMs: 50, enabledWhen: [] } });
  const pushedFor = (ids: string) => (name: string) => (name === 'gtm.triggers' ? ids : undefined);
  assert.equal(triggerFires(form, 'gtm.formSubmit', pushedFor('81,80')), true);
  assert.equal(triggerFires(form, 'gtm.formSubmit', pushedFor('81')), false, 'another trigger’s submit, e.g. one this trigger’s validation check refused');
  assert.equal(triggerFires(form, 'gtm.formSubmit', pushedFor('800')), false);
  assert.equal(triggerFires(timer, 'gtm.timer', pushedFor('96')), true);
  assert.equal(triggerFires(timer, 'gtm.timer', pushedFor('97')), false);
  assert.equal(triggerFires(timer, 'gtm.formSubmit', pushedFor('96')), false);
  assert.equal(triggerFires(link, 'gtm.linkClick', pushedFor('83,82')), true);
  assert.equal(triggerFires(link, 'gtm.linkClick', pushedFor('83')), false, 'a click this trigger’s validation check refused');
  // an event the page pushed itself names no triggers: GTM's condition on gtm.triggers, (^$|(^|,)id($|,)), holds
  assert.equal(triggerFires(link, 'gtm.linkClick', pushedFor('')), true);
  assert.equal(triggerFires(form, 'gtm.formSubmit', () => undefined), true);
});

test('the built-in Consent Initialization and Initialization triggers fire on gtm.init_consent and gtm.init', () => {
  const tags = [tag('consent', ['2147479572']), tag('init', ['2147479573']), tag('all', ['2147479553'])];
  const at = (event: string) => tagsToFire(tags, [], event, lookup).map((t) => t.id);
  assert.deepEqual([at('gtm.init_consent'), at('gtm.init'), at('gtm.js'), at('gtm.dom')], [['consent'], ['init'], ['all'], []]);
  assert.equal(triggerFires(trigger('i', 'INIT'), 'gtm.init', lookup), true);
  assert.equal(triggerFires(trigger('c', 'CONSENT_INIT'), 'gtm.init', lookup), false);
});

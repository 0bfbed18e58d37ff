// Consent: GTM's semantics of defaults, updates, regions and listeners, the page's gtag('consent', …) commands,
// and the template APIs, whose commands are processed after the template's code (or after the event).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsentState } from '../consent.ts';
import { section } from '../../test/helpers.ts';
import { evaluateIn, failureIn, gtag, pageWith, sandboxIn, type Settings } from './helpers.ts';

test('an unset type is granted; an update wins over defaults, whatever their order', () => {
  const consent = new ConsentState();
  assert.equal(consent.isGranted('ad_storage'), true);
  assert.equal(consent.value('ad_storage'), undefined);
  consent.setDefault({ ad_storage: 'denied', analytics_storage: 'granted', wait_for_update: 500 });
  assert.deepEqual([consent.isGranted('ad_storage'), consent.value('analytics_storage'), consent.value('wait_for_update')], [false, 'granted', undefined]);
  consent.update({ ad_storage: 'granted' });
  consent.setDefault({ ad_storage: 'denied' });
  assert.equal(consent.value('ad_storage'), 'granted');
  consent.update({ ad_storage: 'denied', bogus: 'yes' });
  assert.deepEqual([consent.value('ad_storage'), consent.value('bogus')], ['denied', undefined]);
});

test('regional defaults apply where the page is, the most specific first', () => {
  const consent = new ConsentState('US-CA');
  consent.setDefault({ ad_storage: 'denied', region: ['US-CA'] });
  consent.setDefault({ ad_storage: 'granted', region: ['US'] });
  consent.setDefault({ ad_storage: 'granted' });
  consent.setDefault({ analytics_storage: 'denied', region: ['us'] });
  consent.setDefault({ functionality_storage: 'denied', region: ['DE', 'FR'] });
  assert.deepEqual([consent.value('ad_storage'), consent.value('analytics_storage'), consent.value('functionality_storage')], ['denied', 'denied', undefined]);
  const nowhere = new ConsentState();
  nowhere.setDefault({ ad_storage: 'denied', region: ['US'] });
  assert.equal(nowhere.value('ad_storage'), undefined);
});

test('listeners hear changes between granted and denied only, every listener even when one fails', () => {
  const consent = new ConsentState();
  const heard: [string, boolean][] = [];
  consent.listen('ad_storage', (type, granted) => heard.push([type, granted]));
  consent.listen('ad_storage', () => {
    throw new Error('listener failed');
  });
  consent.listen('ad_storage', (type, granted) => heard.push([`${type} again`, granted]));
  consent.update({ ad_storage: 'granted' });
  assert.deepEqual(heard, [], 'unset to granted is no change');
  assert.throws(() => consent.update({ ad_storage: 'denied' }), /listener failed/);
  assert.deepEqual(heard, [['ad_storage', false], ['ad_storage again', false]]);
  consent.update({ ad_storage: 'denied' });
  consent.setDefault({ ad_storage: 'granted' });
  assert.equal(heard.length, 2);
});

const CONSENT: Settings = {
  access_consent: {
    consentTypes: [
      { consentType: 'ad_storage', read: true, write: true },
      { consentType: 'analytics_storage', read: true, write: false },
    ],
  },
  logging: { environments: 'all' },
};

test("the page's gtag('consent', …) commands set the state templates read, before or after the container starts", () => {
  const early: unknown[] = [];
  gtag(early)('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied' });
  const { page, container } = pageWith({ page: { window: { dataLayer: early } } });
  assert.deepEqual(evaluateIn(container, "const c = require('isConsentGranted'); return [c('ad_storage'), c('analytics_storage')];", CONSENT), [false, false]);
  gtag(page.window['dataLayer'])('consent', 'update', { analytics_storage: 'granted' });
  assert.equal(evaluateIn(container, "return require('isConsentGranted')('analytics_storage');", CONSENT), true);
});

test('addConsentListener hears what the page updates later', () => {
  const lines: string[] = [];
  const { page, container } = pageWith({ container: { log: (args) => lines.push(args.join(' ')) } });
  evaluateIn(container, "require('addConsentListener')('analytics_storage', (type, granted) => require('logToConsole')(type, granted));", CONSENT);
  const push = (settings: Record<string, string>) => gtag(page.window['dataLayer'])('consent', 'update', settings);
  push({ analytics_storage: 'denied' });
  push({ analytics_storage: 'denied' });
  push({ analytics_storage: 'granted' });
  assert.deepEqual(lines, ['analytics_storage false', 'analytics_storage true']);
});

test('setDefaultConsentState and updateConsentState take effect after the code, through the data layer', async () => {
  const { page, container } = pageWith();
  const box = sandboxIn(
    container,
    `require('setDefaultConsentState')({ ad_storage: 'denied', region: ['DE'], wait_for_update: 500 });
     require('updateConsentState')({ ad_storage: 'granted' });
     return require('isConsentGranted')('ad_storage');`,
    CONSENT,
  );
  const before = container.consent.value('ad_storage');
  assert.equal(box.run({}).value, true);
  assert.equal(before, undefined);
  assert.equal(container.consent.value('ad_storage'), undefined, 'not yet: processed after the code');
  const entries = (page.window['dataLayer'] as IArguments[]).map((args) => Array.from(args));
  assert.deepEqual(entries, [
    ['consent', 'default', { ad_storage: 'denied', region: ['DE'], wait_for_update: 500 }],
    ['consent', 'update', { ad_storage: 'granted' }],
  ]);
  await box.scheduler.settle();
  assert.equal(container.consent.value('ad_storage'), 'granted');
});

test('consent commands of a tag run during an event are processed when the event ends, before its callbacks', async () => {
  const lines: string[] = [];
  const { container } = pageWith({ container: { log: (args) => lines.push(args.join(' ')) } });
  const tag = container.load({
    code: `const isConsentGranted = require('isConsentGranted');
           const log = require('logToConsole');
           require('updateConsentState')({ ad_storage: 'denied' });
           require('addEventCallback')((containerId, event) => log('callback', containerId, event.tags[0].status, isConsentGranted('ad_storage')));
           require('callLater')(() => {
             log('later in the event', isConsentGranted('ad_storage'));
             data.gtmOnSuccess();
           });`,
    permissions: section('WEB', { ...CONSENT, read_event_metadata: {} }),
    templateType: 'TAG',
  });
  const [result] = await container.runTags([{ id: 'consent-tag', sandbox: tag }]);
  assert.deepEqual([result?.id, result?.status], ['consent-tag', 'success']);
  assert.deepEqual(lines, ['later in the event true', 'callback GTM-EMULATOR success false']);
});

test('access_consent: read to read or listen, write for each type a command sets', () => {
  const { container } = pageWith();
  const denied = (code: string, reason: RegExp) => assert.match(failureIn(container, code, CONSENT), reason);
  denied("require('isConsentGranted')('functionality_storage');", /^isConsentGranted: permission denied by access_consent: the consent type "functionality_storage" is not listed/);
  denied("require('addConsentListener')('functionality_storage', () => 1);", /^addConsentListener: permission denied by access_consent/);
  denied("require('updateConsentState')({ ad_storage: 'granted', analytics_storage: 'granted' });", /^updateConsentState: permission denied by access_consent: the consent type "analytics_storage" is listed without write access$/);
  denied("require('setDefaultConsentState')({ analytics_storage: 'denied' });", /^setDefaultConsentState: permission denied by access_consent/);
  denied("require('updateConsentState')({ ad_storage: 'yes' });", /^updateConsentState: ad_storage must be 'granted' or 'denied', not "yes"$/);
  denied("require('addConsentListener')('ad_storage');", /argument 2 \(listener\) must be a function/);
  assert.equal(evaluateIn(container, "require('setDefaultConsentState')({ ad_storage: 'denied', region: ['US'], wait_for_update: 1 }); return 1;", CONSENT), 1);
});

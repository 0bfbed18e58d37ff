// ___TESTS___ of the Pipes web tag. What the tag queued for the tracker is read back from `pipes.q` on the test
// page's window; the script loads and GTM's consent state are mocks, so that each scenario decides how the tracker
// script loads and what analytics_storage says.
const copyFromWindow = require('copyFromWindow');
const getType = require('getType');

const SGTM = 'https://sgtm.example.com';
const TRACKER = SGTM + '/p/pipes.js';

/** A Page view tag with the form's defaults, except consent, which most scenarios leave out of the picture. */
const tag: Partial<GtmTemplateData> = {
  tagType: 'page',
  serverUrl: SGTM,
  scriptPath: '/p/pipes.js',
  collectPath: '/p/collect',
  consentMode: 'ignore',
  honourGpc: true,
  honourDnt: true,
  allowQuery: ['utm_*'],
  pluginPageviews: false,
  pluginLinks: false,
  pluginForms: false,
  pluginEngagement: false,
  cookieName: 'pipes',
  cookieDomain: 'auto',
  cookieDays: '365',
  batchSize: '50',
  flushInterval: '2000',
  debug: false,
};

/** What pipes('init', …) receives from the tag above. */
const CONFIG = {
  endpoint: SGTM + '/p/collect',
  consent: 'none',
  gpc: true,
  dnt: true,
  allowQuery: ['utm_*'],
  debug: false,
  cookieName: 'pipes',
  cookieDomain: 'auto',
  cookieDays: 365,
  batchSize: 50,
  flushInterval: 2000,
};

function withTag(changes: Partial<GtmTemplateData>): Partial<GtmTemplateData> {
  const out: { [key: string]: unknown } = {};
  for (const key in tag) out[key] = (tag as { [key: string]: unknown })[key];
  for (const key in changes) out[key] = (changes as { [key: string]: unknown })[key];
  return out as Partial<GtmTemplateData>;
}

function withConfig(changes: { [key: string]: unknown }): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const key in CONFIG) out[key] = (CONFIG as { [key: string]: unknown })[key];
  for (const key in changes) out[key] = changes[key];
  return out;
}

/** Every call queued for the tracker so far, each as a list: [command, ...arguments]. */
function queued(): unknown[][] {
  const calls = (copyFromWindow('pipes.q') || []) as { [index: number]: unknown }[];
  return calls.map((call) => {
    const args: unknown[] = [];
    for (let i = 0; getType(call[i]) !== 'undefined'; i++) args.push(call[i]);
    return args;
  });
}

/** Each script the tag injected, as [url, cache token]. */
let injected: unknown[][] = [];
/** The success callbacks of loads that have not ended yet (scriptsLoad('later')). */
let pendingLoads: (() => void)[] = [];

function scriptsLoad(outcome: 'now' | 'later' | 'never'): void {
  mock('injectScript', (url, onSuccess, onFailure, cacheToken) => {
    injected.push([url, cacheToken]);
    if (outcome === 'now') onSuccess();
    else if (outcome === 'later') pendingLoads.push(onSuccess);
    else onFailure();
  });
}
scriptsLoad('now');

/** The listeners the tag registered with addConsentListener. */
let consentListeners: ((consentType: string, granted: boolean) => void)[] = [];

function analyticsStorage(granted: boolean): void {
  mock('isConsentGranted', (consentType) => consentType === 'analytics_storage' && granted);
  mock('addConsentListener', (consentType, listener) => {
    assertThat(consentType).isEqualTo('analytics_storage');
    consentListeners.push(listener);
  });
}

function changeConsent(granted: boolean): void {
  consentListeners.forEach((listener) => listener('analytics_storage', granted));
}

// ----- tag types -----

scenario('page view: starts the tracker with the settings, queues the page view and loads the script', () => {
  runCode(tag);
  assertThat(queued()).isEqualTo([['init', CONFIG], ['page', {}]]);
  assertThat(injected).isEqualTo([[TRACKER, TRACKER]]);
  assertApi('gtmOnSuccess').wasCalled();
  assertApi('gtmOnFailure').wasNotCalled();
});

scenario('page view with a name and properties from variables of any type', () => {
  runCode(
    withTag({
      pageName: ' Pricing ',
      properties: [
        { name: 'plan', value: 'pro' },
        { name: 'seats', value: 3 as unknown as string },
        { name: 'trial', value: false as unknown as string },
      ],
    }),
  );
  assertThat(queued()[1]).isEqualTo(['page', 'Pricing', { plan: 'pro', seats: 3, trial: false }]);
});

scenario('track event: the event name and the properties table become the command', () => {
  runCode(withTag({ tagType: 'track', eventName: 'signup', properties: [{ name: 'plan', value: 'pro' }] }));
  assertThat(queued()).isEqualTo([['init', CONFIG], ['track', 'signup', { plan: 'pro' }]]);
  assertApi('gtmOnSuccess').wasCalled();
});

scenario('track event whose name variable is empty: fails, and changes nothing on the page', () => {
  runCode(withTag({ tagType: 'track', eventName: undefined }));
  assertApi('gtmOnFailure').wasCalled();
  assertApi('gtmOnSuccess').wasNotCalled();
  assertThat(copyFromWindow('pipes')).isUndefined();
  assertThat(injected).isEmpty();
});

scenario('identify: the user id (as text) and the traits', () => {
  runCode(withTag({ tagType: 'identify', userId: 42 as unknown as string, properties: [{ name: 'plan', value: 'pro' }] }));
  assertThat(queued()).isEqualTo([['init', CONFIG], ['identify', '42', { plan: 'pro' }]]);
  assertApi('gtmOnSuccess').wasCalled();
});

scenario('identify whose user id variable is empty: fails and sends nothing', () => {
  runCode(withTag({ tagType: 'identify', userId: '  ' }));
  assertApi('gtmOnFailure').wasCalled();
  assertThat(queued()).isEmpty();
});

scenario('reset, opt-out and opt-in queue their command', () => {
  runCode(withTag({ tagType: 'reset' }));
  runCode(withTag({ tagType: 'optOut' }));
  runCode(withTag({ tagType: 'optIn' }));
  assertThat(queued()).isEqualTo([['init', CONFIG], ['reset'], ['optOut'], ['optIn']]);
  assertApi('gtmOnFailure').wasNotCalled();
});

scenario('load only: starts the tracker without an event', () => {
  runCode(withTag({ tagType: 'load', pluginPageviews: true }));
  assertThat(queued()).isEqualTo([['init', CONFIG]]);
  assertThat(injected).containsExactly([SGTM + '/p/pipes-pageviews.js', SGTM + '/p/pipes-pageviews.js'], [TRACKER, TRACKER]);
  assertApi('gtmOnSuccess').wasCalled();
});

// ----- once per page -----

scenario('the first Pipes tag starts the tracker; later ones only queue their command, whatever their settings', () => {
  runCode(tag);
  runCode(withTag({ tagType: 'track', eventName: 'signup', cookieName: 'other', pluginLinks: true, serverUrl: 'https://other.example.com' }));
  runCode(withTag({ tagType: 'track', eventName: 'upgrade', serverUrl: undefined }));
  assertThat(queued()).isEqualTo([['init', CONFIG], ['page', {}], ['track', 'signup', {}], ['track', 'upgrade', {}]]);
  assertThat(injected).isEqualTo([[TRACKER, TRACKER]]);
  assertApi('gtmOnFailure').wasNotCalled();
});

scenario('a tag that fires once the tracker has loaded succeeds at once, loading nothing', () => {
  runCode(tag);
  mock('injectScript', () => fail('a later tag must not load anything'));
  runCode(withTag({ tagType: 'track', eventName: 'signup' }));
  assertThat(queued()[2]).isEqualTo(['track', 'signup', {}]);
  assertApi('gtmOnSuccess').wasCalled();
  assertApi('gtmOnFailure').wasNotCalled();
});

// ----- success and failure -----

scenario('queues before the script loads, and succeeds as soon as it has loaded: never waits for events to be sent', () => {
  scriptsLoad('later');
  runCode(tag);
  assertThat(queued()).isEqualTo([['init', CONFIG], ['page', {}]]);
  assertApi('gtmOnSuccess').wasNotCalled();
  pendingLoads[0]();
  assertApi('gtmOnSuccess').wasCalled();
  assertApi('gtmOnFailure').wasNotCalled();
});

scenario('a tracker script that cannot load fails the tag', () => {
  scriptsLoad('never');
  runCode(tag);
  assertApi('gtmOnFailure').wasCalled();
  assertApi('gtmOnSuccess').wasNotCalled();
  assertApi('logToConsole').wasCalled();
});

// ----- consent -----

scenario('wait, with analytics_storage granted: the tracker is told at once', () => {
  analyticsStorage(true);
  runCode(withTag({ consentMode: 'wait' }));
  assertThat(queued()).isEqualTo([['init', withConfig({ consent: 'wait' })], ['consent', 'granted'], ['page', {}]]);
  assertThat(consentListeners).hasLength(1);
});

scenario('wait, with analytics_storage denied: nothing is granted, the page view waits in the page', () => {
  analyticsStorage(false);
  runCode(withTag({ consentMode: 'wait' }));
  assertThat(queued()).isEqualTo([['init', withConfig({ consent: 'wait' })], ['page', {}]]);
  assertApi('gtmOnSuccess').wasCalled();
});

scenario('wait, then granted, then withdrawn: the tracker hears both changes', () => {
  analyticsStorage(false);
  runCode(withTag({ consentMode: 'wait' }));
  changeConsent(true);
  changeConsent(false);
  assertThat(queued()).isEqualTo([
    ['init', withConfig({ consent: 'wait' })],
    ['page', {}],
    ['consent', 'granted'],
    ['consent', 'denied'],
  ]);
});

scenario('cookieless: the tracker sends without ids until analytics_storage is granted', () => {
  analyticsStorage(false);
  runCode(withTag({ consentMode: 'cookieless' }));
  assertThat(queued()).isEqualTo([['init', withConfig({ consent: 'cookieless' })], ['page', {}]]);
  changeConsent(true);
  assertThat(queued()[2]).isEqualTo(['consent', 'granted']);
});

scenario('consent is followed once per page, however many tags fire', () => {
  analyticsStorage(true);
  runCode(withTag({ consentMode: 'wait' }));
  runCode(withTag({ consentMode: 'wait', tagType: 'track', eventName: 'signup' }));
  assertThat(consentListeners).hasLength(1);
  assertThat(queued()).isEqualTo([
    ['init', withConfig({ consent: 'wait' })],
    ['consent', 'granted'],
    ['page', {}],
    ['track', 'signup', {}],
  ]);
});

scenario('ignore: consent mode is not read, and the tracker has no consent gate', () => {
  runCode(tag);
  assertApi('isConsentGranted').wasNotCalled();
  assertApi('addConsentListener').wasNotCalled();
  assertThat((queued()[0][1] as { consent: string }).consent).isEqualTo('none');
});

// ----- plugins and settings -----

scenario('plugins load only when ticked, from the folder of the tracker script', () => {
  runCode(withTag({ scriptPath: '/assets/x/t.js', pluginPageviews: true, pluginEngagement: true }));
  const folder = SGTM + '/assets/x/';
  assertThat(injected).containsExactly(
    [folder + 't.js', folder + 't.js'],
    [folder + 'pipes-pageviews.js', folder + 'pipes-pageviews.js'],
    [folder + 'pipes-engagement.js', folder + 'pipes-engagement.js'],
  );
});

scenario('a plugin that cannot load is reported, and does not fail the tag', () => {
  mock('injectScript', (url, onSuccess, onFailure) => {
    if (url === TRACKER) onSuccess();
    else onFailure();
  });
  runCode(withTag({ pluginLinks: true }));
  assertApi('gtmOnSuccess').wasCalled();
  assertApi('gtmOnFailure').wasNotCalled();
  assertApi('logToConsole').wasCalled();
});

scenario('the settings become the tracker configuration', () => {
  runCode(
    withTag({
      cookieName: 'acme',
      cookieDomain: 'none',
      cookieDays: '30',
      batchSize: '10',
      flushInterval: '500',
      allowQuery: [' utm_* ', '', 'gclid'],
      honourGpc: false,
      honourDnt: false,
      debug: true,
    }),
  );
  assertThat(queued()[0]).isEqualTo([
    'init',
    withConfig({
      cookieName: 'acme',
      cookieDomain: '',
      cookieDays: 30,
      batchSize: 10,
      flushInterval: 500,
      allowQuery: ['utm_*', 'gclid'],
      gpc: false,
      dnt: false,
      debug: true,
    }),
  ]);
});

scenario('emptied fields keep the tracker defaults; an emptied query list keeps no query parameters', () => {
  runCode(withTag({ cookieName: undefined, cookieDomain: undefined, cookieDays: undefined, batchSize: '', flushInterval: '0', allowQuery: undefined }));
  assertThat(queued()[0]).isEqualTo([
    'init',
    { endpoint: SGTM + '/p/collect', consent: 'none', gpc: true, dnt: true, allowQuery: [], debug: false },
  ]);
});

scenario('the server URL may leave out https:// and end with a slash', () => {
  runCode(withTag({ serverUrl: 'sgtm.example.com/' }));
  assertThat(injected[0]).isEqualTo([TRACKER, TRACKER]);
  assertThat((queued()[0][1] as { endpoint: string }).endpoint).isEqualTo(SGTM + '/p/collect');
});

scenario('a local test server over http', () => {
  runCode(withTag({ serverUrl: 'http://localhost:8080' }));
  assertThat(injected[0]).isEqualTo(['http://localhost:8080/p/pipes.js', 'http://localhost:8080/p/pipes.js']);
  assertApi('gtmOnSuccess').wasCalled();
});

scenario('a server URL that is not an https origin fails the tag and queues nothing', () => {
  runCode(withTag({ serverUrl: 'http://sgtm.example.com' }));
  runCode(withTag({ serverUrl: 'https://sgtm.example.com/p' }));
  runCode(withTag({ serverUrl: undefined }));
  assertApi('gtmOnFailure').wasCalled();
  assertApi('gtmOnSuccess').wasNotCalled();
  assertThat(queued()).isEmpty();
  assertThat(injected).isEmpty();
});

scenario('logs to the preview console only with debug logging on; problems always', () => {
  runCode(tag);
  assertApi('logToConsole').wasNotCalled();
  runCode(withTag({ tagType: 'identify', userId: '' }));
  assertApi('logToConsole').wasCalled();
});

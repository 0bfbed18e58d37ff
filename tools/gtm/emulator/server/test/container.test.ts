// The request cycle of a ServerContainer: clients in priority order and the claim rules, runContainer with tags,
// onStart/onComplete/bindToEvent and addEventCallback, messages, template storage across requests, variables and
// firing rules, the response guard, and the permissions of the container APIs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadError } from '../../errors.ts';
import { handleRequest, ServerContainer, type ServerContainerConfig, type ServerContainerOptions } from '../container.ts';
import { createRequest, type RequestInit } from '../request.ts';
import { ALLOW_ALL, serverError, serverRun, serverTemplate, type Settings } from './helpers.ts';

/** A container whose logs are collected; `serve` sends it requests. */
function container(config: ServerContainerConfig, options: ServerContainerOptions = {}) {
  const logs: string[] = [];
  const instance = new ServerContainer(config, { env: {}, log: (args) => logs.push(args.map((a) => (typeof a === 'string' ? a : (JSON.stringify(a) ?? String(a)))).join(' ')), ...options });
  const serve = (request: RequestInit = { url: '/' }) => handleRequest(instance, createRequest(request));
  return { instance, logs, serve };
}

const client = (name: string, code: string, extra: { priority?: number; permissions?: Settings; data?: Record<string, unknown> } = {}) => ({
  name,
  template: serverTemplate('CLIENT', code, extra.permissions),
  ...(extra.priority === undefined ? {} : { priority: extra.priority }),
  ...(extra.data ? { data: extra.data } : {}),
});

const ANSWER = (body: string) => `require('claimRequest')(); require('setResponseBody')(${JSON.stringify(body)}); require('returnResponse')();`;
const PASS = "require('logToConsole')('passed by', require('getClientName')());";

test('clients run by priority (higher first, then in the order given) until one claims; the rest do not run', async () => {
  const { serve, logs } = container({
    clients: [client('Low', ANSWER('low')), client('High', PASS, { priority: 10 }), client('Middle', ANSWER('middle'), { priority: 5 }), client('Middle 2', ANSWER('middle 2'), { priority: 5 })],
  });
  const response = await serve();
  assert.equal(response.body, 'middle');
  assert.deepEqual(logs, ['passed by High']);
});

test('a request no client claims gets 400', async () => {
  const { serve, logs } = container({ clients: [client('A', PASS), client('B', PASS)] });
  assert.deepEqual(await serve(), { statusCode: 400, headers: {}, cookies: [], body: '', bodyEncoding: 'utf8', pixels: [] });
  assert.deepEqual(logs, ['passed by A', 'passed by B']);
});

test('claimRequest only while the client runs: from a callback it fails as in GTM, and the next client gets the request', async () => {
  const late = "require('callLater')(() => require('claimRequest')());";
  const { serve, logs } = container({ clients: [client('Late', late), client('Next', ANSWER('next'))] });
  assert.equal((await serve()).body, 'next');
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(logs, [
    'client "Late": asynchronous code failed: claimRequest: Tried to claim a request after a Client had returned. Calling claimRequest from a callback is not supported.',
  ]);
});

test('runContainer before the claim fails with GTM\'s message; a client failing after its claim gets 500', async () => {
  const early = container({ clients: [client('Early', "require('runContainer')({ event_name: 'x' });")] });
  assert.equal((await early.serve()).statusCode, 400);
  assert.deepEqual(early.logs, ['client "Early" failed at line 1: runContainer: Request must be claimed before calling runContainer.']);
  const broken = container({ clients: [client('Broken', "require('claimRequest')(); require('setResponseHeader')(1, 2);")] });
  assert.equal((await broken.serve()).statusCode, 500);
  assert.match(broken.logs[0]!, /^client "Broken" failed at line 1: setResponseHeader: /);
});

test('only the first returnResponse counts', async () => {
  const { serve } = container({
    clients: [client('Twice', "require('claimRequest')(); require('setResponseBody')('first'); require('returnResponse')(); require('setResponseBody')('second'); require('returnResponse')();")],
  });
  assert.equal((await serve()).body, 'first');
});

test('a claimed request that no template answers gets 500 after the guard time', async () => {
  const { serve, logs } = container({ clients: [client('Silent', "require('claimRequest')();")] }, { responseTimeoutMs: 50 });
  assert.equal((await serve({ url: '/quiet' })).statusCode, 500);
  assert.deepEqual(logs, ['no template returned a response to GET /quiet within 50 ms; answered 500']);
});

/** A client that runs two events and answers with what it saw, once both are complete. */
const EVENT_CLIENT = `
  const JSON = require('JSON');
  const log = require('logToConsole');
  const seen = [];
  require('claimRequest')();
  require('addMessageListener')('stored', (type, message) => seen.push(type + ':' + message.name));
  let pending = 2;
  const run = (name) => require('runContainer')({ event_name: name, value: 3 },
    (bindToEvent) => {
      seen.push('complete ' + name);
      pending--;
      if (pending === 0) {
        require('setResponseBody')(JSON.stringify(seen));
        require('returnResponse')();
      }
    },
    (bindToEvent) => {
      seen.push('start ' + name);
      bindToEvent(require('addEventCallback'))((containerId, eventData) => log(name, containerId, JSON.stringify(eventData.tags)));
    });
  run('page_view');
  run('purchase');
  seen.push('client returned');`;

const REPORTING_TAG = `
  require('sendMessage')('stored', { name: require('getEventData')('event_name') + '/' + data.label });
  require('callLater')(data.gtmOnSuccess);`;

test('runContainer runs the tags that fire for each event: onStart first, onComplete once they finished, then the event callbacks', async () => {
  const { serve, logs } = container(
    {
      containerId: 'GTM-TEST1',
      clients: [client('Events', EVENT_CLIENT)],
      tags: [
        { name: 'Reporter', template: serverTemplate('TAG', REPORTING_TAG), data: { label: 'r' }, metadata: { team: 'data' } },
        { name: 'Purchases only', id: '77', template: serverTemplate('TAG', 'data.gtmOnFailure();'), firing: { eventName: ['purchase', 'refund'] } },
      ],
    },
    { now: () => 1000 },
  );
  const response = await serve();
  assert.deepEqual(JSON.parse(response.body), [
    'start page_view',
    'start purchase',
    'client returned',
    'stored:page_view/r',
    'stored:purchase/r',
    'complete page_view',
    'complete purchase',
  ]);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(logs, [
    'page_view GTM-TEST1 [{"team":"data","id":"1","status":"success","executionTime":0}]',
    'purchase GTM-TEST1 [{"team":"data","id":"1","status":"success","executionTime":0},{"id":"77","status":"failure","executionTime":0}]',
  ]);
});

test('tag statuses: a tag that throws fails, one that never reports times out', async () => {
  const callbackClient = `
    require('claimRequest')();
    require('runContainer')({ event_name: 'e' }, (bindToEvent) => {
      bindToEvent(require('addEventCallback'))((id, eventData) => {
        require('setResponseBody')(require('JSON').stringify(eventData.tags));
        require('returnResponse')();
      });
    });`;
  const { serve, logs } = container(
    {
      clients: [client('C', callbackClient)],
      tags: [
        { name: 'Throws', template: serverTemplate('TAG', "require('getEventData')(1);") },
        { name: 'Silent', template: serverTemplate('TAG', "require('logToConsole')('never reports');") },
      ],
    },
    { tagTimeoutMs: 50, now: () => 0 },
  );
  assert.deepEqual(JSON.parse((await serve()).body), [
    { id: '1', status: 'failure', executionTime: 0 },
    { id: '2', status: 'timeout', executionTime: 0 },
  ]);
  assert.deepEqual(logs, [
    'tag "Throws" failed at line 1: getEventData: permission denied by read_event_data: a event data key (a string) is needed, not 1',
    'never reports',
    'tag "Silent" reported neither success nor failure within 50 ms',
  ]);
});

test('in a container, a client must bind addEventCallback to an event', async () => {
  const { serve, logs } = container({ clients: [client('Unbound', "require('claimRequest')(); require('addEventCallback')(() => 1);")] });
  assert.equal((await serve()).statusCode, 500);
  assert.deepEqual(logs, [
    'client "Unbound" failed at line 1: addEventCallback: in a client it must be bound to an event: runContainer(event, onComplete, (bindToEvent) => bindToEvent(addEventCallback)(callback))',
  ]);
});

test('tags read their event; getClientName in a tag names the client that claimed; claimRequest is for clients only', async () => {
  const tag = `
    const log = require('logToConsole');
    log(require('getClientName')(), require('getEventData')('items.1.id'), require('getEventData')('missing.key'), require('JSON').stringify(require('getAllEventData')()));
    require('claimRequest')();`;
  const { serve, logs } = container({
    clients: [client('Shop client', "require('claimRequest')(); require('runContainer')({ event_name: 'buy', items: [{ id: 'a' }, { id: 'b' }] }, () => require('returnResponse')());")],
    tags: [{ name: 'Reader', template: serverTemplate('TAG', tag) }],
  });
  await serve();
  assert.deepEqual(logs, [
    'Shop client b undefined {"event_name":"buy","items":[{"id":"a"},{"id":"b"}]}',
    'tag "Reader" failed at line 4: claimRequest: only a client can claim the request, and this template is a TAG',
  ]);
});

const COUNTER = `
  const storage = require('templateDataStorage');
  const count = (storage.getItemCopy('count') || 0) + 1;
  storage.setItemCopy('count', count);
  require('logToConsole')(data.label, count);
  data.gtmOnSuccess();`;

test('templateDataStorage lasts across requests, one store per template; in preview mode it lasts one request', async () => {
  const runAll = "require('claimRequest')(); require('runContainer')({ event_name: 'e' }, () => require('returnResponse')());";
  const config: ServerContainerConfig = {
    clients: [client('C', runAll)],
    tags: [
      { name: 'Counter A', template: serverTemplate('TAG', COUNTER), data: { label: 'a' } },
      { name: 'Counter B', template: serverTemplate('TAG', COUNTER), data: { label: 'b' } },
      { name: 'Other template', template: serverTemplate('TAG', `${COUNTER}\n// another template`), data: { label: 'other' } },
    ],
  };
  const live = container(config);
  await live.serve();
  await live.serve();
  assert.deepEqual(live.logs, ['a 1', 'b 2', 'other 1', 'a 3', 'b 4', 'other 2']);
  const preview = container(config, { debugMode: true });
  await preview.serve();
  await preview.serve();
  assert.deepEqual(preview.logs, ['a 1', 'b 2', 'other 1', 'a 1', 'b 2', 'other 1']);
});

test("parameter values: the template's defaults fill what is not given, '{{Name}}' reads a variable", async () => {
  const template = serverTemplate('CLIENT', "require('claimRequest')(); require('setResponseBody')(require('JSON').stringify(data)); require('returnResponse')();");
  const withParameters = template.replace(/___TEMPLATE_PARAMETERS___\n\n\[\]/, '___TEMPLATE_PARAMETERS___\n\n[{"type":"TEXT","name":"path","displayName":"Path","simpleValueType":true,"defaultValue":"/data"},{"type":"TEXT","name":"bucket","displayName":"Bucket","simpleValueType":true}]');
  assert.notEqual(withParameters, template);
  const { serve } = container({
    variables: { Bucket: 'events-eu', Retries: 3 },
    clients: [{ name: 'C', template: withParameters, data: { bucket: '{{Bucket}}', retries: '{{Retries}}', note: 'gs://{{Bucket}}/x' } }],
  });
  assert.deepEqual(JSON.parse((await serve()).body), { path: '/data', bucket: 'events-eu', retries: 3, note: 'gs://events-eu/x' });
  assert.throws(
    () => new ServerContainer({ clients: [{ name: 'C', template, data: { bucket: '{{Nope}}' } }] }),
    (error: unknown) => error instanceof LoadError && error.message === 'client "C": {{Nope}} names no variable; add "Nope" to the container\'s variables',
  );
});

test('templates that cannot serve where they are configured do not load', () => {
  const tag = serverTemplate('TAG', 'data.gtmOnSuccess();');
  assert.throws(() => new ServerContainer({ clients: [{ name: 'X', template: tag }] }), /^LoadError: client "X": its template is a TAG template; clients need CLIENT templates$/);
  assert.throws(() => new ServerContainer({ clients: [client('X', PASS)], tags: [{ name: 'X', template: tag }] }), /two clients or tags named "X"/);
  assert.throws(() => new ServerContainer({ clients: [client('Bad', 'return this;')] }), (error: unknown) => error instanceof LoadError && /^client "Bad": its template is not one GTM accepts:\n  \d+:8: `this` is not available/.test(error.message));
  const web = serverTemplate('CLIENT', PASS).replace('___SANDBOXED_JS_FOR_SERVER___', '___SANDBOXED_JS_FOR_WEB_TEMPLATE___').replace('"SERVER"', '"WEB"');
  assert.throws(() => new ServerContainer({ clients: [{ name: 'Web', template: web }] }), /^LoadError: client "Web": /);
});

test('the core APIs work inside a container run (real clock): hashing, the PSL, promises, the container version, logging', async () => {
  const code = `
    const log = require('logToConsole');
    require('claimRequest')();
    const P = require('Promise');
    P.all([P.create((resolve) => require('callLater')(() => resolve('later'))), 'plain']).then((values) => {
      log(values[0], values[1], require('sha256Sync')('abc', { outputEncoding: 'hex' }).slice(0, 8), require('computeEffectiveTldPlusOne')('https://a.b.example.com.mx/x'));
      log(require('getContainerVersion')().containerId, require('getContainerVersion')().version);
      require('returnResponse')();
    });`;
  const { serve, logs } = container({ containerId: 'GTM-CORE', version: '12', clients: [client('C', code, { permissions: { ...ALLOW_ALL, logging: { environments: 'debug' } } })] }, { debugMode: true });
  await serve();
  assert.deepEqual(logs, ['later plain ba7816bf example.com.mx', 'GTM-CORE 12']);
  const quiet = container({ clients: [client('C', `${ANSWER('x')} require('logToConsole')('debug only');`, { permissions: { ...ALLOW_ALL, logging: { environments: 'debug' } } })] });
  await quiet.serve();
  assert.deepEqual(quiet.logs, []);
});

test('permissions of the container APIs: run_container, read_event_metadata, read_event_data, use_message, read_container_data', () => {
  const claimed = "require('claimRequest')(); ";
  assert.equal(serverError(`${claimed}require('runContainer')({});`, { permissions: {} }), 'runContainer: permission denied by run_container: the template does not declare the run_container permission');
  assert.equal(serverRun(`${claimed}require('runContainer')({});`, { permissions: { run_container: {} } }).error, undefined);
  assert.equal(
    serverError("require('addEventCallback')(() => 1);", { role: 'TAG', permissions: {} }),
    'addEventCallback: permission denied by read_event_metadata: the template does not declare the read_event_metadata permission',
  );
  const readEvent = { read_event_data: { keys: ['event_name', 'items.*'] } };
  const event = { event_name: 'e', items: [{ id: 'a' }], secret: 's' };
  assert.deepEqual(serverRun("return [require('getEventData')('event_name'), require('getEventData')('items.0.id')];", { role: 'TAG', event, permissions: readEvent }).value, ['e', 'a']);
  assert.equal(serverError("require('getEventData')('secret');", { role: 'TAG', event, permissions: readEvent }), 'getEventData: permission denied by read_event_data: the event data key "secret" is not among its event data keys (event_name, items.*)');
  assert.equal(serverError("require('getAllEventData')();", { role: 'TAG', event, permissions: readEvent }), 'getAllEventData: permission denied by read_event_data: reading all event data needs access to any key, and it allows specific keys only');
  assert.equal(serverError("require('getAllEventData')();", { role: 'TAG', event, permissions: {} }), 'getAllEventData: permission denied by read_event_data: the template does not declare the read_event_data permission');
  const messages = { use_message: { messages: [{ type: 'in', action: 'listen' }, { type: 'out', action: 'send' }] } };
  assert.equal(serverRun("require('addMessageListener')('in', () => 1); require('sendMessage')('out', {}); return require('hasMessageListener')('out');", { permissions: messages }).value, false);
  assert.equal(serverError("require('addMessageListener')('out', () => 1);", { permissions: messages }), 'addMessageListener: permission denied by use_message: the message type "out" is not allowed for listen');
  assert.equal(serverError("require('sendMessage')('in', {});", { permissions: messages }), 'sendMessage: permission denied by use_message: the message type "in" is not allowed for send');
  assert.equal(serverError("require('getClientName')();", { permissions: {} }), 'getClientName: permission denied by read_container_data: the template does not declare the read_container_data permission');
});

test('messages: listeners get copies synchronously, non-object messages are ignored, hasMessageListener tells', () => {
  const run = serverRun(`
    const got = [];
    const sent = { n: 1 };
    require('addMessageListener')('t', (type, message) => { message.n = 2; got.push(type, message.n); });
    require('addMessageListener')(5, (type) => got.push('coerced ' + type));
    require('sendMessage')('t', sent);
    require('sendMessage')('t', 'not an object');
    require('sendMessage')(5, {});
    return [got, sent.n, require('hasMessageListener')('t'), require('hasMessageListener')('none')];`);
  assert.deepEqual(run.value, [['t', 2, 'coerced 5'], 1, true, false]);
});

test('argument checks of the container APIs', () => {
  const claimed = "require('claimRequest')(); ";
  assert.equal(serverError(`${claimed}require('runContainer')('event');`), 'runContainer: argument 1 (event) must be an object, not the string "event"');
  assert.equal(serverError(`${claimed}require('runContainer')({}, 'done');`), 'runContainer: argument 2 (onComplete) must be a function or left out, not the string "done"');
  assert.equal(serverError(`${claimed}require('runContainer')({}, undefined, (bind) => bind('x'));`), 'bindToEvent: argument 1 (api) must be a function, not the string "x"');
  assert.equal(serverError("require('addEventCallback')('x');", { role: 'TAG' }), 'addEventCallback: argument 1 (callback) must be a function, not the string "x"');
  assert.equal(serverError("require('addMessageListener')('t');"), 'addMessageListener: argument 2 (callback) must be a function, not undefined');
});

test('a template\'s loaded sandbox serves every run, and no run sees another\'s request, event, messages or listeners', async () => {
  // Overlapping requests whose clients answer from callbacks, after their tags reported from callbacks of their own.
  const REPLYING_CLIENT = `
    const JSON = require('JSON');
    const getRequestHeader = require('getRequestHeader');
    require('claimRequest')();
    const mine = getRequestHeader('x-run');
    const listenedBefore = require('hasMessageListener')('seen');
    const messages = [];
    require('addMessageListener')('seen', (type, message) => messages.push(message.name));
    require('runContainer')({ event_name: 'run ' + mine }, () => require('callLater')(() => {
      require('setResponseBody')(JSON.stringify({ mine: mine, later: getRequestHeader('x-run'), listenedBefore: listenedBefore, messages: messages }));
      require('returnResponse')();
    }));`;
  const SEEING_TAG = `
    const eventName = require('getEventData')('event_name');
    require('callLater')(() => {
      require('sendMessage')('seen', { name: eventName + '/' + require('getEventData')('event_name') });
      data.gtmOnSuccess();
    });`;
  const { serve, logs } = container({
    clients: [client('Replying', REPLYING_CLIENT)],
    tags: [{ name: 'Seeing', template: serverTemplate('TAG', SEEING_TAG) }],
  });
  const ask = async (run: string) => JSON.parse((await serve({ url: '/', headers: { 'x-run': run } })).body) as unknown;
  const answer = (run: string) => ({ mine: run, later: run, listenedBefore: false, messages: [`run ${run}/run ${run}`] });
  assert.deepEqual(await Promise.all(['a', 'b', 'c'].map(ask)), ['a', 'b', 'c'].map(answer));
  assert.deepEqual(await ask('d'), answer('d'));
  assert.deepEqual(logs, []);
});

test('an asynchronous failure counts against the run that queued the failing work', async () => {
  const FAILING_LATER_TAG = `
    const fail = require('getEventData')('fail');
    require('callLater')(() => {
      if (fail) require('setResponseHeader')(1, 2);
      data.gtmOnSuccess();
    });`;
  const BATCH_CLIENT = `
    const log = require('logToConsole');
    const JSON = require('JSON');
    require('claimRequest')();
    let pending = 2;
    const run = (name, fail) => require('runContainer')({ event_name: name, fail: fail },
      () => { pending--; if (pending === 0) require('returnResponse')(); },
      (bindToEvent) => bindToEvent(require('addEventCallback'))((id, eventData) => log(name, eventData.tags[0].status)));
    run('ok', false);
    run('bad', true);`;
  const { serve, logs } = container(
    { clients: [client('Batch', BATCH_CLIENT)], tags: [{ name: 'Later', template: serverTemplate('TAG', FAILING_LATER_TAG) }] },
    { tagTimeoutMs: 200 },
  );
  assert.equal((await serve()).statusCode, 200);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(logs.length, 3);
  assert.match(logs[0]!, /^tag "Later": asynchronous code failed: setResponseHeader: /);
  assert.deepEqual(logs.slice(1).sort(), ['bad failure', 'ok success']);
});

test('a client\'s message listener called from a tag\'s run acts for the client\'s run, not the tag\'s', async () => {
  const LISTENING_CLIENT = `
    const log = require('logToConsole');
    require('claimRequest')();
    require('addMessageListener')('ping', () => log('listener sees event', require('getEventData')('event_name')));
    require('runContainer')({ event_name: 'e1' }, () => require('returnResponse')());`;
  const { serve, logs } = container({
    clients: [client('Listening', LISTENING_CLIENT)],
    tags: [{ name: 'Pinging', template: serverTemplate('TAG', "require('sendMessage')('ping', {}); data.gtmOnSuccess();") }],
  });
  assert.equal((await serve()).statusCode, 200);
  assert.deepEqual(logs, ['listener sees event undefined']);
});

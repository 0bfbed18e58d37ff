// The APIs that need Google's services: once their permissions pass they fail saying they are not available
// offline; tests replace them with mocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PermissionError } from '../../errors.ts';
import { section, tplText } from '../../test/helpers.ts';
import { runTemplateTests } from '../../test-runner/runner.ts';
import { serverTestHost } from '../test-host.ts';
import { serverError, serverRun } from './helpers.ts';

const OFFLINE = "not available offline: it needs Google's servers, which the emulator does not reach; in tests, replace it with";
const BIGQUERY = { access_bigquery: { tables: [{ projectId: 'GOOGLE_CLOUD_PROJECT', datasetId: '*', tableId: 'events', operation: 'write' }] } };
const FIRESTORE = { access_firestore: { documents: [{ projectId: 'GOOGLE_CLOUD_PROJECT', path: 'users/*', operation: 'read_write' }] } };

test('BigQuery.insert: access_bigquery decides; allowed, it is not available offline', () => {
  assert.equal(
    serverError("require('BigQuery').insert({ datasetId: 'd', tableId: 'events' }, [{ a: 1 }]);", { permissions: BIGQUERY }),
    `BigQuery.insert: ${OFFLINE} mockObject('BigQuery', { insert: … })`,
  );
  const { error } = serverRun("require('BigQuery').insert({ datasetId: 'd', tableId: 'other' }, []);", { permissions: BIGQUERY });
  assert.ok(error instanceof PermissionError);
  assert.equal(error.message, 'BigQuery.insert: permission denied by access_bigquery: "write" on the table "(GOOGLE_CLOUD_PROJECT).d.other" is not among its tables');
  assert.equal(serverError("require('BigQuery').insert({ datasetId: 'd', tableId: 'events' }, {});", { permissions: BIGQUERY }), 'BigQuery.insert: argument 2 (rows) must be an array, not object');
});

test('Firestore: access_firestore decides by document path; allowed, it is not available offline', () => {
  const mock = "mockObject('Firestore', { read: …, write: …, query: …, runTransaction: … })";
  assert.equal(serverError("require('Firestore').read('users/u1');", { permissions: FIRESTORE }), `Firestore.read: ${OFFLINE} ${mock}`);
  assert.equal(serverError("require('Firestore').write('users/u1', { a: 1 }, { merge: true });", { permissions: FIRESTORE }), `Firestore.write: ${OFFLINE} ${mock}`);
  assert.equal(serverError("require('Firestore').query('users', [['a', '==', 1]]);", { permissions: FIRESTORE }), `Firestore.query: ${OFFLINE} ${mock}`);
  assert.equal(serverError("require('Firestore').runTransaction(() => 1);", { permissions: FIRESTORE }), `Firestore.runTransaction: ${OFFLINE} ${mock}`);
  assert.equal(
    serverError("require('Firestore').read('orders/o1');", { permissions: FIRESTORE }),
    'Firestore.read: permission denied by access_firestore: "read" of the document "orders/o1" is not among its documents (read_write users/*)',
  );
  assert.equal(
    serverError("require('Firestore').read('users/u1', { projectId: 'elsewhere' });", { permissions: FIRESTORE }),
    'Firestore.read: permission denied by access_firestore: "read" of the document "users/u1" is not among its documents (read_write users/*)',
  );
  assert.equal(serverError("require('Firestore').runTransaction(() => 1);", { permissions: {} }), 'Firestore.runTransaction: permission denied by access_firestore: the template does not declare the access_firestore permission');
});

test('sendEventToGoogleAnalytics and getGoogleScript are not available offline', () => {
  assert.equal(serverError("require('sendEventToGoogleAnalytics')({ event_name: 'x' });"), `sendEventToGoogleAnalytics: ${OFFLINE} mock('sendEventToGoogleAnalytics', …)`);
  assert.equal(serverError("require('getGoogleScript')('GTAG', { id: 'G-1' });"), `getGoogleScript: ${OFFLINE} mock('getGoogleScript', …)`);
  assert.equal(serverError("require('getGoogleScript')(1);"), 'getGoogleScript: argument 1 (script) must be a string, not number 1');
});

test('in template tests they are mocked: mockObject keeps working with the server runtime plugged in', async () => {
  const text = tplText({
    type: 'TAG',
    code: "require('BigQuery').insert({ datasetId: 'd', tableId: 'events' }, []).then(data.gtmOnSuccess);",
    permissions: section('SERVER', BIGQUERY),
    scenarios: [
      { name: 'mocked', code: "mockObject('BigQuery', { insert: () => require('Promise').create((resolve) => resolve()) });\nrunCode({});\nrequire('callLater')(() => assertApi('gtmOnSuccess').wasCalled());" },
      { name: 'not mocked', code: 'runCode({});' },
    ],
  });
  const report = await runTemplateTests(text, { host: serverTestHost() });
  assert.deepEqual(report.scenarios.map((s) => [s.name, s.passed, s.unavailableApis]), [['mocked', true, []], ['not mocked', false, []]]);
  assert.match(report.scenarios[1]!.failure!, /BigQuery\.insert: not available offline/);
});

// The server runtime in template tests (serverTestHost with runTemplateTests): a blank or given request per
// scenario, claims only while runCode runs, runContainer without tags, and unbound addEventCallback tolerated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TemplateType } from '../../api/define.ts';
import { section, tplText } from '../../test/helpers.ts';
import { runTemplateTests } from '../../test-runner/runner.ts';
import { serverTestHost, type ServerTestHostOptions } from '../test-host.ts';
import { ALLOW_ALL } from './helpers.ts';

async function scenarios(type: TemplateType, code: string, tests: Record<string, string>, options: ServerTestHostOptions = {}) {
  const text = tplText({ type, code, permissions: section('SERVER', ALLOW_ALL), scenarios: Object.entries(tests).map(([name, test]) => ({ name, code: test })) });
  const report = await runTemplateTests(text, { host: serverTestHost(options) });
  assert.deepEqual(report.loadErrors, []);
  return Object.fromEntries(report.scenarios.map((s) => [s.name, s.passed ? 'passed' : s.failure]));
}

test('a client in tests: the given request, a claim while runCode runs, runContainer calling back without tags', async () => {
  const client = `
    if (require('getRequestPath')() !== '/data') return;
    require('claimRequest')();
    require('runContainer')({ event_name: require('getRequestQueryParameter')('en') }, (bindToEvent) => {
      bindToEvent(require('addEventCallback'))(() => 1);
      require('addEventCallback')(() => 2);
      require('setResponseBody')('done');
      require('returnResponse')();
    }, () => require('logToConsole')('started'));`;
  const results = await scenarios(
    'CLIENT',
    client,
    {
      // onComplete runs as a task of its own, after the scenario's first callLater task
      'claims and answers': "const later = require('callLater');\nrunCode({});\nassertApi('claimRequest').wasCalled();\nlater(() => later(() => assertApi('returnResponse').wasCalled()));",
      'the request seen': "mock('getRequestPath', '/other');\nrunCode({});\nassertApi('claimRequest').wasNotCalled();",
    },
    { request: { url: '/data?en=page_view' } },
  );
  assert.deepEqual(results, { 'claims and answers': 'passed', 'the request seen': 'passed' });
});

test('in tests too, a claim from a callback comes after the client returned', async () => {
  const results = await scenarios('CLIENT', "const claimRequest = require('claimRequest');\nrequire('callLater')(() => claimRequest());", { late: 'runCode({});' });
  assert.deepEqual(results, { late: 'claimRequest: Tried to claim a request after a Client had returned. Calling claimRequest from a callback is not supported.' });
});

test('a tag in tests reads the given event; each scenario starts with a fresh request and response', async () => {
  const tag = `
    require('setResponseHeader')('x-n', require('getEventData')('n'));
    require('addEventCallback')(() => 1);
    data.gtmOnSuccess();`;
  const results = await scenarios('TAG', tag, { first: "runCode({});\nassertApi('gtmOnSuccess').wasCalled();", second: "runCode({});\nassertApi('setResponseHeader').wasCalledWith('x-n', '7');" }, { event: { n: '7' } });
  assert.deepEqual(results, { first: 'passed', second: 'passed' });
});

// The ___TESTS___ APIs: mocks are checked against the API they replace, runCode against the template's data.
import { test } from 'node:test';
import { assertCompiles, assertFails } from './harness.ts';

const withTests = { tests: true };
// What a template's env.d.ts adds to the empty declaration of tests.d.ts.
// Every sandbox file is a module, so a template's env.d.ts augments the global interface this way.
const templateData = `declare global {
  interface GtmTemplateData {
    endpoint: string;
    honourGpc: boolean;
  }
}
`;

test('a server tests.ts using every test API type-checks', () => {
  assertCompiles(
    `${templateData}const Promise = require('Promise');
const JSONApi = require('JSON');
const storage: { [key: string]: unknown } = {};
mock('getRequestPath', '/p/collect');
mock('getRequestHeader', (name) => (name === 'origin' ? 'https://example.com' : undefined));
mock('sendHttpRequest', (url, options, body) => Promise.create((resolve) => resolve({ statusCode: 200, url, options, body })));
mock('getTimestampMillis', 1747945830456);
mockObject('templateDataStorage', {
  getItemCopy: (key) => storage[key],
  setItemCopy: (key, value) => {
    storage[key] = value;
  },
});
mockObject('Firestore', { read: (path) => Promise.create((resolve) => resolve({ id: path, data: {} })) });
scenario('claims the collect path', () => {
  const result = runCode({ endpoint: '/p/collect' });
  assertThat(result).isUndefined();
  assertThat(result, 'runCode returns nothing for a client').isNotEqualTo(1);
  assertApi('claimRequest').wasCalled();
  assertApi('returnResponse').wasNotCalled();
  assertApi('setResponseStatus').wasCalledWith(200);
  assertApi('sendHttpRequest').wasNotCalledWith('https://other.example.com');
  assertApi('gtmOnSuccess').wasCalled();
  assertApi('gtmOnFailure').wasNotCalled();
});
scenario('every matcher', () => {
  const value: unknown = JSONApi.parse('[1, 2]');
  assertThat(value).isDefined();
  assertThat(null).isNull();
  assertThat(value).isNotNull();
  assertThat(true).isTrue();
  assertThat(false).isFalse();
  assertThat(1).isTruthy();
  assertThat(0).isFalsy();
  assertThat(NaN).isNaN();
  assertThat(1).isNotNaN();
  assertThat(Infinity).isInfinity();
  assertThat(1).isNotInfinity();
  assertThat(value).isEqualTo([1, 2]);
  assertThat(2).isAnyOf(1, 2);
  assertThat(3).isNoneOf(1, 2);
  assertThat('a').isStrictlyEqualTo('a');
  assertThat('4').isNotStrictlyEqualTo(4);
  assertThat(2).isGreaterThan(1);
  assertThat(2).isGreaterThanOrEqualTo(2);
  assertThat(1).isLessThan(2);
  assertThat(1).isLessThanOrEqualTo(1);
  assertThat(value).contains(2, 1);
  assertThat(value).doesNotContain(3);
  assertThat(value).containsExactly(2, 1);
  assertThat(value).doesNotContainExactly(1);
  assertThat(value).hasLength(2);
  assertThat([]).isEmpty();
  assertThat('a').isNotEmpty();
  assertThat(value).isArray();
  assertThat(true).isBoolean();
  assertThat(() => 1).isFunction();
  assertThat(1).isNumber();
  assertThat({}).isObject();
  assertThat('a').isString();
  if (value === undefined) fail('no value');
  fail();
});
`,
    'SERVER',
    withTests,
  );
});

test('mock and mockObject check the API name, the kind of API and the replacement', () => {
  assertFails(
    `mock('getTimestampMillis', 'soon');
mock('noSuchApi', 1);
mock('injectScript', () => undefined);
mock('JSON', {});
mockObject('getRequestPath', {});
mockObject('templateDataStorage', { getItem: (key: string) => key });
mock('sendHttpRequest', (url: number) => url);
mockObject('BigQuery', { insert: (connectionInfo) => connectionInfo.tableName });
`,
    'SERVER',
    [
      { code: 2345, line: 1, message: "Argument of type 'string' is not assignable to parameter of type 'number | (() => unknown)'" },
      { code: 2345, line: 2, message: `Argument of type '"noSuchApi"' is not assignable to parameter of type 'GtmFunctionApiName'` },
      { code: 2345, line: 3, message: `Argument of type '"injectScript"' is not assignable to parameter of type 'GtmFunctionApiName'` },
      { code: 2345, line: 4, message: `Argument of type '"JSON"' is not assignable to parameter of type 'GtmFunctionApiName'` },
      { code: 2345, line: 5, message: `Argument of type '"getRequestPath"' is not assignable to parameter of type 'GtmObjectApiName'` },
      { code: 2353, line: 6, message: "'getItem' does not exist in type 'GtmObjectMock<GtmTemplateDataStorage>'" },
      { code: 2345, line: 7, message: "Argument of type '(url: number) => number' is not assignable to parameter of type" },
      { code: 2339, line: 8, message: "Property 'tableName' does not exist on type 'GtmBigQueryTable'" },
    ],
    withTests,
  );
});

test('runCode takes the fields the template declares; assertApi takes API names and the data callbacks', () => {
  assertFails(
    `${templateData}runCode({ endpoint: '/p/collect', honourGpc: 'yes' });
runCode({ endpiont: '/p/collect' });
assertApi('gtmOnSucces').wasCalled();
assertApi('sendPixel').wasCalled();
assertApi('getUrl').wasCalledOnce();
`,
    'WEB',
    [
      { code: 2322, line: 7, message: "Type 'string' is not assignable to type 'boolean | undefined'" },
      { code: 2561, line: 8, message: "'endpiont' does not exist in type 'Partial<GtmTemplateData>'. Did you mean to write 'endpoint'?" },
      { code: 2345, line: 9, message: `Argument of type '"gtmOnSucces"' is not assignable to parameter of type 'keyof GtmApis | "gtmOnSuccess" | "gtmOnFailure"'` },
      { code: 2551, line: 11, message: "Property 'wasCalledOnce' does not exist on type 'GtmApiSubject'. Did you mean 'wasCalled'?" },
    ],
    withTests,
  );
});

test('assertThat returns the Truth-style matchers, each ending the chain', () => {
  assertFails(
    `assertThat(1).isEqualTo(1).isDefined();
assertThat([1]).hasLength('1');
assertThat(1).toBe(1);
scenario('needs a body', 1);
`,
    'WEB',
    [
      { code: 2339, line: 1, message: "Property 'isDefined' does not exist on type 'void'" },
      { code: 2345, line: 2, message: "Argument of type 'string' is not assignable to parameter of type 'number'" },
      { code: 2339, line: 3, message: "Property 'toBe' does not exist on type 'GtmSubject'" },
      { code: 2345, line: 4, message: "Argument of type 'number' is not assignable to parameter of type '() => void'" },
    ],
    withTests,
  );
});

test('the test APIs exist only in programs that include tests.d.ts', () => {
  assertFails(`mock('getUrl', 'https://example.com');\nassertThat(1).isEqualTo(1);\n`, 'WEB', [
    { code: 2304, line: 1, message: "Cannot find name 'mock'" },
    { code: 2304, line: 2, message: "Cannot find name 'assertThat'" },
  ]);
});

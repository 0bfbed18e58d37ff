// The data layer: GTM's merged model of the page's pushes, the container taking over window.dataLayer, and
// copyFromDataLayer / gtagSet with the keys read_data_layer and write_data_layer allow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataLayerModel } from '../data-layer.ts';
import { evaluateIn, failureIn, pageWith, sandboxIn, type Settings } from './helpers.ts';

test('pushes merge recursively: objects key by key, arrays index by index, other values replace', () => {
  const model = new DataLayerModel(() => undefined);
  const when = new Date(0);
  model.process({ event: 'view', ecommerce: { currency: 'EUR', items: [{ id: 'a', qty: 1 }, { id: 'b' }] }, user: { id: 1 } });
  model.process({ event: 'add', ecommerce: { items: [{ qty: 2 }] }, 'user.plan': 'pro', when });
  model.process({ user: 'anonymous' });
  assert.equal(model.get('event'), 'add');
  assert.deepEqual(model.get('ecommerce'), { currency: 'EUR', items: [{ id: 'a', qty: 2 }, { id: 'b' }] });
  assert.equal(model.get('ecommerce.items.1.id'), 'b');
  assert.equal(model.get('user'), 'anonymous');
  assert.equal(model.get('user.plan'), undefined);
  assert.equal(model.get('when'), when);
  assert.equal(model.get('missing.deeper'), undefined);
});

test('version 1 reads the latest push of the literal key, without merging', () => {
  const model = new DataLayerModel(() => undefined);
  model.process({ 'a.b': 1, c: { d: 1 } });
  model.process({ c: { e: 2 } });
  assert.deepEqual([model.get('a.b', 1), model.get('c', 1), model.get('c.d', 1)], [1, { e: 2 }, undefined]);
  assert.deepEqual(model.get('c'), { d: 1, e: 2 });
});

test('a pushed array changes nothing the model keeps after the push', () => {
  const model = new DataLayerModel(() => undefined);
  const items = [{ id: 'a' }];
  model.process({ items });
  items[0]!.id = 'changed';
  items.push({ id: 'b' });
  assert.deepEqual(model.get('items'), [{ id: 'a' }]);
});

test('the container processes what the data layer held and every later push, which still lands in the array', () => {
  const { page, container } = pageWith({ page: { window: { dataLayer: [{ page: 'home' }] } } });
  const dataLayer = page.window['dataLayer'] as unknown[];
  assert.equal(dataLayer.push({ event: 'click' }, { 'a.b': 1 }), 3);
  assert.deepEqual([...dataLayer], [{ page: 'home' }, { event: 'click' }, { 'a.b': 1 }]);
  assert.deepEqual([container.dataLayer.get('page'), container.dataLayer.get('event'), container.dataLayer.get('a')], ['home', 'click', { b: 1 }]);
  const other = pageWith({ page: { window: { dl: [{ x: 1 }] } }, container: { dataLayerName: 'dl' } });
  assert.equal(other.container.dataLayer.get('x'), 1);
});

const READ: Settings = { read_data_layer: { keys: ['ecommerce.*', 'event', 'when'] } };

test('copyFromDataLayer gives a copy of the value at a dotted key', () => {
  const { container } = pageWith({ page: { window: { dataLayer: [{ event: 'buy', ecommerce: { value: 10, items: [{ id: 'a' }] }, when: new Date(0) }] } } });
  const code = `
    const read = require('copyFromDataLayer');
    const items = read('ecommerce.items');
    items[0].id = 'changed';
    return [read('event'), read('ecommerce.value'), read('ecommerce.items'), read('ecommerce.items', 1), read('when'), read('ecommerce.none')];`;
  assert.deepEqual(evaluateIn(container, code, READ), ['buy', 10, [{ id: 'a' }], undefined, undefined, undefined]);
  assert.deepEqual(container.dataLayer.get('ecommerce.items'), [{ id: 'a' }]);
  assert.match(failureIn(container, "require('copyFromDataLayer')('ecommerce');", READ), /^copyFromDataLayer: permission denied by read_data_layer: the data layer key "ecommerce" is not among its data layer keys \(ecommerce\.\*, event, when\)$/);
  assert.match(failureIn(container, "require('copyFromDataLayer')('user.id');", READ), /not among its data layer keys/);
});

test('gtagSet queues a set command that the model takes after the code', async () => {
  const { page, container } = pageWith();
  const box = sandboxIn(
    container,
    "require('gtagSet')({ 'developer_id.abc': true, ads: { redaction: true } }); return require('copyFromDataLayer')('developer_id.abc');",
    { write_data_layer: { keys: ['developer_id.*', 'ads.redaction'] }, read_data_layer: { keys: 'any' } },
  );
  assert.equal(box.run({}).value, undefined);
  const [entry] = page.window['dataLayer'] as IArguments[];
  assert.equal(Object.prototype.toString.call(entry), '[object Arguments]');
  assert.deepEqual(Array.from(entry!), ['set', { 'developer_id.abc': true, ads: { redaction: true } }]);
  await box.scheduler.settle();
  assert.deepEqual([container.dataLayer.get('developer_id'), container.dataLayer.get('ads.redaction')], [{ abc: true }, true]);
});

test('write_data_layer checks the path of every value gtagSet writes', () => {
  const { container } = pageWith();
  const settings: Settings = { write_data_layer: { keys: ['developer_id.abc'] } };
  assert.equal(evaluateIn(container, "require('gtagSet')({ developer_id: { abc: true } }); return 1;", settings), 1);
  assert.match(failureIn(container, "require('gtagSet')({ developer_id: { abc: true, xyz: true } });", settings), /^gtagSet: permission denied by write_data_layer: the data layer key "developer_id\.xyz" is not among its data layer keys \(developer_id\.abc\)$/);
  assert.match(failureIn(container, "require('gtagSet')('developer_id.xyz', true);", settings), /the data layer key "developer_id\.xyz" is not among/);
  assert.match(failureIn(container, "require('gtagSet')(7);", settings), /argument 1 \(settings\) must be an object/);
});

test('gtagSet(key, value) queues gtag(\'set\', key, value), checked as that key', async () => {
  const { page, container } = pageWith();
  const box = sandboxIn(container, "require('gtagSet')('developer_id.abc', true); require('gtagSet')('ads', { redaction: true });", {
    write_data_layer: { keys: ['developer_id.abc', 'ads.redaction'] },
  });
  box.run({});
  assert.deepEqual((page.window['dataLayer'] as IArguments[]).map((entry) => Array.from(entry)), [['set', 'developer_id.abc', true], ['set', 'ads', { redaction: true }]]);
  await box.scheduler.settle();
  assert.deepEqual([container.dataLayer.get('developer_id.abc'), container.dataLayer.get('ads.redaction')], [true, true]);
});

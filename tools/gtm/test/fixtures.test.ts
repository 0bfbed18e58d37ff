// The fixture templates, built fresh, checked field by field against the format of GTM's own exports.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import * as acorn from 'acorn';
import { parse as parseYaml } from 'yaml';
import { buildTemplate, templateSource } from '../build.ts';
import { lintCode } from '../lint/index.ts';
import { PERMISSION_KINDS } from '../permissions/index.ts';
import { parseSections, readTemplateFile, type TemplateFile } from '../tpl/index.ts';

const fixtures = ['web-tag', 'web-variable', 'server-client', 'server-tag'];
const built = new Map<string, string>();

before(async () => {
  for (const name of fixtures) built.set(name, await buildTemplate(templateSource(join(import.meta.dirname, 'fixtures', name))));
});

const read = (name: string): TemplateFile => readTemplateFile(built.get(name)!);

test('files start with the BOM and hold GTM\'s sections in export order', () => {
  for (const name of fixtures) {
    const text = built.get(name)!;
    assert.ok(text.startsWith('\uFEFF___TERMS_OF_SERVICE___\n\n'), name);
    const server = name.startsWith('server');
    assert.deepEqual(
      parseSections(text).sections.map((s) => s.name),
      [
        'TERMS_OF_SERVICE',
        'INFO',
        'TEMPLATE_PARAMETERS',
        server ? 'SANDBOXED_JS_FOR_SERVER' : 'SANDBOXED_JS_FOR_WEB_TEMPLATE',
        server ? 'SERVER_PERMISSIONS' : 'WEB_PERMISSIONS',
        'TESTS',
        // GTM writes NOTES when a template has notes (ours come from the definition's `notes`)
        ...(read(name).notes === undefined ? [] : ['NOTES']),
      ],
      name,
    );
  }
});

test('JSON sections escape HTML characters as Gson does and indent by two spaces', () => {
  const text = built.get('web-tag')!;
  const json = parseSections(text).sections.filter((s) => ['INFO', 'TEMPLATE_PARAMETERS', 'WEB_PERMISSIONS'].includes(s.name));
  for (const section of json) {
    const strings = section.content.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    for (const s of strings) assert.doesNotMatch(s, /[<>&='']/, `${section.name}: ${s}`);
    assert.match(section.content, /^\[|^\{/);
    assert.ok(section.content.split('\n').every((l) => /^( {2})*\S|^$/.test(l)), section.name);
  }
  assert.match(text, /"displayName": "Fixture \\u003cWeb\\u003e Tag"/);
  assert.match(text, /\\u0026 symbols \\u003d escaped/);
});

test('INFO holds the fixed keys, the type and context of each template, and the embedded thumbnail', () => {
  const expected: Record<string, [string, string]> = {
    'web-tag': ['TAG', 'WEB'],
    'web-variable': ['MACRO', 'WEB'],
    'server-client': ['CLIENT', 'SERVER'],
    'server-tag': ['TAG', 'SERVER'],
  };
  for (const name of fixtures) {
    const { info, context } = read(name);
    const [type, ctx] = expected[name]!;
    assert.deepEqual(Object.keys(info).slice(0, 5), ['type', 'id', 'version', 'securityGroups', 'displayName'], name);
    assert.equal(info.type, type);
    assert.equal(info.id, 'cvt_temp_public_id');
    assert.equal(info.version, 1);
    assert.deepEqual(info.securityGroups, []);
    assert.deepEqual(info.containerContexts, [ctx]);
    assert.equal(context, ctx);
  }
  const brand = read('web-tag').info.brand as { thumbnail: string };
  assert.match(brand.thumbnail, /^data:image\/png;base64,iVBORw0KGgo/);
});

interface Field {
  type: string;
  name?: string;
  simpleValueType?: boolean;
  subParams?: Field[];
  radioItems?: { subParams?: Field[] }[];
  paramTableColumns?: { param: Field }[];
}

function fields(list: Field[]): Field[] {
  return list.flatMap((f) => [
    f,
    ...fields(f.subParams ?? []),
    ...fields((f.radioItems ?? []).flatMap((i) => i.subParams ?? [])),
    ...fields((f.paramTableColumns ?? []).map((c) => c.param)),
  ]);
}

test('the fixtures cover every parameter type, each with the keys GTM writes', () => {
  const all = fixtures.flatMap((name) => fields(read(name).parameters as Field[]));
  assert.deepEqual(
    [...new Set(all.map((f) => f.type))].sort(),
    ['CHECKBOX', 'GROUP', 'LABEL', 'PARAM_TABLE', 'RADIO', 'SELECT', 'SIMPLE_TABLE', 'TEXT'],
  );
  for (const f of all) {
    assert.equal(typeof f.name, 'string', JSON.stringify(f));
    assert.deepEqual(Object.keys(f).slice(0, 2), ['type', 'name']);
    if (['TEXT', 'SELECT', 'CHECKBOX', 'RADIO'].includes(f.type)) assert.equal(f.simpleValueType, true, f.name);
  }
});

interface TypedValue {
  type: number;
  string?: string;
  boolean?: boolean;
  listItem?: TypedValue[];
  mapKey?: TypedValue[];
  mapValue?: TypedValue[];
}

function assertTypedValue(v: TypedValue, where: string): void {
  const keys = Object.keys(v);
  if (v.type === 1) assert.deepEqual(keys, ['type', 'string'], where);
  else if (v.type === 8) assert.deepEqual(keys, ['type', 'boolean'], where);
  else if (v.type === 2) v.listItem!.forEach((item) => assertTypedValue(item, where));
  else if (v.type === 3) {
    assert.equal(v.mapKey!.length, v.mapValue!.length, where);
    v.mapKey!.forEach((k) => assert.equal(k.type, 1, where));
    v.mapValue!.forEach((item) => assertTypedValue(item, where));
  } else assert.fail(`${where}: unknown typed value ${v.type}`);
}

test('permissions are GTM instances with typed values, and the fixtures cover every kind of both contexts', () => {
  const seen = { WEB: new Set<string>(), SERVER: new Set<string>() };
  for (const name of fixtures) {
    const { permissions, context } = read(name);
    for (const p of permissions as { instance: { key: { publicId: string; versionId: string }; param: { key: string; value: TypedValue }[] }; isRequired: boolean }[]) {
      assert.deepEqual(Object.keys(p.instance), ['key', 'param']);
      assert.equal(p.instance.key.versionId, '1');
      assert.equal(p.isRequired, true);
      for (const param of p.instance.param) assertTypedValue(param.value, `${name} ${p.instance.key.publicId}.${param.key}`);
      seen[context].add(p.instance.key.publicId);
    }
  }
  for (const context of ['WEB', 'SERVER'] as const) {
    const kinds = PERMISSION_KINDS.filter((k) => k.contexts.includes(context)).map((k) => k.publicId).sort();
    assert.deepEqual([...seen[context]].sort(), kinds, context);
  }
});

test('the code is one sandbox script: it parses as a function body, lints clean and requires by literal', () => {
  for (const name of fixtures) {
    const { code, context } = read(name);
    acorn.parse(code, { ecmaVersion: 2015, allowReturnOutsideFunction: true });
    assert.deepEqual(lintCode(code, { context, kind: 'template' }).filter((f) => f.severity === 'error'), [], name);
    assert.doesNotMatch(code, /\bimport\b|\bexport\b|__gtm_|#__PURE__|sourceMappingURL/, name);
  }
});

test('___TESTS___ is YAML with named scenarios and a setup that lint clean as test code', () => {
  for (const name of fixtures) {
    const section = parseSections(built.get(name)!).sections.find((s) => s.name === 'TESTS')!;
    const yaml = parseYaml(section.content) as { scenarios: { name: string; code: string }[]; setup?: string };
    assert.ok(yaml.scenarios.length >= 2, name);
    const { tests, context } = read(name);
    assert.deepEqual(yaml.scenarios, tests!.scenarios);
    for (const s of yaml.scenarios) {
      assert.deepEqual(Object.keys(s), ['name', 'code']);
      const setupNames = (tests!.setup ?? '').match(/^const (\w+)/gm)?.map((m) => m.slice(6)) ?? [];
      const findings = lintCode(s.code, { context, kind: 'test', extraGlobals: setupNames }).filter((f) => f.severity === 'error');
      assert.deepEqual(findings, [], `${name}: ${s.name}`);
    }
  }
});

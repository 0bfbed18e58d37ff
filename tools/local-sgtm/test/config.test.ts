// Configuration files: what a valid one becomes, `${NAME}` substitution, JSON, and problems reported at their
// line and column, all at once.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { ConfigError, openContainer } from '../config.ts';
import { openContainerFile, parseConfigFile } from '../config-file.ts';
import { substituteEnv } from '../env-substitution.ts';
import { FIXTURE_CONFIG } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, '..', '..', 'gtm', 'test', 'fixtures');
const CLIENT_TPL = join(FIXTURES, 'server-client', 'template.tpl');
const TAG_TPL = join(FIXTURES, 'server-tag', 'template.tpl');
const folder = mkdtempSync(join(tmpdir(), 'local-sgtm-config-'));
after(() => rmSync(folder, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const file = join(folder, name);
  writeFileSync(file, text);
  return file;
}

/** The message of the ConfigError the file raises when opened. */
function problemsOf(file: string, env: Record<string, string> = {}): string {
  try {
    openContainerFile(file, { env, settings: {}, log: () => {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

test('the fixture configuration: container fields, settings, variables, templates read relative to the file, firing', async () => {
  const { config } = parseConfigFile(FIXTURE_CONFIG, { GCS_URL: 'http://127.0.0.1:4443', GCS_TOKEN: 't0k' });
  assert.equal(config.containerId, 'GTM-LOCAL-TEST');
  assert.equal(config.version, '7');
  const { googleCredentials, ...settings } = config.settings!;
  assert.deepEqual(settings, { outboundRoutes: { 'https://storage.googleapis.com': 'http://127.0.0.1:4443' } });
  assert.equal(googleCredentials!.source, "the configuration's settings.googleToken");
  assert.equal(await googleCredentials!.accessToken(['https://www.googleapis.com/auth/devstorage.read_write']), 't0k');
  assert.deepEqual(config.variables, { Bucket: 'events-bucket' });
  assert.deepEqual(
    config.clients.map(({ name, priority, data }) => ({ name, priority, data })),
    [{ name: 'Fixture client', priority: 10, data: { responseStatus: 200, allowedOrigins: [{ origin: 'https://www.example.com' }] } }],
  );
  assert.equal(config.clients[0]!.template, readFileSync(CLIENT_TPL, 'utf8'));
  const [tag] = config.tags!;
  assert.equal(tag!.template, readFileSync(TAG_TPL, 'utf8'));
  assert.deepEqual(tag!.data, { bucket: '{{Bucket}}', datasetId: '', userIdHandling: 'drop' });
  assert.deepEqual(tag!.firing, { eventName: ['page_view', 'signup'] });
});

test('${NAME}, ${NAME:-default} (also for an empty variable) and $${ for a literal', () => {
  const env = { HOST: 'sgtm.local', EMPTY: '' };
  assert.equal(substituteEnv('https://${HOST}/p', env), 'https://sgtm.local/p');
  assert.equal(substituteEnv('${MISSING:-fallback}-${EMPTY:-x}-${HOST:-y}', env), 'fallback-x-sgtm.local');
  assert.equal(substituteEnv('$${HOST} costs $5', env), '${HOST} costs $5');
  assert.throws(() => substituteEnv('${MISSING}', env), /MISSING is not set: set it, or write \$\{MISSING:-default\}/);
  assert.throws(() => substituteEnv('${not a name}', env), /does not name an environment variable/);
  assert.throws(() => substituteEnv('x ${HOST', env), /no closing brace/);
});

test('JSON is read too, tabs and all; settings given in code win over the file\'s, field by field', () => {
  const file = configFile(
    'container.json',
    `{\n\t"container": {"id": "GTM-JSON", "debugMode": true},\n\t"settings": {"outboundRoutes": {"https://storage.googleapis.com": "http://from-file"}},\n\t"clients": [{"name": "c", "template": ${JSON.stringify(CLIENT_TPL)}, "parameters": {"path": "/json"}}]\n}\n`,
  );
  const fromFile = openContainerFile(file, { env: {}, settings: {}, log: () => {} });
  assert.equal(fromFile.containerVersion.containerId, 'GTM-JSON');
  assert.equal(fromFile.debugMode, true);
  assert.equal(fromFile.clients[0]!.data['path'], '/json');
  // the template's default fills what the file leaves out
  assert.equal(fromFile.clients[0]!.data['responseStatus'], 204);
  assert.deepEqual(fromFile.services.outboundRoutes, { 'https://storage.googleapis.com': 'http://from-file' });
  const routes = { 'https://storage.googleapis.com': 'http://from-code' };
  assert.deepEqual(openContainerFile(file, { env: {}, settings: { outboundRoutes: routes }, log: () => {} }).services.outboundRoutes, routes);
});

test('shape problems are all reported, each at its line and column, in the file\'s order', () => {
  const file = configFile(
    'shapes.yaml',
    [
      'container:', //                                       1
      '  id: GTM-X', //                                      2
      '  debug: true', //                                    3 unknown key
      'clients:', //                                         4
      '  - name: c', //                                      5
      `    template: ${CLIENT_TPL}`, //                      6
      '    priority: high', //                               7 not a number
      '  - template: missing.tpl', //                        8 no name, no file
      'tags:', //                                            9
      '  - name: t', //                                     10
      `    template: ${TAG_TPL}`, //                        11
      '    firing: sometimes', //                           12
      '    parameters: [bucket]', //                        13
      'extra: 1', //                                        14
    ].join('\n'),
  );
  const lines = problemsOf(file).split('\n');
  assert.deepEqual(lines, [
    `${file}:3:3: unknown key "debug" in container; write one of: id, version, environment, pathPrefix, debugMode, googleCloudProject`,
    `${file}:7:15: priority must be a number (higher runs first), not "high"`,
    `${file}:8:5: name has no value: write name: <unique in the container>`,
    `${file}:8:15: cannot read the template missing.tpl (${join(folder, 'missing.tpl')}): no such file; template paths are relative to the configuration file`,
    `${file}:12:13: firing must be "all" or { eventName: [names] }, not "sometimes"`,
    `${file}:13:17: parameters must be a mapping (key: value), not a list`,
    `${file}:14:1: unknown key "extra" in the configuration; write one of: container, settings, variables, clients, tags`,
  ]);
});

test('an unset environment variable is reported where it is used', () => {
  const file = configFile('env.yaml', `clients:\n  - name: c\n    template: ${CLIENT_TPL}\n    parameters:\n      path: \${CLIENT_PATH}\n`);
  assert.equal(problemsOf(file), `${file}:5:13: the environment variable CLIENT_PATH is not set: set it, or write \${CLIENT_PATH:-default} to give a default`);
  assert.equal(openContainerFile(file, { env: { CLIENT_PATH: '/env' }, settings: {}, log: () => {} }).clients[0]!.data['path'], '/env');
});

test('a parameter the template does not have is reported at its key, naming the ones it has', () => {
  const file = configFile('params.yaml', `clients:\n  - name: c\n    template: ${CLIENT_TPL}\n    parameters:\n      path: /x\n      responseCode: 200\n`);
  assert.equal(problemsOf(file), `${file}:6:7: client "c": its template has no parameter "responseCode"; its parameters are path, responseStatus, setIdCookie, allowedOrigins`);
});

test('problems the container finds (an unknown {{variable}}, two clients of one name) name the file', () => {
  const unknownVariable = configFile('vars.yaml', `clients:\n  - name: c\n    template: ${CLIENT_TPL}\n    parameters: { path: "{{Path}}" }\n`);
  assert.equal(problemsOf(unknownVariable), `${unknownVariable}: client "c": {{Path}} names no variable; add "Path" to the container's variables`);
  const twice = configFile('twice.yaml', `clients:\n  - { name: c, template: ${CLIENT_TPL} }\n  - { name: c, template: ${CLIENT_TPL} }\n`);
  assert.match(problemsOf(twice), /twice\.yaml: the container has two clients or tags named "c"/);
});

test('YAML that does not parse, and a file without clients', () => {
  const broken = configFile('broken.yaml', 'clients:\n  - name: [c\n  - name: d\n');
  assert.match(problemsOf(broken), new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: not valid YAML or JSON: `));
  const empty = configFile('empty.yaml', 'container:\n  id: GTM-X\n');
  assert.equal(problemsOf(empty), `${empty}:1:1: the configuration has no clients: add a "clients" list with at least the client that claims your requests`);
  assert.equal(problemsOf(join(folder, 'absent.yaml')).split(': ENOENT')[0], `${join(folder, 'absent.yaml')}: cannot read the configuration file`);
});

test('a configuration given in code is checked the same way, without positions', () => {
  assert.throws(
    () => openContainer({ clients: [{ name: 'c', template: readFileSync(CLIENT_TPL, 'utf8'), data: { pth: '/x' } }] }, { settings: {}, log: () => {} }),
    (error) => error instanceof ConfigError && error.message === 'client "c": its template has no parameter "pth"; its parameters are path, responseStatus, setIdCookie, allowedOrigins',
  );
});

// Container configuration files (YAML, or JSON, which YAML reads too): which clients and tags run, from which .tpl
// files, with which parameter values. Values may name environment variables (`${GCS_URL}`). Every problem found is
// reported at once, at its line and column. README.md describes the format.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { staticTokenCredentials, type FiringRule, type ServerContainer } from '../gtm/emulator/server/index.ts';
import { ConfigError, openContainer, type ConfigPath, type ConfigProblem, type ContainerConfig, type OpenOptions } from './config.ts';
import { substituteEnv, type Environment } from './env-substitution.ts';

/** Reads, checks and opens a configuration file; a ConfigError lists every problem with its position. */
export function openContainerFile(file: string, options: OpenOptions & { env: Environment }): ServerContainer {
  const parsed = parseConfigFile(file, options.env);
  try {
    return openContainer(parsed.config, options);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(parsed.locate(error.problems), file);
    throw error;
  }
}

export interface ParsedConfigFile {
  /** templates read from their files */
  config: ContainerConfig;
  /** the problems with their line and column in the file (from their paths), in the file's order */
  locate: (problems: readonly ConfigProblem[]) => ConfigProblem[];
}

/** The configuration a file holds; a ConfigError when it is not one. */
export function parseConfigFile(file: string, env: Environment): ParsedConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ message: `cannot read the configuration file: ${(error as Error).message}` }], file);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { message: `not valid YAML or JSON: ${error.message}`, line, column: col };
    });
    throw new ConfigError(problems, file);
  }
  const locateOne = (problem: ConfigProblem): ConfigProblem => {
    if (problem.path === undefined || problem.line !== undefined) return problem;
    const offset = offsetOf(document, problem.path, problem.atKey ?? false);
    if (offset === undefined) return problem;
    const { line, col } = lineCounter.linePos(offset);
    return { ...problem, line, column: col };
  };
  const locate = (problems: readonly ConfigProblem[]): ConfigProblem[] =>
    problems.map(locateOne).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  const reader = new Reader(dirname(file), env);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    throw new ConfigError([{ message: (error as Error).message }], file);
  }
  const config = reader.config(value);
  if (reader.problems.length > 0) throw new ConfigError(locate(reader.problems), file);
  return { config, locate };
}

/** Where the node at `path` starts (its key's start with `atKey`); the nearest ancestor's when the path is not there. */
function offsetOf(document: Document, path: ConfigPath, atKey: boolean): number | undefined {
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(document);
    let next: unknown;
    let keyOffset: number | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      next = pair?.value;
      keyOffset = (pair?.key as Node | undefined)?.range?.[0];
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (atKey && i === path.length - 1 && keyOffset !== undefined) return keyOffset;
    const range = (next as Node | null | undefined)?.range;
    if (!range) return offset;
    node = next;
    offset = range[0];
  }
  return offset;
}

type Json = Record<string, unknown>;

const TOP_KEYS = ['container', 'settings', 'variables', 'clients', 'tags'];
const CONTAINER_KEYS = ['id', 'version', 'environment', 'pathPrefix', 'debugMode', 'googleCloudProject'];
const SETTINGS_KEYS = ['googleToken', 'localGoogleToken', 'outboundRoutes', 'privateKeys'];
const CLIENT_KEYS = ['name', 'template', 'priority', 'parameters'];
const TAG_KEYS = ['name', 'template', 'parameters', 'firing', 'id', 'metadata'];

/** Checks the parsed file field by field, collecting problems, and builds the configuration from what is valid. */
class Reader {
  readonly problems: ConfigProblem[] = [];

  constructor(
    private readonly folder: string,
    private readonly env: Environment,
  ) {}

  config(value: unknown): ContainerConfig {
    const top = this.object(value, [], TOP_KEYS, 'the configuration') ?? {};
    const container = this.object(top['container'], ['container'], CONTAINER_KEYS, 'container') ?? {};
    const settings = this.object(top['settings'], ['settings'], SETTINGS_KEYS, 'settings') ?? {};
    if (top['clients'] === undefined || top['clients'] === null) this.problem([], 'the configuration has no clients: add a "clients" list with at least the client that claims your requests');
    const clients = this.list(top['clients'], ['clients'], 'clients').map((item, i) => this.client(item, ['clients', i]));
    const tags = this.list(top['tags'], ['tags'], 'tags').map((item, i) => this.tag(item, ['tags', i]));
    const optional = <T>(key: string, v: T | undefined) => (v === undefined ? {} : { [key]: v });
    const googleToken = this.string(settings['googleToken'], ['settings', 'googleToken']);
    const localGoogleToken = this.string(settings['localGoogleToken'], ['settings', 'localGoogleToken']);
    const outboundRoutes = this.stringMap(settings['outboundRoutes'], ['settings', 'outboundRoutes']);
    const privateKeys = this.privateKeys(settings['privateKeys'], ['settings', 'privateKeys']);
    return {
      ...optional('containerId', this.string(container['id'], ['container', 'id'])),
      ...optional('version', this.version(container['version'], ['container', 'version'])),
      ...optional('environmentName', this.string(container['environment'], ['container', 'environment'])),
      ...optional('pathPrefix', this.pathPrefix(container['pathPrefix'], ['container', 'pathPrefix'])),
      ...optional('debugMode', this.boolean(container['debugMode'], ['container', 'debugMode'])),
      ...optional('googleCloudProject', this.string(container['googleCloudProject'], ['container', 'googleCloudProject'])),
      settings: {
        // a fixed token: no Application Default Credentials are looked for, so none reach a local stand-in
        ...optional('googleCredentials', googleToken === undefined ? undefined : staticTokenCredentials(googleToken, 'the configuration\'s settings.googleToken')),
        ...optional('localGoogleToken', localGoogleToken),
        ...optional('outboundRoutes', outboundRoutes),
        ...optional('privateKeys', privateKeys),
      },
      variables: this.substituted(this.object(top['variables'], ['variables'], undefined, 'variables') ?? {}, ['variables']) as Json,
      clients,
      tags,
    };
  }

  private client(value: unknown, path: ConfigPath) {
    const item = this.object(value, path, CLIENT_KEYS, 'a client') ?? {};
    const priority = item['priority'];
    if (priority !== undefined && (typeof priority !== 'number' || !Number.isFinite(priority))) this.problem([...path, 'priority'], `priority must be a number (higher runs first), not ${describe(priority)}`);
    return { ...this.instance(item, path), ...(typeof priority === 'number' ? { priority } : {}) };
  }

  private tag(value: unknown, path: ConfigPath) {
    const item = this.object(value, path, TAG_KEYS, 'a tag') ?? {};
    const id = this.string(item['id'], [...path, 'id']);
    const metadata = this.object(item['metadata'], [...path, 'metadata'], undefined, 'metadata');
    return {
      ...this.instance(item, path),
      firing: this.firing(item['firing'], [...path, 'firing']),
      ...(id === undefined ? {} : { id }),
      ...(metadata === undefined ? {} : { metadata: this.substituted(metadata, [...path, 'metadata']) as Json }),
    };
  }

  private instance(item: Json, path: ConfigPath) {
    const name = this.string(item['name'], [...path, 'name'], 'name: <unique in the container>') ?? `(unnamed ${path[0] === 'clients' ? 'client' : 'tag'} ${Number(path[1]) + 1})`;
    const parameters = this.object(item['parameters'], [...path, 'parameters'], undefined, 'parameters') ?? {};
    return { name, template: this.template(item['template'], [...path, 'template']), data: this.substituted(parameters, [...path, 'parameters']) as Json };
  }

  private template(value: unknown, path: ConfigPath): string {
    const file = this.string(value, path, 'template: <path of the .tpl file, relative to this file>');
    if (file === undefined) return '';
    const full = resolve(this.folder, file);
    try {
      return readFileSync(full, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
      this.problem(path, `cannot read the template ${file} (${full}): ${reason}; template paths are relative to the configuration file`);
      return '';
    }
  }

  private firing(value: unknown, path: ConfigPath): FiringRule {
    if (value === undefined || value === null || value === 'all') return 'all';
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `firing must be "all" or { eventName: [names] }, not ${describe(value)}`);
      return 'all';
    }
    const names = this.substituted(this.object(value, path, ['eventName'], 'firing')!['eventName'], [...path, 'eventName']);
    if (typeof names === 'string' || (Array.isArray(names) && names.length > 0 && names.every((n) => typeof n === 'string'))) return { eventName: names as string | string[] };
    this.problem([...path, 'eventName'], 'eventName must be an event name or a list of them');
    return 'all';
  }

  private version(value: unknown, path: ConfigPath): string | undefined {
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    return this.string(value, path);
  }

  private pathPrefix(value: unknown, path: ConfigPath): string | undefined {
    const prefix = this.string(value, path);
    if (prefix !== undefined && prefix !== '' && !/^\/[^?#]*$/.test(prefix)) this.problem(path, `pathPrefix must start with "/" and hold no query ("/metrics"), not ${describe(prefix)}`);
    return prefix;
  }

  private privateKeys(value: unknown, path: ConfigPath): Map<string, Buffer> | undefined {
    const keys = this.stringMap(value, path);
    if (keys === undefined) return undefined;
    const result = new Map<string, Buffer>();
    for (const [id, key] of Object.entries(keys)) {
      if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(key)) result.set(id, Buffer.from(key, 'base64'));
      else this.problem([...path, id], `the key "${id}" must be base64 (e.g. the output of: openssl rand -base64 32)`);
    }
    return result;
  }

  private stringMap(value: unknown, path: ConfigPath): Record<string, string> | undefined {
    const map = this.object(value, path, undefined, path.at(-1) as string);
    if (map === undefined) return undefined;
    const result: Record<string, string> = {};
    for (const key of Object.keys(map)) {
      const text = this.string(map[key], [...path, key], `${JSON.stringify(key)}: <text>`);
      if (text !== undefined) result[key] = text;
    }
    return result;
  }

  /** With `required` (what to write), an absent value is a problem. */
  private string(value: unknown, path: ConfigPath, required?: string): string | undefined {
    if (value === undefined || value === null) {
      if (required !== undefined) this.problem(value === null ? path : path.slice(0, -1), `${String(path.at(-1))} has no value: write ${required}`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(path, `${String(path.at(-1))} must be a string, not ${describe(value)}${typeof value === 'number' ? ' (quote it)' : ''}`);
      return undefined;
    }
    return this.substituted(value, path) as string;
  }

  private boolean(value: unknown, path: ConfigPath): boolean | undefined {
    if (value === undefined || value === null || typeof value === 'boolean') return value ?? undefined;
    this.problem(path, `${String(path.at(-1))} must be true or false, not ${describe(value)}`);
    return undefined;
  }

  /** A mapping (null counts as absent); with `keys`, other keys are problems. */
  private object(value: unknown, path: ConfigPath, keys: readonly string[] | undefined, what: string): Json | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `${what} must be a mapping (key: value), not ${describe(value)}`);
      return undefined;
    }
    for (const key of Object.keys(value)) {
      if (keys !== undefined && !keys.includes(key)) this.problem([...path, key], `unknown key "${key}" in ${what}; write one of: ${keys.join(', ')}`, true);
    }
    return value as Json;
  }

  private list(value: unknown, path: ConfigPath, what: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.problem(path, `${what} must be a list ("- name: …" items), not ${describe(value)}`);
    return [];
  }

  /** The value with `${NAME}` replaced in every string in it (keys stay as written). */
  private substituted(value: unknown, path: ConfigPath): unknown {
    if (typeof value === 'string') {
      try {
        return substituteEnv(value, this.env);
      } catch (error) {
        this.problem(path, (error as Error).message);
        return value;
      }
    }
    if (Array.isArray(value)) return value.map((item, i) => this.substituted(item, [...path, i]));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.substituted(v, [...path, k])]));
    return value;
  }

  private problem(path: ConfigPath, message: string, atKey = false): void {
    this.problems.push({ message, path, ...(atKey ? { atKey } : {}) });
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a mapping';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

// A server container: clients and tags (.tpl templates with their parameter values), constant variables, and the
// request cycle of sGTM. `handleRequest` runs the clients in priority order until one claims the request (a client
// that returns without claiming lets the next one run; when none claims, the answer is 400), runs the tags of
// every event the client passes to runContainer, and resolves with the response once a template calls
// returnResponse (or a guard time passes). Each client run and each tag run for an event runs the template's code
// anew, as GTM does, in one loaded sandbox per template (per template and request in preview mode): loading a realm
// and compiling the code per run cost more than the run. What belongs to a run (its request, event and messages) is
// found through an AsyncLocalStorage per sandbox, so callbacks of one run that fire while another runs still act on
// their own.
// templateDataStorage is one store per template for the life of the container (per request in preview mode).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContainerVersion, Host } from '../api/define.ts';
import { LoadError } from '../errors.ts';
import { Permissions } from '../permissions/checker.ts';
import { Sandbox, type RunCallbacks, type RunResult, type SandboxOptions } from '../sandbox.ts';
import { lintTemplateFile } from '../../lint/index.ts';
import { readTemplateFile, TplError, type TemplateFile } from '../../tpl/index.ts';
import { serverApis } from './apis/index.ts';
import type { EventData } from './measurement-protocol.ts';
import type { ContainerRequest } from './request.ts';
import { statusResponse, type ContainerResponse } from './response.ts';
import { ContainerEvent, createServices, Exchange, RunScope, type EventRunner, type FiredEvent, type ServerServices, type ServerSettings, type TagExecution } from './scope.ts';

export interface TemplateInstance {
  /** unique in the container; a client's name is what getClientName returns */
  readonly name: string;
  /** the .tpl file's text */
  readonly template: string;
  /** parameter values; the template's default values fill the rest, and '{{Name}}' in a string reads a variable */
  readonly data?: Readonly<Record<string, unknown>>;
}

export interface ClientConfig extends TemplateInstance {
  /** higher runs first; clients of equal priority run in the order given (default 0) */
  readonly priority?: number;
}

/** When a tag fires: for every event, or for events whose event_name is one of these. */
export type FiringRule = 'all' | { readonly eventName: string | readonly string[] };

export interface TagConfig extends TemplateInstance {
  /** the id addEventCallback reports (default: the tag's position, from 1) */
  readonly id?: string;
  /** default 'all' */
  readonly firing?: FiringRule;
  /** tag metadata, reported next to the tag's status */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface ServerContainerConfig {
  readonly containerId?: string;
  readonly version?: string;
  readonly environmentName?: string;
  readonly clients: readonly ClientConfig[];
  readonly tags?: readonly TagConfig[];
  /** constant variables, read as '{{Name}}' in parameter values */
  readonly variables?: Readonly<Record<string, unknown>>;
  /** the path of the server container URL ('/metrics'), which getRequestPath leaves out */
  readonly pathPrefix?: string;
}

export interface ServerContainerOptions extends ServerSettings {
  /** preview mode: logging with environments 'debug' logs, and templateDataStorage lasts one request */
  debugMode?: boolean;
  /** GOOGLE_CLOUD_PROJECT, for BigQuery and Firestore permissions written with that project */
  googleCloudProject?: string;
  /** where logToConsole and the container's own messages go (default console.log) */
  log?: (args: readonly unknown[]) => void;
  now?: () => number;
  /** the answer is 500 when no template returned a response by then (default 30 s) [UNVERIFIED: sGTM's limit] */
  responseTimeoutMs?: number;
  /** a tag that reported neither success nor failure by then has status 'timeout' (default 20 s) [UNVERIFIED] */
  tagTimeoutMs?: number;
}

interface LoadedTemplate {
  readonly name: string;
  readonly file: TemplateFile;
  readonly data: Record<string, unknown>;
  /** templateDataStorage of this template on this instance */
  readonly storage: Map<string, unknown>;
}

interface LoadedTag extends LoadedTemplate {
  readonly id: string;
  readonly firing: FiringRule;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export class ServerContainer {
  readonly clients: readonly LoadedTemplate[];
  readonly tags: readonly LoadedTag[];
  readonly pathPrefix: string;
  readonly services: ServerServices;
  readonly containerVersion: Partial<ContainerVersion>;
  readonly debugMode: boolean;
  readonly log: (args: readonly unknown[]) => void;
  readonly now: () => number;
  readonly responseTimeoutMs: number;
  readonly tagTimeoutMs: number;
  readonly googleCloudProject: string | undefined;

  /** Loads every template; a template GTM would not accept, or of the wrong kind, is a LoadError naming it. */
  constructor(config: ServerContainerConfig, options: ServerContainerOptions = {}) {
    const variables = config.variables ?? {};
    const stores = new Map<string, Map<string, unknown>>();
    const load = (instance: TemplateInstance, type: 'CLIENT' | 'TAG', role: string): LoadedTemplate => {
      const where = `${role} "${instance.name}"`;
      const file = readServerTemplate(instance.template, type, where);
      const storage = stores.get(instance.template) ?? new Map<string, unknown>();
      stores.set(instance.template, storage);
      const data = resolveVariables(instance.data ?? {}, variables, where) as Record<string, unknown>;
      return { name: instance.name, file, data: { ...parameterDefaults(file.parameters), ...data }, storage };
    };
    const names = [...config.clients, ...(config.tags ?? [])].map((i) => i.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated !== undefined) throw new LoadError(`the container has two clients or tags named "${repeated}"; give each its own name`);
    this.clients = config.clients
      .map((client, order) => ({ client, order }))
      .sort((a, b) => (b.client.priority ?? 0) - (a.client.priority ?? 0) || a.order - b.order)
      .map(({ client }) => load(client, 'CLIENT', 'client'));
    this.tags = (config.tags ?? []).map((tag, i) => ({
      ...load(tag, 'TAG', 'tag'),
      id: tag.id ?? String(i + 1),
      firing: tag.firing ?? 'all',
      metadata: tag.metadata ?? {},
    }));
    this.pathPrefix = config.pathPrefix ?? '';
    this.services = createServices(options);
    this.debugMode = options.debugMode ?? false;
    this.containerVersion = {
      ...(config.containerId === undefined ? {} : { containerId: config.containerId }),
      ...(config.version === undefined ? {} : { version: config.version }),
      ...(config.environmentName === undefined ? {} : { environmentName: config.environmentName }),
    };
    this.log = options.log ?? ((args) => console.log(...args));
    this.now = options.now ?? Date.now;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 30_000;
    this.tagTimeoutMs = options.tagTimeoutMs ?? 20_000;
    this.googleCloudProject = options.googleCloudProject;
  }
}

/** Serves one request: the clients, the events they run, the response a template returns. */
export function handleRequest(container: ServerContainer, request: ContainerRequest): Promise<ContainerResponse> {
  const exchange = new Exchange(request, container.pathPrefix);
  const guard = setTimeout(() => {
    if (exchange.send(statusResponse(500))) container.log([`no template returned a response to ${request.method} ${request.path} within ${container.responseTimeoutMs} ms; answered 500`]);
  }, container.responseTimeoutMs);
  void exchange.response.then(() => clearTimeout(guard));
  try {
    new RequestRun(container, exchange).runClients();
  } catch (error) {
    // a fault of the emulator, not of a template: the request still gets an answer
    container.log([`serving ${request.method} ${request.path} failed: ${errorText(error)}`]);
    exchange.send(statusResponse(500));
  }
  return exchange.response;
}

/** What one run of a template's code acts on; its APIs and asynchronous failures look it up when they happen. */
interface TemplateRun {
  readonly scope: RunScope;
  readonly onAsyncError: (error: unknown) => void;
}

/**
 * An object that forwards every read and write to what `current` gives at that moment; methods run on it.
 * The server APIs take their scope (some only its exchange) once, when a sandbox first requires them, and keep it.
 */
function liveView<T extends object>(current: () => T, overrides: Partial<Record<keyof T, unknown>> = {}): T {
  return new Proxy({} as T, {
    get: (_, key) => {
      if (Object.hasOwn(overrides, key)) return overrides[key as keyof T];
      const target = current();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, key, value) => Reflect.set(current(), key, value),
    has: (_, key) => Reflect.has(current(), key),
  });
}

/**
 * A template's sandbox, loaded once and run for every client or tag run of the template. Each has its own
 * AsyncLocalStorage of the run it serves: a client's message listener that a tag's run calls still acts for the
 * client's run, which the tag's run descends from.
 */
class LoadedSandbox {
  private readonly runs = new AsyncLocalStorage<TemplateRun>();

  constructor(readonly sandbox: Sandbox) {
    // The scheduler runs its queue from whichever run queued work first: each task keeps the run that queued it.
    const { scheduler } = sandbox;
    const later = scheduler.later.bind(scheduler);
    scheduler.later = (task) => {
      const run = this.running();
      later(() =>
        this.runs.run(run, () => {
          try {
            task();
          } catch (error) {
            run.onAsyncError(error);
          }
        }),
      );
    };
  }

  /** Runs the template's code anew for this run. */
  run(templateRun: TemplateRun, data: unknown, callbacks?: RunCallbacks): RunResult {
    return this.runs.run(templateRun, () => this.sandbox.run(data, callbacks));
  }

  running(): TemplateRun {
    const run = this.runs.getStore();
    // every entry into the sandbox's code starts inside `run`, and asynchronous work inherits it
    if (run === undefined) throw new Error('template code ran outside a client or tag run');
    return run;
  }

  /** A sandbox whose APIs act on the run it serves at the moment they are called. */
  static create(options: Omit<SandboxOptions, 'onAsyncError'> & { host: Omit<Host, 'apis'> }): LoadedSandbox {
    let loaded: LoadedSandbox | undefined;
    const running = (): TemplateRun => loaded!.running();
    const scope = liveView<RunScope>(() => running().scope, { exchange: liveView(() => running().scope.exchange) });
    loaded = new LoadedSandbox(
      new Sandbox({ ...options, onAsyncError: (error) => running().onAsyncError(error), host: { ...options.host, apis: serverApis(() => scope) } }),
    );
    return loaded;
  }
}

/** The loaded sandbox of each template outside preview mode, for the life of its container. */
const liveSandboxes = new WeakMap<LoadedTemplate, LoadedSandbox>();

/** One request's run: its clients, the events they fire, and (in preview mode) its own template storage. */
class RequestRun implements EventRunner {
  /** per template (by its live store, which templates of the same text share) */
  private readonly previewStores = new Map<Map<string, unknown>, Map<string, unknown>>();
  /** in preview mode, this request's sandbox of each template (its templateDataStorage is the request's) */
  private readonly previewSandboxes = new Map<LoadedTemplate, LoadedSandbox>();

  constructor(
    private readonly container: ServerContainer,
    private readonly exchange: Exchange,
  ) {}

  runClients(): void {
    const { container, exchange } = this;
    for (const client of container.clients) {
      const scope = this.scope('CLIENT', client.name);
      const onAsyncError = (error: unknown): void => container.log([`client "${client.name}": asynchronous code failed: ${errorText(error)}`]);
      const result = this.sandbox(client).run({ scope, onAsyncError }, client.data);
      scope.clientReturned = true;
      if (result.error !== undefined) container.log([`client "${client.name}" failed${result.at ? ` at line ${result.at.line}` : ''}: ${errorText(result.error)}`]);
      if (exchange.claimedBy !== undefined) {
        // a client that fails after claiming leaves no one to answer
        if (result.error !== undefined) exchange.send(statusResponse(500));
        return;
      }
    }
    exchange.send(statusResponse(400));
  }

  fire(data: EventData): FiredEvent {
    const event = new ContainerEvent(data);
    const tags = this.container.tags.filter((tag) => fires(tag.firing, data['event_name']));
    // tags start once the client's code has returned (onStart runs before any of them)
    const done = new Promise((resolve) => setImmediate(resolve)).then(() => Promise.all(tags.map((tag) => this.runTag(tag, event))));
    return { event, done };
  }

  private runTag(tag: LoadedTag, event: ContainerEvent): Promise<TagExecution> {
    const { container } = this;
    return new Promise((resolve) => {
      const start = container.now();
      let finished = false;
      const finish = (status: TagExecution['status']): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        resolve({ ...tag.metadata, id: tag.id, status, executionTime: container.now() - start });
      };
      const timer = setTimeout(() => {
        container.log([`tag "${tag.name}" reported neither success nor failure within ${container.tagTimeoutMs} ms`]);
        finish('timeout');
      }, container.tagTimeoutMs);
      const scope = this.scope('TAG', this.exchange.claimedBy ?? '', event);
      const onAsyncError = (error: unknown): void => {
        container.log([`tag "${tag.name}": asynchronous code failed: ${errorText(error)}`]);
        finish('failure');
      };
      // a tag whose code throws reports failure (Sandbox.run)
      const callbacks = { onSuccess: () => finish('success'), onFailure: () => finish('failure') };
      const result = this.sandbox(tag).run({ scope, onAsyncError }, tag.data, callbacks);
      if (result.error !== undefined) container.log([`tag "${tag.name}" failed${result.at ? ` at line ${result.at.line}` : ''}: ${errorText(result.error)}`]);
    });
  }

  private scope(role: 'CLIENT' | 'TAG', clientName: string, event?: ContainerEvent): RunScope {
    return new RunScope({ exchange: this.exchange, services: this.container.services, role, clientName, runner: this, requireBinding: true, ...(event ? { event } : {}) });
  }

  private sandbox(template: LoadedTemplate): LoadedSandbox {
    const loaded = this.container.debugMode ? this.previewSandboxes : liveSandboxes;
    let sandbox = loaded.get(template);
    if (sandbox === undefined) {
      sandbox = this.loadSandbox(template);
      loaded.set(template, sandbox);
    }
    return sandbox;
  }

  private loadSandbox(template: LoadedTemplate): LoadedSandbox {
    const { container } = this;
    return LoadedSandbox.create({
      context: 'SERVER',
      code: template.file.code,
      permissions: template.file.permissions,
      // checked to be CLIENT or TAG when the container was made
      templateType: template.file.info['type'] as 'CLIENT' | 'TAG',
      // linted when the container was made
      lint: false,
      clock: 'real',
      name: template.name,
      host: {
        debugMode: container.debugMode,
        containerVersion: container.containerVersion,
        log: container.log,
        now: container.now,
        templateDataStorage: this.storage(template),
        ...(container.googleCloudProject === undefined ? {} : { googleCloudProject: container.googleCloudProject }),
      },
    });
  }

  /** In preview mode a request has its own template storage (GTM: "temporary storage … for the lifetime of the request"). */
  private storage(template: LoadedTemplate): Map<string, unknown> {
    if (!this.container.debugMode) return template.storage;
    const store = this.previewStores.get(template.storage) ?? new Map<string, unknown>();
    this.previewStores.set(template.storage, store);
    return store;
  }
}

function fires(rule: FiringRule, eventName: unknown): boolean {
  if (rule === 'all') return true;
  const names: readonly string[] = typeof rule.eventName === 'string' ? [rule.eventName] : rule.eventName;
  return typeof eventName === 'string' && names.includes(eventName);
}

/** A server template of the given type, or a LoadError naming the client or tag. */
function readServerTemplate(text: string, type: 'CLIENT' | 'TAG', where: string): TemplateFile {
  const errors = lintTemplateFile(text).filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const problems = errors.map(({ line, column, message }) => ({ line, column, message }));
    throw new LoadError(`${where}: its template is not one GTM accepts:\n${problems.map((p) => `  ${p.line}:${p.column}: ${p.message}`).join('\n')}`, problems);
  }
  let file: TemplateFile;
  try {
    file = readTemplateFile(text);
  } catch (error) {
    if (error instanceof TplError) throw new LoadError(`${where}: ${error.message}`, [{ line: error.line, column: error.column, message: error.message }]);
    throw error;
  }
  if (file.context !== 'SERVER') throw new LoadError(`${where}: its template is a web template; a server container runs server templates`);
  if (file.info['type'] !== type) throw new LoadError(`${where}: its template is a ${String(file.info['type'])} template; ${type === 'CLIENT' ? 'clients' : 'tags'} need ${type} templates`);
  try {
    new Permissions('SERVER', file.permissions, { debugMode: false, googleCloudProject: undefined });
  } catch (error) {
    if (error instanceof LoadError) throw new LoadError(`${where}: ${error.message}`);
    throw error;
  }
  return file;
}

/** The defaultValue of every parameter (group members included), as GTM fills them into a new tag or client. */
function parameterDefaults(parameters: readonly unknown[]): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const p = parameter as { name?: unknown; defaultValue?: unknown; textAsList?: unknown; subParams?: unknown; radioItems?: unknown };
    if (typeof p.name === 'string' && p.defaultValue !== undefined) {
      // a "text as list" field hands the template an array of its lines
      defaults[p.name] = p.textAsList === true && typeof p.defaultValue === 'string' ? p.defaultValue.split('\n') : p.defaultValue;
    }
    if (Array.isArray(p.subParams)) Object.assign(defaults, parameterDefaults(p.subParams));
    if (Array.isArray(p.radioItems)) {
      for (const item of p.radioItems as { subParams?: unknown }[]) {
        if (Array.isArray(item.subParams)) Object.assign(defaults, parameterDefaults(item.subParams));
      }
    }
  }
  return defaults;
}

/** Parameter values with '{{Name}}' read from the variables: a whole-string reference keeps the variable's type. */
function resolveVariables(value: unknown, variables: Readonly<Record<string, unknown>>, where: string): unknown {
  const lookup = (name: string): unknown => {
    if (!Object.hasOwn(variables, name)) throw new LoadError(`${where}: {{${name}}} names no variable; add "${name}" to the container's variables`);
    return variables[name];
  };
  if (typeof value === 'string') {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(value);
    return whole ? lookup(whole[1]!) : value.replace(/\{\{([^{}]+)\}\}/g, (_, name: string) => String(lookup(name)));
  }
  if (Array.isArray(value)) return value.map((item) => resolveVariables(item, variables, where));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolveVariables(item, variables, where)]));
  }
  return value;
}

function errorText(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

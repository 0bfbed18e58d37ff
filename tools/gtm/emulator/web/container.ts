// One GTM container on a page: the state GTM keeps for the templates it runs there, and the templates' sandboxes.
// It takes over the page's data layer as gtm.js does (entries already there are processed, later pushes as they
// come), keeps the data layer model, the consent state and the page's policies (gtag('consent', …) and
// gtag('policy', …) commands), the injected-script cache and each template's templateStorage, and runs tags for an
// event so that addEventCallback callbacks hear how they ended. The same class serves MemoryPage in Node and
// BrowserPage in the browser bundle.
import type { ApiDefinition, ApiEnvironment, HostFunction, Host, TemplateType } from '../api/define.ts';
import { Sandbox } from '../sandbox.ts';
import type { Clock } from '../scheduler.ts';
import { webApiDefinitions } from './apis/index.ts';
import type { CookieDomain } from './apis/cookies.ts';
import { ConsentState } from './consent.ts';
import { DataLayerModel, gtagCommand, isPlainObject } from './data-layer.ts';
import type { Page } from './page.ts';
import { Policies, type PolicyFunction } from './policies.ts';

/** Which container serves a sandbox's API calls (one per page; the test host makes one per sandbox). */
export type ContainerOf = (env: ApiEnvironment) => WebContainer;

export interface WebContainerOptions {
  /** default 'GTM-EMULATOR' */
  containerId?: string;
  /** preview mode: logging with environments 'debug' logs (default false) */
  debugMode?: boolean;
  /** where the page is ('US', 'US-CA'), for regional consent defaults */
  region?: string;
  /** default 'dataLayer' */
  dataLayerName?: string;
  /** where logToConsole and failures of event callbacks go (default console.log) */
  log?: (args: readonly unknown[]) => void;
  /** whether loads lint template code by default (default true; the browser bundle has no linter) */
  lint?: boolean;
}

export interface TemplateCode {
  /** the template's code section */
  code: string;
  /** the permissions section's JSON */
  permissions?: readonly unknown[];
  templateType?: TemplateType;
  /** names the template: its templateStorage, and its code in stack traces (default 'template') */
  name?: string;
}

export interface LoadOptions {
  /** reject code the linter finds errors in (default: the container's `lint`) */
  lint?: boolean;
  /** default 'real' */
  clock?: Clock;
}

export interface TagRun {
  id: string;
  sandbox: Sandbox;
  data?: Record<string, unknown>;
}

export type TagStatus = 'success' | 'failure' | 'timeout';

export interface TagResult {
  id: string;
  status: TagStatus;
  executionTime: number;
}

export class WebContainer {
  readonly containerId: string;
  readonly dataLayer: DataLayerModel;
  readonly consent: ConsentState;
  readonly policies = new Policies();
  /** injectScript loads by cache token and URL */
  readonly scripts = new Map<string, Promise<void>>();
  /** what setCookie's domain 'auto' resolved to on this page, once probed */
  autoCookieDomain: CookieDomain | undefined;
  private readonly definitions: ApiDefinition[];
  private readonly stores = new Map<string, Map<string, unknown>>();
  private readonly appendToDataLayer: (entry: unknown) => void;
  /** commands templates queued, processed after the current event */
  private readonly queued: unknown[] = [];
  private flushScheduled = false;
  private eventsRunning = 0;
  private readonly eventCallbacks: HostFunction[] = [];
  private readonly log = (args: readonly unknown[]): void => (this.options.log ?? ((a) => console.log(...a)))(args);

  constructor(
    readonly page: Page,
    private readonly options: WebContainerOptions = {},
  ) {
    this.containerId = options.containerId ?? 'GTM-EMULATOR';
    this.consent = new ConsentState(options.region);
    this.dataLayer = new DataLayerModel((args) => this.command(args));
    this.definitions = webApiDefinitions(() => this);
    this.appendToDataLayer = this.takeOverDataLayer(options.dataLayerName ?? 'dataLayer');
  }

  /** What a sandbox of the template needs from this container (Sandbox's `host` option). */
  host(templateName = 'template'): Host {
    let store = this.stores.get(templateName);
    if (!store) this.stores.set(templateName, (store = new Map()));
    return {
      apis: this.definitions,
      debugMode: this.options.debugMode ?? false,
      containerVersion: { containerId: this.containerId },
      templateStorage: store,
      log: this.log,
    };
  }

  /** A sandbox running the template's code on this page. */
  load(template: TemplateCode, options: LoadOptions = {}): Sandbox {
    const name = template.name ?? 'template';
    return new Sandbox({
      context: 'WEB',
      code: template.code,
      permissions: template.permissions ?? [],
      ...(template.templateType ? { templateType: template.templateType } : {}),
      host: this.host(name),
      clock: options.clock ?? 'real',
      lint: options.lint ?? this.options.lint ?? true,
      name,
    });
  }

  /** The template's permission check, then the page's policies: for APIs that check in their implementation. */
  check(env: ApiEnvironment, api: string, permission: string, args: readonly unknown[]): void {
    env.permissions.check(api, permission, args);
    this.policies.check(env, api, permission, args);
  }

  /**
   * Pushes a gtag command to the page's data layer, for the container to process after the current event (or, with
   * no event running, after the calling template's code): GTM's gtagSet and consent commands.
   */
  enqueueCommand(env: ApiEnvironment, ...args: unknown[]): void {
    const entry = gtagCommand(...args);
    this.appendToDataLayer(entry);
    this.queued.push(entry);
    if (this.eventsRunning > 0 || this.flushScheduled) return;
    this.flushScheduled = true;
    env.scheduler.later(() => this.flush());
  }

  addEventCallback(callback: HostFunction): void {
    this.eventCallbacks.push(callback);
  }

  /**
   * Runs the tags of one event: each sandbox's code with its data, until it reports success or failure or
   * `timeoutMs` passes. Then the queued commands are processed and the addEventCallback callbacks registered
   * meanwhile are called with (containerId, {tags: [{id, status, executionTime}]}). Use sandboxes on the real clock.
   */
  async runTags(tags: readonly TagRun[], { timeoutMs = 2000 }: { timeoutMs?: number } = {}): Promise<TagResult[]> {
    this.eventsRunning++;
    let results: TagResult[];
    try {
      results = await Promise.all(tags.map((tag) => runTag(tag, timeoutMs)));
    } finally {
      this.eventsRunning--;
    }
    if (this.eventsRunning > 0) return results;
    this.report(() => this.flush());
    const callbacks = this.eventCallbacks.splice(0);
    for (const callback of callbacks) this.report(() => callback(this.containerId, { tags: results }));
    return results;
  }

  /** Runs `fn`; what it throws (a template's callback failing) is logged, as the page's console would show it. */
  private report(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      const message = (error as { message?: unknown } | null | undefined)?.message;
      this.log([`${this.containerId}: ${typeof message === 'string' ? message : String(error)}`]);
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const errors: unknown[] = [];
    for (const entry of this.queued.splice(0)) {
      try {
        this.dataLayer.process(entry);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  }

  /** gtag commands: set, consent default/update, policy; others (config, event, js, get) do nothing here. */
  private command([name, first, second]: unknown[]): void {
    if (name === 'set') {
      if (isPlainObject(first)) this.dataLayer.merge(first);
      else if (typeof first === 'string') this.dataLayer.merge({ [first]: second });
    } else if (name === 'consent' && isPlainObject(second)) {
      if (first === 'default') this.consent.setDefault(second);
      else if (first === 'update') this.consent.update(second);
    } else if (name === 'policy' && typeof first === 'string' && typeof second === 'function') {
      this.policies.add(first, second as PolicyFunction);
    }
  }

  /**
   * Processes the entries already in the page's data layer and replaces its push, so that later pushes are
   * processed as they come. Returns how the container itself appends an entry without processing it at once.
   */
  private takeOverDataLayer(name: string): (entry: unknown) => void {
    const win = this.page.window;
    if (!Array.isArray(win[name])) win[name] = [];
    const array = win[name] as unknown[];
    const push = array.push;
    for (const entry of array.slice()) this.report(() => this.dataLayer.process(entry));
    array.push = (...entries: unknown[]): number => {
      const length = push.apply(array, entries);
      for (const entry of entries) this.report(() => this.dataLayer.process(entry));
      return length;
    };
    return (entry) => void push.call(array, entry);
  }
}

function runTag(tag: TagRun, timeoutMs: number): Promise<TagResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (status: TagStatus) => () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      resolve({ id: tag.id, status, executionTime: Date.now() - started });
    };
    timer = setTimeout(finish('timeout'), timeoutMs);
    tag.sandbox.run(tag.data ?? {}, { onSuccess: finish('success'), onFailure: finish('failure') });
  });
}

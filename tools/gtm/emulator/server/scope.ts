// What the server APIs of one sandbox act on. An Exchange is one request being served: the request, the response
// being built, which client claimed it, the message listeners of its container run. A RunScope is one template
// run within it: a client's run, or a tag's run for one event. The container (container.ts) makes a scope per run;
// the test host (test-host.ts) makes one per test sandbox.
import type { ApiEnvironment, TemplateType } from '../api/define.ts';
import { applicationDefaultCredentials, type GoogleCredentials } from './google-auth.ts';
import type { OutboundRoutes } from './http-client.ts';
import type { EventData } from './measurement-protocol.ts';
import { keysFromEnvironment, type PrivateKeys } from './private-keys.ts';
import { pathWithoutPrefix, type ContainerRequest } from './request.ts';
import { ResponseDraft, type ContainerResponse } from './response.ts';

/** One tag's part in an event, as addEventCallback reports it. */
export interface TagExecution {
  id: string;
  /** [UNVERIFIED for the server: the statuses of the web's addEventCallback] */
  status: 'success' | 'failure' | 'exception' | 'timeout';
  executionTime: number;
  /** the tag's metadata, next to the fields above */
  [metadataKey: string]: unknown;
}

export type EventCallback = (containerId: string, eventData: { tags: TagExecution[] }) => void;

/** One event runContainer runs: its data and the callbacks waiting for its end. */
export class ContainerEvent {
  readonly callbacks: EventCallback[] = [];
  constructor(readonly data: EventData) {}
}

export interface FiredEvent {
  event: ContainerEvent;
  /** the executions of the tags that fired, once every one has finished */
  done: Promise<TagExecution[]>;
}

/** Runs the container's tags for an event of the request being served (runContainer). */
export interface EventRunner {
  fire(data: EventData): FiredEvent;
}

/** An event runner without tags: the events of test runs end at once. */
export const NO_TAGS: EventRunner = {
  fire: (data) => ({ event: new ContainerEvent(data), done: Promise.resolve([]) }),
};

export type MessageListener = (messageType: string, message: unknown) => void;

export class Exchange {
  readonly draft = new ResponseDraft();
  /** the name of the client that claimed the request */
  claimedBy: string | undefined;
  readonly listeners = new Map<string, MessageListener[]>();
  /** settles with the response when it is sent */
  readonly response: Promise<ContainerResponse>;
  /** the path getRequestPath gives: the server container URL's path prefix removed */
  readonly path: string;
  private sent: ContainerResponse | undefined;
  private deliver!: (response: ContainerResponse) => void;

  constructor(
    readonly request: ContainerRequest,
    pathPrefix = '',
  ) {
    this.path = pathWithoutPrefix(request, pathPrefix);
    this.response = new Promise((resolve) => (this.deliver = resolve));
  }

  get returned(): boolean {
    return this.sent !== undefined;
  }

  /** Sends the response (the draft by default); only the first call counts. True when this call sent it. */
  send(response: ContainerResponse = this.draft.freeze()): boolean {
    if (this.sent) return false;
    this.sent = response;
    this.deliver(response);
    return true;
  }
}

/** Host services the APIs share: credentials, keys and outbound routes, resolved once, when first needed. */
export interface ServerServices {
  credentials(): GoogleCredentials;
  privateKeys(): PrivateKeys | { problem: string };
  readonly outboundRoutes: OutboundRoutes;
}

/** How a container (or a test host) reaches Google and its keys. Every field is optional. */
export interface ServerSettings {
  /** where getGoogleAuth's tokens come from (default: Application Default Credentials, else `localGoogleToken`) */
  googleCredentials?: GoogleCredentials;
  /** the token used when no Application Default Credentials are found, for local runs */
  localGoogleToken?: string;
  /** hmacSha256's keys (default: the file SGTM_CREDENTIALS names, as in sGTM) */
  privateKeys?: PrivateKeys;
  /** outbound URL prefixes sent elsewhere, e.g. Cloud Storage to a local stand-in (http-client.ts) */
  outboundRoutes?: OutboundRoutes;
  /** the environment the defaults read (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
}

export function createServices(settings: ServerSettings = {}): ServerServices {
  let credentials = settings.googleCredentials;
  let keys: PrivateKeys | { problem: string } | undefined = settings.privateKeys;
  return {
    credentials: () => (credentials ??= applicationDefaultCredentials({ env: settings.env ?? process.env, ...(settings.localGoogleToken === undefined ? {} : { localToken: settings.localGoogleToken }) })),
    privateKeys: () => (keys ??= keysFromEnvironment(settings.env ?? process.env)),
    outboundRoutes: settings.outboundRoutes ?? {},
  };
}

export interface RunScopeInit {
  exchange: Exchange;
  services: ServerServices;
  /** the template's type: clients claim and answer, tags run for an event */
  role: TemplateType | undefined;
  /** the client's own name in a client run; getClientName's answer before any client claimed */
  clientName: string;
  /** the event a tag runs for */
  event?: ContainerEvent;
  runner: EventRunner;
  /** in a container, addEventCallback in a client must be bound to an event; test runs have no events to end */
  requireBinding: boolean;
}

export class RunScope {
  readonly exchange: Exchange;
  readonly services: ServerServices;
  readonly role: TemplateType | undefined;
  readonly clientName: string;
  readonly runner: EventRunner;
  readonly requireBinding: boolean;
  /** set once a client's code has returned: claimRequest then throws, as in GTM */
  clientReturned = false;
  private readonly event: ContainerEvent | undefined;
  private readonly bindings: ContainerEvent[] = [];

  constructor(init: RunScopeInit) {
    this.exchange = init.exchange;
    this.services = init.services;
    this.role = init.role;
    this.clientName = init.clientName;
    this.runner = init.runner;
    this.requireBinding = init.requireBinding;
    this.event = init.event;
  }

  /** The event an API call belongs to: the one bindToEvent bound it to, else the tag's. */
  currentEvent(): ContainerEvent | undefined {
    return this.bindings.at(-1) ?? this.event;
  }

  /** Runs `call` bound to `event` (runContainer's bindToEvent). */
  bound<T>(event: ContainerEvent, call: () => T): T {
    this.bindings.push(event);
    try {
      return call();
    } finally {
      this.bindings.pop();
    }
  }
}

/** How API definitions find the scope of the sandbox they serve. */
export type ScopeOf = (env: ApiEnvironment) => RunScope;

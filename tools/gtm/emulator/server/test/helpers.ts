// Shared by the server runtime's tests: template code run with the server APIs against a request, with
// permissions written as friendly settings; local HTTP servers; .tpl texts for containers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TemplateType } from '../../api/define.ts';
import { Sandbox } from '../../sandbox.ts';
import { section, tplText } from '../../test/helpers.ts';
import { serverApis } from '../apis/index.ts';
import type { EventData } from '../measurement-protocol.ts';
import { createRequest, type RequestInit } from '../request.ts';
import { ContainerEvent, createServices, Exchange, NO_TAGS, RunScope, type EventRunner, type ServerSettings } from '../scope.ts';

export type Settings = Record<string, Record<string, unknown>>;

/** Every server permission, allowing everything the tests do. */
export const ALLOW_ALL: Settings = {
  access_response: { parts: 'any', headers: 'any' },
  access_template_storage: {},
  get_cookies: { cookies: 'any' },
  logging: { environments: 'all' },
  read_container_data: {},
  read_event_data: { keys: 'any' },
  read_event_metadata: {},
  read_request: { parts: 'any', headers: 'any', queryParameters: 'any' },
  return_response: {},
  run_container: {},
  send_http: { urls: 'any' },
  send_pixel_from_browser: { urls: 'any' },
  set_cookies: { cookies: [{ name: 'id' }, { name: 'session' }] },
  use_custom_private_keys: { keyIds: ['k1'] },
  use_google_credentials: { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] },
  use_message: { messages: 'any' },
};

export interface ServerRunOptions {
  role?: TemplateType;
  /** default ALLOW_ALL */
  permissions?: Settings;
  request?: RequestInit;
  settings?: ServerSettings;
  /** the event a TAG runs for (default {}) */
  event?: EventData;
  pathPrefix?: string;
  runner?: EventRunner;
  data?: Record<string, unknown>;
}

export interface ServerRun {
  /** what the code returned, as host data */
  value: unknown;
  error: Error | undefined;
  exchange: Exchange;
  scope: RunScope;
  sandbox: Sandbox;
  logs: unknown[][];
}

/** Runs `code` once as a template with the server APIs (virtual clock: `await run.sandbox.scheduler.settle()`). */
export function serverRun(code: string, options: ServerRunOptions = {}): ServerRun {
  const role = options.role ?? 'CLIENT';
  const exchange = new Exchange(createRequest(options.request ?? { url: '/' }), options.pathPrefix);
  const scope = new RunScope({
    exchange,
    services: createServices({ env: {}, ...options.settings }),
    role,
    clientName: 'Test Client',
    ...(role === 'CLIENT' ? {} : { event: new ContainerEvent(options.event ?? {}) }),
    runner: options.runner ?? NO_TAGS,
    requireBinding: true,
  });
  const logs: unknown[][] = [];
  const sandbox = new Sandbox({
    context: 'SERVER',
    code,
    permissions: section('SERVER', options.permissions ?? ALLOW_ALL),
    templateType: role,
    clock: 'virtual',
    host: { apis: serverApis(() => scope), log: (args) => logs.push([...args]) },
    onAsyncError: (error) => logs.push(['async error', (error as Error).message]),
  });
  const result = sandbox.run(options.data ?? {});
  scope.clientReturned = true;
  return { value: sandbox.boundary.copyToHost(result.value), error: result.error as Error | undefined, exchange, scope, sandbox, logs };
}

/** The value the code returns; throws what it throws. */
export function serverValue(code: string, options: ServerRunOptions = {}): unknown {
  const run = serverRun(code, options);
  if (run.error) throw run.error;
  return run.value;
}

/** The message of the error the code ends with. */
export function serverError(code: string, options: ServerRunOptions = {}): string {
  const { error } = serverRun(code, options);
  if (!error) throw new Error('expected the code to fail, but it returned');
  return error.message;
}

export interface LocalServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** A throwaway HTTP server on 127.0.0.1; `handle` answers each request (after its body was read). */
export async function localServer(handle: (request: IncomingMessage, body: string, response: ServerResponse) => void): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
      handle(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (a server opened and closed again). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server template's .tpl text. */
export function serverTemplate(type: 'CLIENT' | 'TAG', code: string, permissions: Settings = ALLOW_ALL): string {
  return tplText({ context: 'SERVER', type, code, permissions: section('SERVER', permissions), scenarios: [] });
}

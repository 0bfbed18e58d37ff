// A local stand-in for sGTM on Cloud Run: one Node HTTP server hosting the emulator's server runtime with a
// container configuration. Requests are served concurrently by one ServerContainer, whose state (template data
// storage) they share as the requests of one sGTM instance do. Health checks, a body limit, one log line per
// request and a graceful shutdown are what the deployment around sGTM provides.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { format } from 'node:util';
import { handleRequest, requestFromNode, writeNodeResponse, type ServerContainer, type ServerSettings } from '../gtm/emulator/server/index.ts';
import { DEFAULT_MAX_BODY_BYTES, readBodyWithin } from './body.ts';
import { openContainer, type ContainerConfig } from './config.ts';
import { openContainerFile } from './config-file.ts';
import type { Environment } from './env-substitution.ts';

export interface LocalSgtmOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** the configuration, or the path of a YAML or JSON configuration file (README.md) */
  container: ContainerConfig | string;
  /** how templates reach Google (tokens, keys, outbound routes); these win over the configuration's, field by field */
  settings?: ServerSettings;
  /** what `${NAME}` in a configuration file and the settings' defaults read (default process.env) */
  env?: Environment;
  /** where request lines, template logs and the server's messages go (default console.log) */
  log?: (line: string) => void;
  /** no request lines (template logs and errors still go to `log`) */
  quiet?: boolean;
  /** larger request bodies are answered 413 (default 1 MiB) */
  maxBodyBytes?: number;
  /** how long close() lets requests in flight finish before cutting their connections (default 10 s, Cloud Run's grace period) */
  shutdownTimeoutMs?: number;
}

export interface LocalSgtm {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  container: ServerContainer;
  /** Stops accepting connections, lets the requests in flight finish, then closes; later calls return the same promise. */
  close(): Promise<void>;
}

/** The paths health checks probe; both answer, since which one Google's image serves is unverified (gtm-templates reference §7). */
const HEALTH_PATHS: readonly string[] = ['/healthz', '/healthy'];

export async function startLocalSgtm(options: LocalSgtmOptions): Promise<LocalSgtm> {
  const { port = 0, host = '127.0.0.1', quiet = false, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, shutdownTimeoutMs = 10_000 } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const env = options.env ?? process.env;
  const openOptions = { settings: { env, ...options.settings }, log: (args: readonly unknown[]) => log(format(...args)) };
  const container = typeof options.container === 'string' ? openContainerFile(options.container, { ...openOptions, env }) : openContainer(options.container, openOptions);

  const inFlight = new InFlight();
  let closing = false;

  /** What to write for a request: a health answer, a 413, or the container's response. */
  const respond = async (message: IncomingMessage): Promise<(out: ServerResponse) => void> => {
    if (HEALTH_PATHS.includes(pathOf(message)) && (message.method === 'GET' || message.method === 'HEAD')) return (out) => answer(out, 200, 'ok');
    const body = await readBodyWithin(message, maxBodyBytes);
    if (body === undefined) return (out) => answer(out, 413, `request body larger than ${maxBodyBytes} bytes`);
    const response = await handleRequest(container, requestFromNode(message, body));
    return (out) => writeNodeResponse(response, out);
  };

  const serve = async (message: IncomingMessage, out: ServerResponse): Promise<void> => {
    const started = performance.now();
    inFlight.add(out);
    out.once('close', () => {
      if (!quiet) log(requestLine(message, out, performance.now() - started));
    });
    try {
      const write = await respond(message);
      // a keep-alive connection would outlive close()
      if (closing) out.setHeader('connection', 'close');
      write(out);
    } catch (error) {
      log(`${message.method} ${pathOf(message)}: local-sgtm failed: ${(error as Error).stack ?? String(error)}`);
      if (!out.headersSent && !out.destroyed) answer(out, 500, 'internal error in local-sgtm');
      else out.destroy();
    }
  };

  const server = createServer((message, out) => void serve(message, out));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (!(await inFlight.drained(shutdownTimeoutMs))) {
        log(`local-sgtm: requests still running after ${shutdownTimeoutMs} ms; closing their connections`);
        server.closeAllConnections();
        // their responses close (and are logged) as their sockets do
        await inFlight.drained(Infinity);
      }
      server.closeAllConnections();
      await stopped;
    })());

  return { url: `http://${urlHost(host)}:${actualPort}`, port: actualPort, container, close };
}

/** The responses being served, and a way to wait until there are none. */
class InFlight {
  private readonly open = new Set<ServerResponse>();
  private readonly waiting = new Set<() => void>();

  add(out: ServerResponse): void {
    this.open.add(out);
    out.once('close', () => {
      this.open.delete(out);
      if (this.open.size === 0) for (const wake of this.waiting) wake();
    });
  }

  /** True once every response is done, false if `timeoutMs` passed first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (result: boolean): void => {
        clearTimeout(timer);
        this.waiting.delete(wake);
        resolve(result);
      };
      const wake = (): void => done(true);
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => done(false), timeoutMs) : undefined;
      this.waiting.add(wake);
    });
  }
}

function answer(out: ServerResponse, status: number, text: string): void {
  out.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  out.end(text);
}

/** The path only: queries (the pixel fallback's `?e=`) carry event data, which has no place in logs. */
function pathOf(message: IncomingMessage): string {
  return (message.url ?? '/').split('?')[0]!;
}

/** `POST /p/collect 200 12ms`; a response that never completed shows as `aborted`. */
function requestLine(message: IncomingMessage, out: ServerResponse, ms: number): string {
  return `${message.method} ${pathOf(message)} ${out.writableFinished ? out.statusCode : 'aborted'} ${Math.round(ms)}ms`;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

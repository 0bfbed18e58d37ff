// A local server speaking enough of the Google Cloud Storage JSON API for the official Node client and for plain HTTP
// uploads like the ones an sGTM template makes. Objects are files under the data folder (see store.ts for the layout).
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import { GcsError } from './errors.ts';
import { FaultInjector, type Faults } from './faults.ts';
import { queryOf } from './http.ts';
import { jsonApiRoutes } from './json-api.ts';
import { ObjectStore } from './store.ts';
import { uploadRoutes } from './uploads.ts';

export type { Faults } from './faults.ts';

export interface LocalGcsOptions {
  /** Folder holding one sub-folder per bucket; created if missing. */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** When given and not empty, every request needs `Authorization: Bearer <one of these>` (or ?access_token=). */
  tokens?: readonly string[];
  /** Buckets exist as soon as they are named, their folder created by the first write (default true). */
  autoCreateBuckets?: boolean;
  faults?: Faults;
  /** How long close() lets the requests in flight be answered before it cuts their connections (default 1000 ms). */
  closeGraceMs?: number;
}

export interface LocalGcs {
  /** e.g. http://127.0.0.1:4443; pass it as `apiEndpoint` to the official client. */
  url: string;
  port: number;
  /** The data folder, absolute. */
  dataDir: string;
  setFaults(faults: Faults): void;
  /** Answers the requests in flight and closes every connection (see the README); calling it again waits for the same close. */
  close(): Promise<void>;
}

/** Path of the control endpoint: PUT a Faults object as JSON to change faults in a running server (e.g. from e2e tests). */
export const FAULTS_PATH = '/_local-gcs/faults';

export async function startLocalGcs(options: LocalGcsOptions): Promise<LocalGcs> {
  const { port = 0, host = '127.0.0.1', tokens = [], autoCreateBuckets = true, closeGraceMs = 1000 } = options;
  const faults = new FaultInjector(options.faults);
  const accepted = new Set(tokens);
  const store = new ObjectStore(options.dataDir, autoCreateBuckets);
  await store.open();

  const app = Fastify({ logger: false });

  // Node's server.close() closes only the connections idle at that moment. One whose request is answered later goes
  // idle then, and kept close() waiting for the keep-alive timeout (72 s). So once closing, an answer closes its
  // connection: answers not yet sent say `Connection: close` (Node ends the connection after them), and an answer
  // already under way closes its connection, now idle, when it is done.
  let closing = false;
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('Connection', 'close');
  });
  app.addHook('onResponse', async () => {
    if (closing) app.server.closeIdleConnections();
  });

  app.setErrorHandler((error: FastifyError | GcsError, _request, reply) => {
    const gcs = toGcsError(error);
    reply.code(gcs.code).headers(gcs.headers);
    return gcs.code === 304 ? reply.send() : reply.send(gcs.body());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new GcsError(404, 'notFound', `Not Found: ${request.method} ${request.url.split('?')[0]} is not part of the emulated JSON API.`);
    return reply.code(404).send(error.body());
  });

  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith(FAULTS_PATH)) return;
    const fault = await faults.apply();
    if (fault) throw fault;
    if (accepted.size > 0 && !isSessionRequest(request)) authorize(request, accepted);
  });

  app.put(FAULTS_PATH, async (request) => {
    try {
      faults.set((request.body ?? {}) as Faults);
    } catch (error) {
      throw new GcsError(400, 'invalid', (error as Error).message);
    }
    return faults.current;
  });

  await app.register(jsonApiRoutes(store));
  await app.register(uploadRoutes(store));

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      closing = true;
      // a client that stops sending its body or reading the answer would keep its request, and close(), open
      const cut = setTimeout(() => app.server.closeAllConnections(), closeGraceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
      }
      await store.close();
    })());
  try {
    await app.listen({ port, host });
  } catch (error) {
    await close();
    throw error;
  }
  const { port: actualPort } = app.server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${actualPort}`,
    port: actualPort,
    dataDir: store.dataDir,
    setFaults: (next) => faults.set(next),
    close,
  };
}

/** Session PUTs carry no credentials in GCS either: the unguessable session URL is the permission. */
function isSessionRequest(request: FastifyRequest): boolean {
  return (request.method === 'PUT' || request.method === 'DELETE') && request.url.startsWith('/upload/') && queryOf(request).upload_id !== undefined;
}

function authorize(request: FastifyRequest, accepted: ReadonlySet<string>): void {
  const header = request.headers.authorization;
  const token = header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : queryOf(request).access_token;
  const challenge = { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' };
  if (token === undefined && header === undefined) {
    throw new GcsError(401, 'required', 'Anonymous caller does not have access: send Authorization: Bearer <token>.', challenge);
  }
  if (token === undefined || !accepted.has(token)) throw new GcsError(401, 'authError', 'Invalid Credentials', challenge);
}

function toGcsError(error: FastifyError | GcsError): GcsError {
  if (error instanceof GcsError) return error;
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return new GcsError(status, 'invalid', error.message);
  return new GcsError(500, 'backendError', `Internal error in local-gcs: ${error.message}`);
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

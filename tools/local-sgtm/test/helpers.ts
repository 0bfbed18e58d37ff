// The local stack the tests serve through: a local GCS (with a bearer token) on a fresh data folder, and a local
// sGTM running the fixture container (test/fixtures/container.yaml) whose tag uploads go to that GCS.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startLocalGcs, type LocalGcs } from '../../local-gcs/server.ts';
import { startLocalSgtm, type LocalSgtm, type LocalSgtmOptions } from '../server.ts';

export const FIXTURE_CONFIG = join(import.meta.dirname, 'fixtures', 'container.yaml');
export const GCS_TOKEN = 'local-sgtm-test-token';
export const BUCKET = 'events-bucket';

export interface Stack {
  readonly gcs: LocalGcs;
  readonly sgtm: LocalSgtm;
  readonly dataDir: string;
  /** every line the local sGTM logged */
  readonly lines: string[];
}

/** The environment the fixture configuration reads. */
export function fixtureEnv(gcs: LocalGcs): Record<string, string> {
  return { GCS_URL: gcs.url, GCS_TOKEN };
}

/** A stack for the tests of one file, started before them and stopped after. */
export function useStack(options: Partial<LocalSgtmOptions> = {}): Stack {
  const state = { lines: [] as string[] } as { -readonly [K in keyof Stack]: Stack[K] };
  before(async () => {
    state.dataDir = await mkdtemp(join(tmpdir(), 'local-sgtm-test-'));
    state.gcs = await startLocalGcs({ dataDir: state.dataDir, tokens: [GCS_TOKEN] });
    state.sgtm = await startLocalSgtm({ container: FIXTURE_CONFIG, env: fixtureEnv(state.gcs), log: (line) => state.lines.push(line), ...options });
  });
  after(async () => {
    await state.sgtm.close();
    await state.gcs.close();
    await rm(state.dataDir, { recursive: true, force: true });
  });
  return state;
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Outgoing {
  method?: string;
  headers?: Record<string, string>;
  /** a string is sent with its Content-Length; a list of chunks is sent chunked */
  body?: string | readonly string[];
  /** default: a connection of its own, closed after the response */
  agent?: Agent;
}

/** One request, with full control of the headers (Host included). */
export function send(url: string, { method = 'GET', headers = {}, body, agent }: Outgoing = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method, headers, agent: agent ?? false }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode!, headers: incoming.headers, body: Buffer.concat(chunks).toString() }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    if (Array.isArray(body)) for (const chunk of body) outgoing.write(chunk);
    outgoing.end(typeof body === 'string' ? body : undefined);
  });
}

/** What a browser on https://www.example.com sends to the sGTM at sgtm.example.co.uk. */
export function browserHeaders(cookieId: string): Record<string, string> {
  return {
    host: 'sgtm.example.co.uk',
    origin: 'https://www.example.com',
    'user-agent': 'Mozilla/5.0 (local-sgtm test)',
    cookie: `fixture_id=${cookieId}`,
    'content-type': 'text/plain',
  };
}

/** Names of the objects in the bucket's folder of the local GCS data folder. */
export async function storedObjects(dataDir: string, bucket = BUCKET): Promise<string[]> {
  try {
    const entries = await readdir(join(dataDir, bucket), { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(join(dataDir, bucket).length + 1))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

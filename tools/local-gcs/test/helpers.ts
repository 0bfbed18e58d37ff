// Servers on fresh temporary data folders, and helpers for talking to them.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startLocalGcs, type LocalGcs, type LocalGcsOptions } from '../server.ts';

export function useServer(options: Omit<LocalGcsOptions, 'dataDir'> = {}): { readonly gcs: LocalGcs; readonly dataDir: string } {
  const state = {} as { gcs: LocalGcs; dataDir: string };
  before(async () => Object.assign(state, await startServer(options)));
  after(async () => {
    await state.gcs.close();
    await rm(state.dataDir, { recursive: true, force: true });
  });
  return state;
}

/** A server of its own on a fresh data folder, for a test that closes it itself (and then removes the folder). */
export async function startServer(options: Omit<LocalGcsOptions, 'dataDir'> = {}): Promise<{ gcs: LocalGcs; dataDir: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'local-gcs-test-'));
  return { gcs: await startLocalGcs({ ...options, dataDir, port: 0 }), dataDir };
}

/** Resolves once `done` holds, polling; fails naming `what` after `timeoutMs`. */
export async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** `promise`, or a failure naming `what` if it is still pending after `timeoutMs`: for "this does not hang". */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, bound]);
  } finally {
    clearTimeout(timer);
  }
}

/** A media upload the way an sGTM template sends one. */
export function mediaUpload(
  url: string,
  bucket: string,
  name: string,
  body: string,
  options: { token?: string; ifGenerationMatch?: number; contentType?: string } = {},
): Promise<Response> {
  const query = new URLSearchParams({ uploadType: 'media', name });
  if (options.ifGenerationMatch !== undefined) query.set('ifGenerationMatch', String(options.ifGenerationMatch));
  const headers: Record<string, string> = { 'Content-Type': options.contentType ?? 'application/x-ndjson' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return fetch(`${url}/upload/storage/v1/b/${bucket}/o?${query}`, { method: 'POST', headers, body });
}

export interface ErrorBody {
  error: { code: number; message: string; errors: { message: string; domain: string; reason: string }[] };
}

export function assertErrorShape(body: unknown, code: number): asserts body is ErrorBody {
  const error = (body as Partial<ErrorBody>).error;
  assert.equal(error?.code, code, `expected a GCS error body with code ${code}, got ${JSON.stringify(body)}`);
  assert.equal(typeof error.message, 'string');
  assert.equal(error.errors[0]?.domain, 'global');
  assert.equal(typeof error.errors[0]?.reason, 'string');
}

/** The HTTP status inside an error from the official client (ApiError has `code`; a GaxiosError has `status`). */
export function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const candidate of [e.code, e.status, e.response?.status]) if (typeof candidate === 'number') return candidate;
  return undefined;
}

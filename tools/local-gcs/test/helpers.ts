// A server on a fresh temporary data folder per test file, removed afterwards.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { startLocalGcs, type LocalGcs, type LocalGcsOptions } from '../server.ts';

export function useServer(options: Omit<LocalGcsOptions, 'dataDir'> = {}): { readonly gcs: LocalGcs; readonly dataDir: string } {
  const state = {} as { gcs: LocalGcs; dataDir: string };
  before(async () => {
    state.dataDir = await mkdtemp(join(tmpdir(), 'local-gcs-test-'));
    state.gcs = await startLocalGcs({ ...options, dataDir: state.dataDir, port: 0 });
  });
  after(async () => {
    await state.gcs.close();
    await rm(state.dataDir, { recursive: true, force: true });
  });
  return state;
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

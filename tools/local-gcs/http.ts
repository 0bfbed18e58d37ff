// Request helpers shared by the route modules.
import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { invalid } from './errors.ts';

/** The server's own URL as the client reached it, for absolute links (selfLink, mediaLink, session URLs). */
export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

export function queryOf(request: FastifyRequest): Record<string, string | undefined> {
  const query = request.query as Record<string, string | string[] | undefined>;
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]));
}

export function bucketOf(request: FastifyRequest): string {
  return (request.params as { bucket: string }).bucket;
}

/**
 * The object name from `/…/b/<bucket>/o/<name>`, read from the raw URL: clients send it percent-encoded (slashes as
 * %2F), and some leave the slashes as they are.
 */
export function objectNameOf(request: FastifyRequest): string {
  const path = request.raw.url!.split('?')[0]!;
  const encoded = path.slice(path.indexOf('/o/', path.indexOf('/b/')) + 3);
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw invalid(`The object name in the URL is not valid percent-encoding: ${encoded}`);
  }
}

/** The request body as a stream; an empty one when the request had no body. */
export function bodyOf(request: FastifyRequest): Readable {
  return (request.body as Readable | undefined) ?? Readable.from([]);
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

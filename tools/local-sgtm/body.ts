// Request bodies up to a limit, as sGTM enforces one (it answers 413 above about 1 MB).
import type { IncomingMessage } from 'node:http';

/** 1 MiB. [3P: "about 1 MB" (a public sGTM client's README); the exact figure is UNVERIFIED] */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The whole body, or undefined as soon as it is known to exceed `maxBytes` (from Content-Length, or while
 * reading). The rest is still read and discarded, so that the client finishes sending and reads the 413.
 */
export function readBodyWithin(message: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(message.headers['content-length']) > maxBytes) {
      message.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      if (size > maxBytes) return;
      size += chunk.length;
      if (size > maxBytes) resolve(undefined);
      else chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });
}

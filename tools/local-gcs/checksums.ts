// The two hashes GCS reports for every object, in GCS's encoding: base64 of the MD5 digest and base64 of the
// big-endian CRC32C (Castagnoli). Clients compare them with their own and reject the upload or download on mismatch.
import { createHash, type Hash } from 'node:crypto';

const CASTAGNOLI_REVERSED = 0x82f63b78;

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CASTAGNOLI_REVERSED : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a CRC32C over `bytes`; start with 0. */
export function crc32cUpdate(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export function crc32cBase64(crc: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc >>> 0);
  return bytes.toString('base64');
}

export interface ObjectHashes {
  md5Hash: string;
  crc32c: string;
}

/** Hashes a body that arrives in pieces (streamed uploads, resumable chunks). */
export class ObjectHasher {
  #md5: Hash = createHash('md5');
  #crc = 0;

  update(chunk: Uint8Array): void {
    this.#md5.update(chunk);
    this.#crc = crc32cUpdate(this.#crc, chunk);
  }

  digest(): ObjectHashes {
    return { md5Hash: this.#md5.digest('base64'), crc32c: crc32cBase64(this.#crc) };
  }
}

export function hashBytes(bytes: Uint8Array): ObjectHashes {
  const hasher = new ObjectHasher();
  hasher.update(bytes);
  return hasher.digest();
}

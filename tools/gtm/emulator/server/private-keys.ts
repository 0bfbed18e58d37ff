// hmacSha256's keys, configured as sGTM configures them: the environment variable SGTM_CREDENTIALS names a UTF-8
// JSON file `{"keys": {"<keyId>": "<base64 of the key bytes>", …}}`. [3P: the server API page as stape's type
// definitions paraphrase it (SGTM_CREDENTIALS, a UTF-8 JSON key file, key ids); the `keys` object of base64 values
// as two independent deployment guides in public repositories describe it.]
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

export type PrivateKeys = ReadonlyMap<string, Buffer>;

export const KEY_FILE_VARIABLE = 'SGTM_CREDENTIALS';

/** The keys of a key file's text; throws, naming `where`, when it is not in that format. */
export function parseKeyFile(text: string, where: string): PrivateKeys {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where} is not JSON: ${(error as Error).message}`);
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys;
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) throw new Error(`${where} needs a "keys" object: {"keys": {"my_key": "<base64>"}}`);
  const result = new Map<string, Buffer>();
  for (const [id, value] of Object.entries(keys)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) throw new Error(`${where}: the key "${id}" must be a base64 string`);
    result.set(id, Buffer.from(value, 'base64'));
  }
  return result;
}

/** The keys of the file SGTM_CREDENTIALS names; an error message instead when there is none or it is unusable. */
export function keysFromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): PrivateKeys | { problem: string } {
  const path = env[KEY_FILE_VARIABLE];
  if (!path) return { problem: `no keys are configured: set ${KEY_FILE_VARIABLE} to the path of a JSON key file {"keys": {"<keyId>": "<base64 key>"}}` };
  try {
    return parseKeyFile(readFileSync(path, 'utf8'), `${KEY_FILE_VARIABLE} file ${path}`);
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export const HMAC_ENCODINGS = ['hex', 'base64', 'base64url'] as const;
export type HmacEncoding = (typeof HMAC_ENCODINGS)[number];

export function hmacSha256(key: Buffer, data: string, encoding: HmacEncoding): string {
  return createHmac('sha256', key).update(data, 'utf8').digest(encoding);
}

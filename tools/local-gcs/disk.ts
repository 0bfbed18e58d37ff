// File-system steps the store is built from. Writes land in a temporary file first and are renamed into place, so a
// reader sees either the old file or the new one, never half of one.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ObjectHasher, type ObjectHashes } from './checksums.ts';

export function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Renames `source` to `target`, creating the target's folders. A concurrent delete may remove an emptied folder
 * between the mkdir and the rename; that shows up as ENOENT and is simply tried again.
 */
export async function renameInto(source: string, target: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(source, target);
      return;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt === 5 || !(await exists(source))) throw error;
    }
  }
}

/** Removes the folders between `path` and `root` that became empty, the way a GCS "folder" vanishes with its last object. */
export async function removeEmptyFolders(path: string, root: string): Promise<void> {
  for (let dir = dirname(path); dir.startsWith(root) && dir !== root; dir = dirname(dir)) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}

/** Relative paths (with '/') of all regular files under `dir`, depth first; nothing when `dir` is missing. */
export async function walkFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
  const nested = await Promise.all(
    entries.map((entry) => {
      if (entry.isDirectory()) return walkFiles(join(dir, entry.name), `${prefix}${entry.name}/`);
      return Promise.resolve(entry.isFile() ? [prefix + entry.name] : []);
    }),
  );
  return nested.flat();
}

export async function hashFile(path: string): Promise<ObjectHashes> {
  const hasher = new ObjectHasher();
  for await (const chunk of createReadStream(path)) hasher.update(chunk as Buffer);
  return hasher.digest();
}

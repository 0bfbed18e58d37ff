// Dotted paths into the page's window ('fixture.q' is window.fixture.q), as the access_globals APIs take them.

/** Where a path leads: the object holding its last part (undefined when an earlier part is missing) and the value. */
export interface WindowSlot {
  /** the object (or function) that holds the last part */
  owner: Record<string, unknown> | undefined;
  key: string;
  value: unknown;
}

const holds = (value: unknown): value is Record<string, unknown> => (typeof value === 'object' && value !== null) || typeof value === 'function';

export function slot(win: Record<string, unknown>, path: string): WindowSlot {
  const parts = path.split('.');
  const key = parts.pop()!;
  let owner: unknown = win;
  for (const part of parts) owner = holds(owner) ? owner[part] : undefined;
  if (!holds(owner)) return { owner: undefined, key, value: undefined };
  return { owner, key, value: owner[key] };
}

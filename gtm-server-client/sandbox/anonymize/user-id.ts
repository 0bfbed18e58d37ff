// The user id from identify() is replaced before storage: by default with an HMAC-SHA256 under a key that only the
// server holds (SGTM_CREDENTIALS), so nobody with the bucket alone can test guesses; or a salted SHA-256.
const hmacSha256 = require('hmacSha256');
const sha256Sync = require('sha256Sync');

export type UserIdHandling = 'hmac' | 'sha256' | 'drop' | 'keep';

export interface UserIdOptions {
  handling: UserIdHandling;
  hmacKeyId: string;
  salt: string;
}

/** What to store for this user id; undefined stores none. */
export function pseudonymize(userId: unknown, options: UserIdOptions): string | undefined {
  if (typeof userId !== 'string' || options.handling === 'drop') return undefined;
  if (options.handling === 'keep') return userId;
  if (options.handling === 'sha256') return sha256Sync(options.salt + userId, { outputEncoding: 'hex' });
  return hmacSha256(userId, options.hmacKeyId, { outputEncoding: 'hex' });
}

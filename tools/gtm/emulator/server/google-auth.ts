// Where getGoogleAuth's access tokens come from. sGTM uses Application Default Credentials (ADC) of its environment
// [3P: stape's paraphrase of the server API page]; this module finds them the way Google's client libraries do,
// without their dependency: the key file GOOGLE_APPLICATION_CREDENTIALS names (a service account key or gcloud's
// user credentials), gcloud's well-known ADC file, and on Google Cloud (Cloud Run sets K_SERVICE) the metadata
// server. Local runs without any of these use a token configured by hand (`localGoogleToken`).
import { createSign } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sendHttp } from './http-client.ts';

export interface GoogleCredentials {
  /** what the tokens come from, for messages: 'the service account key /path/key.json' */
  readonly source: string;
  /** a bearer token for these OAuth scopes */
  accessToken(scopes: readonly string[]): Promise<string>;
}

const TOKEN_TIMEOUT_MS = 10_000;
/** Tokens are renewed this long before Google says they expire. */
const EXPIRY_MARGIN_MS = 60_000;
const DEFAULT_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** A fixed token, for local runs and tests. */
export function staticTokenCredentials(token: string, source = 'a local token'): GoogleCredentials {
  return { source, accessToken: async () => token };
}

/** Tokens fetched by `fetchToken` and kept, per scope set, until shortly before they expire. */
function cachedCredentials(source: string, fetchToken: (scopes: readonly string[]) => Promise<{ token: string; expiresInS: number }>): GoogleCredentials {
  const cache = new Map<string, { token: string; until: number }>();
  return {
    source,
    async accessToken(scopes) {
      const key = [...scopes].sort().join(' ');
      const kept = cache.get(key);
      if (kept && kept.until > Date.now()) return kept.token;
      const { token, expiresInS } = await fetchToken(scopes);
      cache.set(key, { token, until: Date.now() + expiresInS * 1000 - EXPIRY_MARGIN_MS });
      return token;
    },
  };
}

/** An OAuth token endpoint's answer: {access_token, expires_in}. */
async function tokenRequest(url: string, init: { method: string; headers: Record<string, string>; body?: string }, source: string): Promise<{ token: string; expiresInS: number }> {
  const response = await sendHttp({ url, ...init, timeoutMs: TOKEN_TIMEOUT_MS }).catch((error: Error) => {
    throw new Error(`${source}: the token request to ${url} failed (${error.message})`);
  });
  const parsed = parseJson(response.body) as { access_token?: unknown; expires_in?: unknown } | undefined;
  if (response.statusCode !== 200 || typeof parsed?.access_token !== 'string') {
    throw new Error(`${source}: ${url} answered ${response.statusCode} without an access token: ${response.body.slice(0, 200)}`);
  }
  return { token: parsed.access_token, expiresInS: typeof parsed.expires_in === 'number' ? parsed.expires_in : 3600 };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface ServiceAccountKey {
  type: 'service_account';
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

interface AuthorizedUserKey {
  type: 'authorized_user';
  client_id: string;
  client_secret: string;
  refresh_token: string;
  token_uri?: string;
}

/** A service account key: a signed JWT exchanged for a token with the requested scopes (OAuth 2.0 JWT bearer grant). */
export function serviceAccountCredentials(key: ServiceAccountKey, source = `the service account ${key.client_email}`): GoogleCredentials {
  const tokenUri = key.token_uri ?? DEFAULT_TOKEN_URI;
  return cachedCredentials(source, (scopes) => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
    const claims = { iss: key.client_email, scope: scopes.join(' '), aud: tokenUri, iat: now, exp: now + 3600 };
    const unsigned = `${base64url(header)}.${base64url(claims)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key, 'base64url');
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${unsigned}.${signature}` });
    return tokenRequest(tokenUri, { method: 'POST', headers: FORM, body: body.toString() }, source);
  });
}

/** gcloud's user credentials (`gcloud auth application-default login`): a refresh token; the scopes are the login's. */
export function authorizedUserCredentials(key: AuthorizedUserKey, source = 'the gcloud user credentials'): GoogleCredentials {
  const tokenUri = key.token_uri ?? DEFAULT_TOKEN_URI;
  return cachedCredentials(source, () => {
    const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: key.client_id, client_secret: key.client_secret, refresh_token: key.refresh_token });
    return tokenRequest(tokenUri, { method: 'POST', headers: FORM, body: body.toString() }, source);
  });
}

/** The metadata server of Cloud Run and Compute Engine: the tokens of the service's own service account. */
export function metadataServerCredentials(host = 'metadata.google.internal'): GoogleCredentials {
  const source = `the metadata server ${host}`;
  return cachedCredentials(source, (scopes) => {
    const url = `http://${host}/computeMetadata/v1/instance/service-accounts/default/token?scopes=${encodeURIComponent(scopes.join(','))}`;
    return tokenRequest(url, { method: 'GET', headers: { 'metadata-flavor': 'Google' } }, source);
  });
}

/** Credentials from a key file: a service account key or gcloud's authorized-user file. */
export function keyFileCredentials(path: string): GoogleCredentials {
  const key = parseJson(readFileSync(path, 'utf8')) as { type?: unknown } | undefined;
  if (key?.type === 'service_account') return serviceAccountCredentials(key as ServiceAccountKey, `the service account key ${path}`);
  if (key?.type === 'authorized_user') return authorizedUserCredentials(key as AuthorizedUserKey, `the gcloud credentials ${path}`);
  throw new Error(`${path} is not a service account key or gcloud credentials file (its "type" is ${JSON.stringify(key?.type)})`);
}

/** A key file's credentials, or credentials whose requests say why the file cannot be used. */
function readableKeyFile(path: string, what: string): GoogleCredentials {
  try {
    return keyFileCredentials(path);
  } catch (error) {
    return missingCredentials(`${what}: ${(error as Error).message}`);
  }
}

/** Credentials that fail every request, saying why. */
function missingCredentials(reason: string): GoogleCredentials {
  return {
    source: 'no credentials',
    accessToken: () => Promise.reject(new Error(reason)),
  };
}

export interface AdcOptions {
  /** the process environment (default process.env) */
  env?: Readonly<Record<string, string | undefined>>;
  /** used when no Application Default Credentials are found */
  localToken?: string;
}

/**
 * Application Default Credentials, in the order of Google's client libraries: GOOGLE_APPLICATION_CREDENTIALS,
 * gcloud's ADC file, the metadata server when running on Google Cloud (K_SERVICE, or GCE_METADATA_HOST naming a
 * metadata server); otherwise `localToken`; otherwise credentials whose requests fail with instructions.
 */
export function applicationDefaultCredentials(options: AdcOptions = {}): GoogleCredentials {
  const env = options.env ?? process.env;
  const keyFile = env['GOOGLE_APPLICATION_CREDENTIALS'];
  if (keyFile) return readableKeyFile(keyFile, 'GOOGLE_APPLICATION_CREDENTIALS');
  const gcloudFile = join(env['CLOUDSDK_CONFIG'] ?? join(homedir(), '.config', 'gcloud'), 'application_default_credentials.json');
  if (existsSync(gcloudFile)) return readableKeyFile(gcloudFile, "gcloud's ADC file");
  if (env['GCE_METADATA_HOST']) return metadataServerCredentials(env['GCE_METADATA_HOST']);
  if (env['K_SERVICE']) return metadataServerCredentials();
  if (options.localToken !== undefined) return staticTokenCredentials(options.localToken);
  return missingCredentials(
    'no Google credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run `gcloud auth application-default login`, or configure a local token',
  );
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

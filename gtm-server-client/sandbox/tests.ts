// ___TESTS___ of the Pipes client. The request, the response and the bucket are mocks: `request` is what the client
// reads, `response` what it answered, `uploads` what it sent to Cloud Storage. Asynchronous answers are checked in
// callLater, which runs after the storage promises settled.
const Promise = require('Promise');
const callLater = require('callLater');
const sha256Sync = require('sha256Sync');

type Row = { [key: string]: unknown };
type Dictionary = { [key: string]: string | undefined };

const NOW = 1747945830456; // 2025-05-22T20:30:30.456Z
const BATCH_ID = '0b6f5c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f';
const EVENT_1 = '11111111-1111-4111-8111-111111111111';
const EVENT_2 = '22222222-2222-4222-8222-222222222222';
const ANON = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
const OTHER_ANON = '9c8d7e6f-5a4b-4c3d-8e2f-a1b2c3d4e5f6';
const SESSION = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const STORED_NAME = 'pipes%2Fevents%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F' + BATCH_ID + '.ndjson';
const BUCKET_URL = 'https://storage.googleapis.com/upload/storage/v1/b/events-bucket/o?uploadType=media&name=';

const config: Partial<GtmTemplateData> = {
  pathPrefix: '/p',
  allowedOrigins: [{ origin: 'https://www.example.com' }],
  bucket: 'events-bucket',
  objectPrefix: 'pipes',
  storageBaseUrl: 'https://storage.googleapis.com',
  uploadTimeoutMs: '5000',
  retryAfterSeconds: '30',
  ipHandling: 'truncate',
  userAgentHandling: 'reduce',
  queryAllowlist: ['utm_*'],
  scrubEmails: true,
  scrubPhones: true,
  scrubCards: true,
  scrubIps: true,
  extraPiiPatterns: [],
  userIdHandling: 'hmac',
  hmacKeyId: 'pipes_user_id',
  honourGpc: true,
  cookiePrefix: 'pipes',
  cookieDomain: 'auto',
  cookieLifetimeDays: '365',
  setIdCookie: true,
  backupIdCookie: true,
  botHandling: 'flag',
  maxBodyBytes: '65536',
  maxEventsPerBatch: '100',
  maxPropertyDepth: '5',
  maxPropertyBytes: '16384',
  maxEventAgeHours: '168',
  runContainer: false,
  serveScript: true,
  scriptFileName: 'pipes.js',
  scriptCacheSeconds: '3600',
};

/** The configuration above with some fields changed. */
function withConfig(changes: Partial<GtmTemplateData>): Partial<GtmTemplateData> {
  const out: { [key: string]: unknown } = {};
  for (const key in config) out[key] = (config as Row)[key];
  for (const key in changes) out[key] = (changes as Row)[key];
  return out as Partial<GtmTemplateData>;
}

function merge(base: Row, changes: Row): Row {
  const out: Row = {};
  for (const key in base) out[key] = base[key];
  for (const key in changes) out[key] = changes[key];
  return out;
}

function pageEvent(eventId: string, changes: Row): Row {
  const event: Row = {
    event_id: eventId,
    type: 'page',
    event: 'page_view',
    ts: '2025-05-22T20:30:29.000Z',
    anonymous_id: ANON,
    session_id: SESSION,
    properties: { name: 'Home' },
    context: {
      page: { url: 'https://www.example.com/?utm_source=news', path: '/', referrer: '', title: 'Home' },
      screen: { width: 1920, height: 1080 },
      viewport: { width: 1280, height: 720 },
      locale: 'en-GB',
      timezone: 'Europe/London',
      library: { name: 'pipes.js', version: '0.1.0' },
      consent: 'none',
    },
  };
  return merge(event, changes);
}

function batchOf(events: Row[]): string {
  return JSON.stringify({ v: 1, batch_id: BATCH_ID, sent_at: '2025-05-22T20:30:30.000Z', events: events }) || '';
}

const request: {
  path: string;
  method: string;
  body: string | undefined;
  query: Dictionary;
  headers: Dictionary;
  cookies: { [name: string]: string[] };
  remoteAddress: string;
} = {
  path: '/p/collect',
  method: 'POST',
  body: batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { type: 'track', event: 'signup' })]),
  query: {},
  headers: { origin: 'https://www.example.com', 'user-agent': CHROME, host: 'sgtm.example.com' },
  cookies: {},
  remoteAddress: '203.0.113.77',
};

const response: {
  status: number;
  headers: Dictionary;
  body: string | undefined;
  pixel: boolean;
  returned: number;
  cookies: { name: string; value: string; options: Row }[];
} = { status: 200, headers: {}, body: undefined, pixel: false, returned: 0, cookies: [] };

const uploads: { url: string; options: Row; body: string }[] = [];
const containerEvents: Row[] = [];
/** What the bucket answers: a status, or a rejection reason for a request that failed or timed out. */
let bucketAnswers: (number | string)[] = [200, 200];

mock('claimRequest', () => undefined);
mock('getRequestPath', () => request.path);
mock('getRequestMethod', () => request.method);
mock('getRequestBody', () => request.body);
mock('getRequestQueryParameter', (name: string) => request.query[name]);
mock('getRequestHeader', (name: string) => request.headers[name]);
mock('getCookieValues', (name: string) => request.cookies[name] || []);
mock('getRemoteAddress', () => request.remoteAddress);
mock('getTimestampMillis', NOW);
mock('getGoogleAuth', () => ({ scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] }));
mock('hmacSha256', (value: string, keyId: string) => sha256Sync(keyId + '|' + value, { outputEncoding: 'hex' }));
mock('setResponseStatus', (status: number) => {
  response.status = status;
});
mock('setResponseHeader', (name: string, value: string | null | undefined) => {
  response.headers[name] = value === null ? undefined : value;
});
mock('setResponseBody', (body: string) => {
  response.body = body;
});
mock('setPixelResponse', () => {
  response.pixel = true;
  response.status = 200;
});
mock('returnResponse', () => {
  response.returned++;
});
mock('setCookie', (name: string, value: string, options?: GtmServerCookieOptions) => {
  response.cookies.push({ name: name, value: value, options: (options || {}) as Row });
});
mock('runContainer', (event: object, onComplete?: (bindToEvent: GtmBindToEvent) => void) => {
  containerEvents.push(event as Row);
  if (onComplete) onComplete((api) => api);
});
mock('sendHttpRequest', (url: string, options?: GtmHttpRequestOptions, body?: string) => {
  uploads.push({ url: url, options: (options || {}) as Row, body: body || '' });
  const answer = bucketAnswers.length > 0 ? bucketAnswers.shift() : 200;
  return Promise.create((resolve, reject) => {
    if (typeof answer === 'string') reject({ reason: answer });
    else resolve({ statusCode: answer as number, headers: {}, body: '{}' });
  });
});

function rowsOf(upload: { body: string }): Row[] {
  return upload.body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row);
}

function storedRows(): Row[] {
  return rowsOf(uploads[0]);
}

function cookieNamed(name: string): { name: string; value: string; options: Row } {
  return response.cookies.filter((c) => c.name === name)[0];
}

function answerBody(): Row {
  return JSON.parse(response.body) as Row;
}

/** Every byte sent to the bucket, for asserting what must never be there. */
function everythingUploaded(): string {
  return uploads.map((u) => u.body).join('\n');
}

// ----- claiming -----

scenario('leaves other paths to the other clients', () => {
  request.path = '/g/collect';
  runCode(config);
  assertApi('claimRequest').wasNotCalled();
  assertApi('returnResponse').wasNotCalled();
});

scenario('claims PREFIX/collect for a custom path prefix, and only that', () => {
  request.path = '/p/collect';
  runCode(withConfig({ pathPrefix: '/metrics/x' }));
  assertApi('claimRequest').wasNotCalled();
  request.path = '/metrics/x/collect';
  runCode(withConfig({ pathPrefix: '/metrics/x' }));
  assertApi('claimRequest').wasCalled();
  callLater(() => assertThat(response.status).isEqualTo(200));
});

scenario('does not claim the script path when the script is not served', () => {
  request.path = '/p/pipes.js';
  request.method = 'GET';
  runCode(withConfig({ serveScript: false }));
  assertApi('claimRequest').wasNotCalled();
});

// ----- origins and CORS -----

scenario('answers a preflight from an allowed origin with 204 and CORS headers for credentials', () => {
  request.method = 'OPTIONS';
  runCode(config);
  assertThat(response.status).isEqualTo(204);
  assertThat(response.headers['access-control-allow-origin']).isEqualTo('https://www.example.com');
  assertThat(response.headers['access-control-allow-credentials']).isEqualTo('true');
  assertThat(response.headers['access-control-allow-methods']).isEqualTo('POST, GET, OPTIONS');
  assertThat(response.headers['access-control-allow-headers']).isEqualTo('Content-Type');
  assertThat(response.headers['vary']).isEqualTo('Origin');
  assertThat(uploads).hasLength(0);
});

scenario('refuses an origin outside the allowlist with 403 and stores nothing', () => {
  request.headers.origin = 'https://evil.example';
  runCode(config);
  assertThat(response.status).isEqualTo(403);
  assertThat(response.headers['access-control-allow-origin']).isUndefined();
  assertThat(uploads).hasLength(0);
});

scenario('refuses the preflight of an origin outside the allowlist with 403', () => {
  request.method = 'OPTIONS';
  request.headers.origin = 'https://www.example.com.evil.example';
  runCode(config);
  assertThat(response.status).isEqualTo(403);
});

scenario('accepts requests without an Origin header, without CORS headers', () => {
  request.headers.origin = undefined;
  runCode(config);
  callLater(() => {
    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers['access-control-allow-origin']).isUndefined();
    assertThat(uploads).hasLength(1);
  });
});

scenario('a https://*.example.com entry allows the subdomains of example.com', () => {
  request.headers.origin = 'https://shop.example.com';
  runCode(withConfig({ allowedOrigins: [{ origin: 'https://*.example.com' }] }));
  callLater(() => {
    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers['access-control-allow-origin']).isEqualTo('https://shop.example.com');
  });
});

scenario('a https://*.example.com entry refuses look-alike hosts', () => {
  request.headers.origin = 'https://evilexample.com';
  runCode(withConfig({ allowedOrigins: [{ origin: 'https://*.example.com' }] }));
  assertThat(response.status).isEqualTo(403);
});

scenario('without allowed origins, the origins of this server’s own site are accepted', () => {
  request.headers.origin = 'https://www.example.com';
  runCode(withConfig({ allowedOrigins: [] }));
  callLater(() => assertThat(response.status).isEqualTo(200));
});

scenario('without allowed origins, other sites are refused', () => {
  request.headers.origin = 'https://www.example.org';
  runCode(withConfig({ allowedOrigins: [] }));
  assertThat(response.status).isEqualTo(403);
});

// ----- methods and payloads -----

scenario('answers 405 with Allow to other methods', () => {
  request.method = 'PUT';
  runCode(config);
  assertThat(response.status).isEqualTo(405);
  assertThat(response.headers['allow']).isEqualTo('POST, GET, OPTIONS');
  assertThat(uploads).hasLength(0);
});

scenario('answers 400 with a reason to a body that is not JSON', () => {
  request.body = '{"v":1,';
  runCode(config);
  assertThat(response.status).isEqualTo(400);
  assertThat(answerBody().error).isEqualTo('the payload is not a JSON object');
  assertThat(uploads).hasLength(0);
});

scenario('answers 400 to an empty body', () => {
  request.body = '';
  runCode(config);
  assertThat(response.status).isEqualTo(400);
  assertThat(uploads).hasLength(0);
});

scenario('answers 400 with the reasons to a batch that breaks the wire format', () => {
  request.body = JSON.stringify({ v: 2, batch_id: 'not-a-uuid', sent_at: '2025-05-22T20:30:30.000Z', events: [pageEvent(EVENT_1, {})] });
  runCode(config);
  assertThat(response.status).isEqualTo(400);
  assertThat(answerBody().reasons).isEqualTo(['/v: must be 1 (this server speaks wire format v1)', '/batch_id: must be a UUID']);
  assertThat(uploads).hasLength(0);
});

scenario('answers 413 to a body larger than the limit', () => {
  runCode(withConfig({ maxBodyBytes: '200' }));
  assertThat(response.status).isEqualTo(413);
  assertThat(uploads).hasLength(0);
});

scenario('answers 413 to a batch with more events than the limit', () => {
  runCode(withConfig({ maxEventsPerBatch: '1' }));
  assertThat(response.status).isEqualTo(413);
  assertThat(uploads).hasLength(0);
});

// ----- storage -----

scenario('writes the batch as one NDJSON object, create-only, and answers 200 only after the bucket did', () => {
  let release: () => void = () => undefined;
  mock('sendHttpRequest', (url: string, options?: GtmHttpRequestOptions, body?: string) => {
    uploads.push({ url: url, options: (options || {}) as Row, body: body || '' });
    return Promise.create((resolve) => {
      release = () => resolve({ statusCode: 200, headers: {}, body: '{}' });
    });
  });
  runCode(config);
  assertThat(response.returned).isEqualTo(0);
  assertThat(uploads).hasLength(1);
  assertThat(uploads[0].url).isEqualTo(BUCKET_URL + STORED_NAME + '&ifGenerationMatch=0');
  assertThat(uploads[0].options.method).isEqualTo('POST');
  assertThat(uploads[0].options.timeout).isEqualTo(5000);
  assertThat(uploads[0].options.authorization).isDefined();
  assertApi('getGoogleAuth').wasCalledWith({ scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] });
  assertThat(storedRows()).hasLength(2);
  callLater(() => {
    assertThat(response.returned).isEqualTo(0);
    release();
    callLater(() => {
      assertThat(response.returned).isEqualTo(1);
      assertThat(response.status).isEqualTo(200);
      assertThat(answerBody()).isEqualTo({ stored: 2, rejected: 0 });
    });
  });
});

scenario('a stored row is the event plus received_at, batch_id, the reduced user agent and the truncated IP', () => {
  request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
  runCode(config);
  callLater(() => {
    const row = storedRows()[0];
    assertThat(row.event_id).isEqualTo(EVENT_1);
    assertThat(row.type).isEqualTo('page');
    assertThat(row.event).isEqualTo('page_view');
    assertThat(row.ts).isEqualTo('2025-05-22T20:30:29.000Z');
    assertThat(row.anonymous_id).isEqualTo(ANON);
    assertThat(row.session_id).isEqualTo(SESSION);
    assertThat(row.user_id).isEqualTo(sha256Sync('pipes_user_id|user-42', { outputEncoding: 'hex' }));
    assertThat(row.properties).isEqualTo({ name: 'Home' });
    assertThat((row.context as Row).page).isEqualTo({ url: 'https://www.example.com/?utm_source=news', path: '/', referrer: '', title: 'Home' });
    assertThat((row.context as Row).locale).isEqualTo('en-GB');
    assertThat(row.received_at).isEqualTo('2025-05-22T20:30:30.456Z');
    assertThat(row.batch_id).isEqualTo(BATCH_ID);
    assertThat(row.user_agent).isEqualTo({ browser: 'Chrome', os: 'Windows', device: 'desktop' });
    assertThat(row.ip).isEqualTo('203.0.113.0');
    assertThat(row.bot).isFalse();
  });
});

scenario('uses the object prefix and the storage API base URL', () => {
  runCode(withConfig({ objectPrefix: '/web/pipes/', storageBaseUrl: 'http://127.0.0.1:4443/' }));
  assertThat(uploads[0].url).isEqualTo(
    'http://127.0.0.1:4443/upload/storage/v1/b/events-bucket/o?uploadType=media&name=web%2Fpipes%2Fevents%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F' +
      BATCH_ID + '.ndjson&ifGenerationMatch=0',
  );
});

scenario('an empty object prefix writes at the top of the bucket', () => {
  runCode(withConfig({ objectPrefix: '' }));
  assertThat(uploads[0].url).contains('&name=events%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F');
});

scenario('passes the upload timeout to the request', () => {
  runCode(withConfig({ uploadTimeoutMs: '2500' }));
  assertThat(uploads[0].options.timeout).isEqualTo(2500);
});

scenario('a 412 means an earlier attempt stored the batch: answered as stored', () => {
  bucketAnswers = [412];
  runCode(config);
  callLater(() => {
    assertThat(response.status).isEqualTo(200);
    assertThat(answerBody()).isEqualTo({ stored: 2, rejected: 0 });
  });
});

scenario('a storage error answers 503 with Retry-After, so the tracker retries', () => {
  bucketAnswers = [503];
  runCode(config);
  callLater(() => {
    assertThat(response.status).isEqualTo(503);
    assertThat(response.headers['retry-after']).isEqualTo('30');
    assertThat(response.returned).isEqualTo(1);
  });
});

scenario('a storage timeout answers 503 with the configured Retry-After', () => {
  bucketAnswers = ['timed_out'];
  runCode(withConfig({ retryAfterSeconds: '120' }));
  callLater(() => {
    assertThat(response.status).isEqualTo(503);
    assertThat(response.headers['retry-after']).isEqualTo('120');
  });
});

scenario('invalid events go to the rejected object with their reasons, valid ones to the events object', () => {
  request.body = batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { ts: 'yesterday', extra: 1 })]);
  runCode(config);
  callLater(() => {
    assertThat(uploads).hasLength(2);
    assertThat(rowsOf(uploads[0])).hasLength(1);
    assertThat(uploads[1].url).contains('&name=pipes%2Frejected%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F' + BATCH_ID + '.ndjson&ifGenerationMatch=0');
    const rejected = rowsOf(uploads[1])[0];
    assertThat(rejected.index).isEqualTo(1);
    assertThat(rejected.batch_id).isEqualTo(BATCH_ID);
    assertThat(rejected.received_at).isEqualTo('2025-05-22T20:30:30.456Z');
    assertThat(rejected.reasons).isEqualTo(['/ts: must be an RFC 3339 timestamp such as 2025-05-22T20:30:30.456Z', '/extra: is not a field of the wire format']);
    assertThat((rejected.event as Row).event_id).isEqualTo(EVENT_2);
    assertThat(answerBody()).isEqualTo({ stored: 1, rejected: 1 });
  });
});

scenario('a batch with only invalid events writes only the rejected object', () => {
  request.body = batchOf([pageEvent(EVENT_1, { type: 'click' })]);
  runCode(config);
  callLater(() => {
    assertThat(uploads).hasLength(1);
    assertThat(uploads[0].url).contains('rejected%2Fv1');
    assertThat(response.status).isEqualTo(200);
  });
});

scenario('a failed write of the rejected object also answers 503', () => {
  bucketAnswers = [200, 500];
  request.body = batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { type: 'click' })]);
  runCode(config);
  callLater(() => assertThat(response.status).isEqualTo(503));
});

scenario('when both objects fail, answers 503 once and logs the first failure', () => {
  bucketAnswers = [500, 'timed_out'];
  request.body = batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { type: 'click' })]);
  runCode(config);
  callLater(() => {
    assertThat(response.status).isEqualTo(503);
    assertThat(response.returned).isEqualTo(1);
    assertApi('logToConsole').wasCalledWith(
      'Pipes client: the bucket did not take batch ' + BATCH_ID + ' (HTTP 500 for pipes/events/v1/dt=2025-05-22/hr=20/' + BATCH_ID + '.ndjson); answering 503',
    );
  });
});

scenario('rejects events nested deeper than the property depth limit', () => {
  request.body = batchOf([pageEvent(EVENT_1, { properties: { a: { b: { c: 1 } } } })]);
  runCode(withConfig({ maxPropertyDepth: '2' }));
  callLater(() => assertThat(rowsOf(uploads[0])[0].reasons).isEqualTo(['/properties: nested deeper than 2 levels']));
});

scenario('rejects events whose properties are larger than the limit', () => {
  request.body = batchOf([pageEvent(EVENT_1, { properties: { text: 'a long description of the product' } })]);
  runCode(withConfig({ maxPropertyBytes: '20' }));
  callLater(() => assertThat(rowsOf(uploads[0])[0].reasons).isEqualTo(['/properties: larger than 20 bytes of JSON']));
});

scenario('rejects events older than the age limit, and events from the future', () => {
  request.body = batchOf([pageEvent(EVENT_1, { ts: '2025-05-22T17:30:00.000Z' }), pageEvent(EVENT_2, { ts: '2025-05-24T20:30:30.000Z' })]);
  runCode(withConfig({ maxEventAgeHours: '2' }));
  callLater(() => {
    const reasons = rowsOf(uploads[0]).map((row) => row.reasons);
    assertThat(reasons).isEqualTo([['/ts: more than 2 hours old'], ['/ts: more than 24 hours in the future']]);
  });
});

// ----- the GET pixel -----

scenario('stores a batch sent in e= and answers with the 1x1 pixel', () => {
  request.method = 'GET';
  request.body = undefined;
  request.query = { e: batchOf([pageEvent(EVENT_1, {})]) };
  runCode(config);
  callLater(() => {
    assertThat(storedRows()).hasLength(1);
    assertThat(response.pixel).isTrue();
    assertThat(response.returned).isEqualTo(1);
  });
});

scenario('a bare event in e= is a batch of one named after its event_id', () => {
  request.method = 'GET';
  request.query = { e: JSON.stringify(pageEvent(EVENT_1, {})) || '' };
  runCode(config);
  callLater(() => {
    assertThat(uploads[0].url).contains('%2F' + EVENT_1 + '.ndjson&');
    assertThat(storedRows()[0].batch_id).isEqualTo(EVENT_1);
    assertThat(response.pixel).isTrue();
  });
});

scenario('a pixel request without e= gets 400', () => {
  request.method = 'GET';
  request.query = {};
  runCode(config);
  assertThat(response.status).isEqualTo(400);
  assertThat(response.pixel).isFalse();
});

// ----- opt-out and Global Privacy Control -----

scenario('an opted-out browser stores nothing, gets its identifiers expired and 204', () => {
  request.cookies = { pipes_optout: ['1'], pipes_id: [ANON] };
  runCode(config);
  assertThat(response.status).isEqualTo(204);
  assertThat(uploads).hasLength(0);
  assertThat(response.cookies.map((c) => c.name)).isEqualTo(['pipes_id', 'pipes_id_backup', 'pipes_ses']);
  assertThat(response.cookies.map((c) => c.options['max-age'])).isEqualTo([0, 0, 0]);
  assertThat(cookieNamed('pipes_id').value).isEqualTo('');
});

scenario('Sec-GPC: 1 is an opt-out while GPC is honoured', () => {
  request.headers['sec-gpc'] = '1';
  runCode(config);
  assertThat(response.status).isEqualTo(204);
  assertThat(uploads).hasLength(0);
  assertThat(cookieNamed('pipes_id').options['max-age']).isEqualTo(0);
});

scenario('Sec-GPC: 1 is ignored when GPC is not honoured', () => {
  request.headers['sec-gpc'] = '1';
  runCode(withConfig({ honourGpc: false }));
  callLater(() => {
    assertThat(response.status).isEqualTo(200);
    assertThat(uploads).hasLength(1);
  });
});

// ----- cookies -----

scenario('on the first visit, sets the anonymous id from the events, and its HttpOnly backup', () => {
  runCode(config);
  callLater(() => {
    const id = cookieNamed('pipes_id');
    assertThat(id.value).isEqualTo(ANON);
    assertThat(id.options).isEqualTo({ domain: 'auto', path: '/', 'max-age': 31536000, secure: true, httpOnly: false, sameSite: 'lax' });
    const backup = cookieNamed('pipes_id_backup');
    assertThat(backup.value).isEqualTo(ANON);
    assertThat(backup.options.httpOnly).isTrue();
  });
});

scenario('refreshes the anonymous id the browser holds', () => {
  request.cookies = { pipes_id: [OTHER_ANON], pipes_id_backup: [ANON] };
  runCode(config);
  callLater(() => {
    assertThat(cookieNamed('pipes_id').value).isEqualTo(OTHER_ANON);
    assertThat(cookieNamed('pipes_id_backup').value).isEqualTo(OTHER_ANON);
  });
});

scenario('restores the anonymous id from the backup when the script copy is missing', () => {
  request.cookies = { pipes_id_backup: [OTHER_ANON] };
  runCode(config);
  callLater(() => assertThat(cookieNamed('pipes_id').value).isEqualTo(OTHER_ANON));
});

scenario('never copies a cookie value that is not a UUID', () => {
  request.cookies = { pipes_id: ['<script>'], pipes_id_backup: ['x; Domain=evil'] };
  runCode(config);
  callLater(() => assertThat(cookieNamed('pipes_id').value).isEqualTo(ANON));
});

scenario('uses the cookie prefix, domain and lifetime', () => {
  request.cookies = { acme_optout: [] };
  runCode(withConfig({ cookiePrefix: 'acme', cookieDomain: 'example.com', cookieLifetimeDays: '30' }));
  callLater(() => {
    const id = cookieNamed('acme_id');
    assertThat(id.value).isEqualTo(ANON);
    assertThat(id.options.domain).isEqualTo('example.com');
    assertThat(id.options['max-age']).isEqualTo(2592000);
    assertThat(cookieNamed('acme_id_backup').options['max-age']).isEqualTo(2592000);
  });
});

scenario('the opt-out cookie follows the cookie prefix', () => {
  request.cookies = { acme_optout: ['1'] };
  runCode(withConfig({ cookiePrefix: 'acme' }));
  assertThat(response.status).isEqualTo(204);
  assertThat(response.cookies.map((c) => c.name)).isEqualTo(['acme_id', 'acme_id_backup', 'acme_ses']);
});

scenario('sets no cookie when server cookies are off', () => {
  runCode(withConfig({ setIdCookie: false }));
  callLater(() => {
    assertThat(response.status).isEqualTo(200);
    assertThat(response.cookies).hasLength(0);
  });
});

scenario('without the backup copy, neither writes nor reads it', () => {
  request.cookies = { pipes_id_backup: [OTHER_ANON] };
  runCode(withConfig({ backupIdCookie: false }));
  callLater(() => {
    assertThat(response.cookies.map((c) => c.name)).isEqualTo(['pipes_id']);
    assertThat(cookieNamed('pipes_id').value).isEqualTo(ANON);
  });
});

scenario('a batch sent without identifiers (waiting for consent) gets no cookie', () => {
  request.body = batchOf([pageEvent(EVENT_1, { anonymous_id: null, session_id: null })]);
  runCode(config);
  callLater(() => {
    assertThat(storedRows()[0].anonymous_id).isNull();
    assertThat(response.cookies).hasLength(0);
  });
});

// ----- anonymization -----

scenario('personal data in URLs, titles, properties and user ids never reaches the bucket', () => {
  request.body = batchOf([
    pageEvent(EVENT_1, {
      user_id: 'jane.doe@example.com',
      properties: {
        note: 'call me on +44 20 7946 0958 or (555) 123-4567',
        paid_with: '4111 1111 1111 1111',
        paid_amount_field: 4111111111111111,
        server: 'seen from 198.51.100.23 and 2001:db8:85a3::8a2e:370:7334',
        link: 'https://shop.example.com/account/jane.doe@example.com?email=jane.doe%40example.com#token=abc',
        nested: [{ contact: 'JANE.DOE@EXAMPLE.COM' }],
        password: 'hunter2',
        order_timestamp: '1747945830456',
      },
      context: {
        page: {
          url: 'https://www.example.com/checkout?email=jane.doe%40example.com&utm_campaign=jane.doe%40example.com&gclid=abc#step2',
          path: '/u/jane.doe@example.com',
          referrer: 'https://mail.example.net/?to=jane.doe@example.com',
          title: 'Welcome jane.doe@example.com',
        },
        library: { name: 'pipes.js', version: '0.1.0' },
      },
    }),
  ]);
  runCode(config);
  callLater(() => {
    const stored = everythingUploaded();
    for (const secret of ['jane.doe', 'JANE.DOE', '7946', '123-4567', '4111 1111', '4111111111111111', '198.51.100.23', '2001:db8:85a3::8a2e', 'hunter2', 'gclid', 'token=abc', 'step2', '203.0.113.77']) {
      assertThat(stored).doesNotContain(secret);
    }
    const row = storedRows()[0];
    const page = (row.context as Row).page as Row;
    assertThat(page.url).isEqualTo('https://www.example.com/checkout?utm_campaign=[email]');
    assertThat(page.path).isEqualTo('/u/[email]');
    assertThat(page.referrer).isEqualTo('https://mail.example.net/');
    assertThat(page.title).isEqualTo('Welcome [email]');
    const properties = row.properties as Row;
    assertThat(properties.note).isEqualTo('call me on [phone] or [phone]');
    assertThat(properties.paid_with).isEqualTo('[card]');
    assertThat(properties.paid_amount_field).isEqualTo('[card]');
    assertThat(properties.server).isEqualTo('seen from [ip] and [ip]');
    assertThat(properties.link).isEqualTo('https://shop.example.com/account/[email]');
    assertThat(properties.password).isEqualTo('[redacted]');
    assertThat(properties.order_timestamp).isEqualTo('1747945830456');
    assertThat(row.user_id).isEqualTo(sha256Sync('pipes_user_id|jane.doe@example.com', { outputEncoding: 'hex' }));
  });
});

scenario('personal data in rejected events never reaches the bucket either', () => {
  request.body = batchOf([
    pageEvent(EVENT_1, { type: 'click', user_id: 'jane.doe@example.com', properties: { phone: '+1 415 555 0100', ip: '198.51.100.23' } }),
  ]);
  runCode(config);
  callLater(() => {
    const stored = everythingUploaded();
    for (const secret of ['jane.doe', '555 0100', '198.51.100.23', '203.0.113.77']) assertThat(stored).doesNotContain(secret);
    const rejected = rowsOf(uploads[0])[0];
    assertThat((rejected.event as Row).user_id).isEqualTo(sha256Sync('pipes_user_id|jane.doe@example.com', { outputEncoding: 'hex' }));
  });
});

scenario('redaction kinds can be switched off one by one', () => {
  request.body = batchOf([
    pageEvent(EVENT_1, { properties: { e: 'a@b.example', p: '+44 20 7946 0958', c: '4111 1111 1111 1111', i: '198.51.100.23' } }),
  ]);
  runCode(withConfig({ scrubEmails: false, scrubPhones: false, scrubCards: false, scrubIps: false }));
  callLater(() => {
    assertThat(storedRows()[0].properties).isEqualTo({ e: 'a@b.example', p: '+44 20 7946 0958', c: '4111 1111 1111 1111', i: '198.51.100.23' });
  });
});

scenario('extra RE2 patterns are redacted; an invalid one is logged and skipped', () => {
  request.body = batchOf([pageEvent(EVENT_1, { properties: { customer: 'CUST-123456 ordered' } })]);
  runCode(withConfig({ extraPiiPatterns: [{ pattern: '(' }, { pattern: 'CUST-[0-9]{6}' }] }));
  assertApi('logToConsole').wasCalled();
  callLater(() => assertThat((storedRows()[0].properties as Row).customer).isEqualTo('[redacted] ordered'));
});

scenario('the full IP is never stored: IPv4 is cut to /24', () => {
  runCode(config);
  callLater(() => {
    assertThat(storedRows()[0].ip).isEqualTo('203.0.113.0');
    assertThat(everythingUploaded()).doesNotContain('203.0.113.77');
  });
});

scenario('the full IP is never stored: IPv6 is cut to /48', () => {
  request.remoteAddress = '2001:db8:85a3:8d3:1319:8a2e:370:7348';
  runCode(config);
  callLater(() => {
    assertThat(storedRows()[0].ip).isEqualTo('2001:db8:85a3::');
    assertThat(everythingUploaded()).doesNotContain('1319:8a2e');
  });
});

scenario('IP handling "drop" stores no IP at all', () => {
  runCode(withConfig({ ipHandling: 'drop' }));
  callLater(() => {
    assertThat(storedRows()[0].ip).isUndefined();
    assertThat(everythingUploaded()).doesNotContain('203.0.113');
  });
});

scenario('user agent handling "drop" stores no user agent', () => {
  runCode(withConfig({ userAgentHandling: 'drop' }));
  callLater(() => {
    assertThat(storedRows()[0].user_agent).isUndefined();
    assertThat(everythingUploaded()).doesNotContain('Chrome');
  });
});

scenario('the user agent is reduced to browser, OS and device class', () => {
  request.headers['user-agent'] = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
  runCode(config);
  callLater(() => {
    assertThat(storedRows()[0].user_agent).isEqualTo({ browser: 'Safari', os: 'iOS', device: 'mobile' });
    assertThat(everythingUploaded()).doesNotContain('17_4');
  });
});

scenario('query parameters outside the allowlist and fragments are removed from URLs', () => {
  request.body = batchOf([
    pageEvent(EVENT_1, {
      context: {
        page: { url: 'https://www.example.com/p?utm_source=a&gclid=x&ref=home&utm_medium=b#top', path: '/p', referrer: 'https://ref.example/?q=shoes' },
        library: { name: 'pipes.js', version: '0.1.0' },
      },
    }),
  ]);
  runCode(config);
  callLater(() => {
    const page = (storedRows()[0].context as Row).page as Row;
    assertThat(page.url).isEqualTo('https://www.example.com/p?utm_source=a&utm_medium=b');
    assertThat(page.referrer).isEqualTo('https://ref.example/');
  });
});

scenario('the query allowlist is configurable', () => {
  request.body = batchOf([
    pageEvent(EVENT_1, {
      context: {
        page: { url: 'https://www.example.com/p?utm_source=a&ref=home', path: '/p' },
        library: { name: 'pipes.js', version: '0.1.0' },
      },
    }),
  ]);
  runCode(withConfig({ queryAllowlist: ['ref'] }));
  callLater(() => assertThat(((storedRows()[0].context as Row).page as Row).url).isEqualTo('https://www.example.com/p?ref=home'));
});

scenario('user id handling "sha256" stores the salted SHA-256', () => {
  request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
  runCode(withConfig({ userIdHandling: 'sha256', userIdSalt: 'a-long-random-salt-value' }));
  callLater(() => {
    assertThat(storedRows()[0].user_id).isEqualTo(sha256Sync('a-long-random-salt-valueuser-42', { outputEncoding: 'hex' }));
    assertApi('hmacSha256').wasNotCalled();
  });
});

scenario('user id handling "hmac" uses the configured key id', () => {
  request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
  runCode(withConfig({ hmacKeyId: 'other_key' }));
  assertApi('hmacSha256').wasCalledWith('user-42', 'other_key', { outputEncoding: 'hex' });
});

scenario('user id handling "drop" stores no user id', () => {
  request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
  runCode(withConfig({ userIdHandling: 'drop' }));
  callLater(() => {
    assertThat(storedRows()[0].user_id).isUndefined();
    assertThat(everythingUploaded()).doesNotContain('user-42');
  });
});

scenario('user id handling "keep" stores the id as sent', () => {
  request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
  runCode(withConfig({ userIdHandling: 'keep' }));
  callLater(() => assertThat(storedRows()[0].user_id).isEqualTo('user-42'));
});

// ----- bots -----

scenario('bots are stored with bot: true when flagged', () => {
  request.headers['user-agent'] = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
  runCode(config);
  callLater(() => {
    assertThat(storedRows()[0].bot).isTrue();
    assertThat((storedRows()[0].user_agent as Row).device).isEqualTo('bot');
  });
});

scenario('bots get 204 and nothing is stored when dropped', () => {
  request.headers['user-agent'] = 'curl/8.5.0';
  runCode(withConfig({ botHandling: 'drop' }));
  assertThat(response.status).isEqualTo(204);
  assertThat(uploads).hasLength(0);
});

// ----- other server tags -----

scenario('runs the container once per stored event with the anonymized event, then answers', () => {
  request.body = batchOf([pageEvent(EVENT_1, { user_id: 'jane.doe@example.com', properties: { user_id: 'raw', plan: 'pro' } })]);
  runCode(withConfig({ runContainer: true }));
  callLater(() => {
    assertThat(containerEvents).hasLength(1);
    const event = containerEvents[0];
    assertThat(event.event_name).isEqualTo('page_view');
    assertThat(event.client_id).isEqualTo(ANON);
    assertThat(event.user_id).isEqualTo(sha256Sync('pipes_user_id|jane.doe@example.com', { outputEncoding: 'hex' }));
    assertThat(event.ip_override).isEqualTo('203.0.113.0');
    assertThat(event.page_location).isEqualTo('https://www.example.com/?utm_source=news');
    assertThat(event.page_hostname).isEqualTo('www.example.com');
    assertThat(event.screen_resolution).isEqualTo('1920x1080');
    assertThat(event['x-pipes-event-id']).isEqualTo(EVENT_1);
    assertThat(event.plan).isEqualTo('pro');
    assertThat(response.status).isEqualTo(200);
    assertThat(response.returned).isEqualTo(1);
  });
});

scenario('does not run the container again for a batch an earlier attempt stored (412)', () => {
  bucketAnswers = [412];
  runCode(withConfig({ runContainer: true }));
  callLater(() => {
    assertApi('runContainer').wasNotCalled();
    assertThat(response.status).isEqualTo(200);
  });
});

scenario('does not run the container when forwarding is off, nor when storage failed', () => {
  runCode(config);
  bucketAnswers = [500];
  runCode(withConfig({ runContainer: true }));
  callLater(() => assertApi('runContainer').wasNotCalled());
});

// ----- the tracker script -----

scenario('serves the tracker with Cache-Control and an ETag', () => {
  request.path = '/p/pipes.js';
  request.method = 'GET';
  runCode(config);
  assertApi('claimRequest').wasCalled();
  assertThat(response.status).isEqualTo(200);
  assertThat(response.headers['content-type']).isEqualTo('text/javascript; charset=utf-8');
  assertThat(response.headers['cache-control']).isEqualTo('public, max-age=3600');
  assertThat(response.headers['etag']).isString();
  assertThat(response.body).isString();
  assertThat(response.body).isNotEmpty();
  assertThat(uploads).hasLength(0);
});

scenario('answers 304 without a body when If-None-Match names the current ETag', () => {
  request.path = '/p/pipes.js';
  request.method = 'GET';
  runCode(config);
  const etag = response.headers['etag'];
  response.body = undefined;
  request.headers['if-none-match'] = 'W/' + etag;
  runCode(config);
  assertThat(response.status).isEqualTo(304);
  assertThat(response.body).isUndefined();
});

scenario('serves each tracker plugin beside the tracker, with its own ETag', () => {
  request.path = '/p/pipes.js';
  request.method = 'GET';
  runCode(config);
  const coreEtag = response.headers['etag'];
  const coreBody = response.body;
  request.path = '/p/pipes-links.js';
  runCode(config);
  assertThat(response.status).isEqualTo(200);
  assertThat(response.headers['content-type']).isEqualTo('text/javascript; charset=utf-8');
  assertThat(response.headers['etag']).isNotEqualTo(coreEtag);
  assertThat(response.body).isNotEqualTo(coreBody);
  assertThat(response.body).isNotEmpty();
});

scenario('leaves other files beside the tracker to other clients', () => {
  request.path = '/p/pipes-unknown.js';
  request.method = 'GET';
  runCode(config);
  assertApi('claimRequest').wasNotCalled();
});

scenario('serves the script under its configured file name and cache lifetime', () => {
  request.path = '/p/a1.js';
  request.method = 'GET';
  runCode(withConfig({ scriptFileName: 'a1.js', scriptCacheSeconds: '600' }));
  assertThat(response.status).isEqualTo(200);
  assertThat(response.headers['cache-control']).isEqualTo('public, max-age=600');
});

scenario('answers 405 to other methods on the script path', () => {
  request.path = '/p/pipes.js';
  request.method = 'POST';
  runCode(config);
  assertThat(response.status).isEqualTo(405);
  assertThat(response.headers['allow']).isEqualTo('GET, HEAD');
});

scenario('answers HEAD on the script path with the headers and no body', () => {
  request.path = '/p/pipes.js';
  request.method = 'HEAD';
  runCode(config);
  assertThat(response.status).isEqualTo(200);
  assertThat(response.headers['etag']).isString();
  assertThat(response.body).isUndefined();
});

// The Pipes client for server-side GTM: its form, permissions and notes. The code is in sandbox/.
import { defineTemplate } from '../tools/gtm/define/types.ts';

const WHOLE_NUMBER = '^[1-9][0-9]*$';

export default defineTemplate({
  info: {
    type: 'CLIENT',
    context: 'SERVER',
    displayName: 'Pipes Client',
    description:
      'Receives Pipes tracker batches, validates and anonymizes every event, and writes them as NDJSON into your ' +
      'Cloud Storage bucket before answering. Serves the tracker script first-party.',
    categories: ['ANALYTICS', 'DATA_WAREHOUSING'],
    brand: { id: 'brand_dummy', displayName: 'Pipes' },
  },
  parameters: [
    {
      type: 'GROUP',
      name: 'pathsGroup',
      displayName: 'Paths and origins',
      groupStyle: 'NO_ZIPPY',
      subParams: [
        {
          type: 'TEXT',
          name: 'pathPrefix',
          displayName: 'Path prefix',
          defaultValue: '/p',
          alwaysInSummary: true,
          help:
            'The client claims <b>PREFIX/collect</b> (POST batches, GET pixel, OPTIONS preflight) and the tracker ' +
            'script path below, nothing else. Pick your own prefix so that ad-block lists do not match it, and use ' +
            'the same collect URL in the Pipes web tag.',
          valueValidators: [
            { type: 'NON_EMPTY' },
            {
              type: 'REGEX',
              args: ['^(/[A-Za-z0-9._~-]+)+$'],
              errorMessage: 'Write a path such as /p or /assets/x: a leading slash, no trailing slash, no query.',
            },
          ],
        },
        {
          type: 'SIMPLE_TABLE',
          name: 'allowedOrigins',
          displayName: 'Allowed origins',
          help:
            'Browser requests from other origins are refused with 403. Write <b>https://www.example.com</b>, or ' +
            '<b>https://*.example.com</b> for every subdomain. Left empty: only origins on the same site as this ' +
            'server (same registrable domain). Requests without an Origin header (server to server) are accepted.',
          simpleTableColumns: [
            {
              type: 'TEXT',
              name: 'origin',
              displayName: 'Origin',
              isUnique: true,
              valueHint: 'https://www.example.com',
              valueValidators: [
                {
                  type: 'REGEX',
                  args: ['^https?://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]+)?$'],
                  errorMessage: 'Write an origin: scheme and host, optional port, no path (https://www.example.com).',
                },
              ],
            },
          ],
          newRowButtonText: 'Add origin',
        },
      ],
    },
    {
      type: 'GROUP',
      name: 'storageGroup',
      displayName: 'Cloud Storage',
      groupStyle: 'NO_ZIPPY',
      subParams: [
        {
          type: 'TEXT',
          name: 'bucket',
          displayName: 'Bucket',
          alwaysInSummary: true,
          valueHint: 'my-company-events',
          help: 'The bucket name only, without gs://. The server\'s service account needs Storage Object Creator on it.',
          valueValidators: [
            { type: 'NON_EMPTY' },
            {
              type: 'REGEX',
              args: ['^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$'],
              errorMessage: 'Write a bucket name: lower-case letters, digits, dots, dashes and underscores, without gs://.',
            },
          ],
        },
        {
          type: 'TEXT',
          name: 'objectPrefix',
          displayName: 'Object prefix',
          defaultValue: 'pipes',
          canBeEmptyString: true,
          help:
            'Events go to <b>PREFIX/events/v1/dt=YYYY-MM-DD/hr=HH/BATCH_ID.ndjson</b> and invalid events, with their ' +
            'reasons, to <b>PREFIX/rejected/v1/…</b>. Empty: no prefix.',
          valueValidators: [
            {
              type: 'REGEX',
              args: ['^([A-Za-z0-9._=-]+(/[A-Za-z0-9._=-]+)*)?$'],
              errorMessage: 'Write folder names separated by slashes, without leading or trailing slash (pipes or web/pipes).',
            },
          ],
        },
        {
          type: 'TEXT',
          name: 'storageBaseUrl',
          displayName: 'Storage API base URL',
          defaultValue: 'https://storage.googleapis.com',
          help:
            'Change it only to write to a GCS-compatible server, such as the Pipes local stack. The template may send ' +
            'only to storage.googleapis.com, localhost and 127.0.0.1: add other hosts to its send_http permission.',
          valueValidators: [
            { type: 'NON_EMPTY' },
            {
              type: 'REGEX',
              args: ['^https?://[^/?#]+$'],
              errorMessage: 'Write a scheme and host without a path (https://storage.googleapis.com).',
            },
          ],
        },
        {
          type: 'TEXT',
          name: 'uploadTimeoutMs',
          displayName: 'Upload timeout',
          valueUnit: 'ms',
          defaultValue: 5000,
          help: 'An upload still unanswered after this long counts as failed: the tracker gets a 503 and retries.',
          valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of milliseconds.' }],
        },
        {
          type: 'TEXT',
          name: 'retryAfterSeconds',
          displayName: 'Retry-After on storage failure',
          valueUnit: 'seconds',
          defaultValue: 30,
          valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of seconds.' }],
        },
      ],
    },
    {
      type: 'GROUP',
      name: 'privacyGroup',
      displayName: 'Privacy',
      groupStyle: 'ZIPPY_OPEN',
      subParams: [
        {
          type: 'RADIO',
          name: 'ipHandling',
          displayName: 'IP address',
          radioItems: [
            { value: 'truncate', displayValue: 'Truncate (IPv4 to /24, IPv6 to /48)' },
            { value: 'drop', displayValue: 'Do not store' },
          ],
          defaultValue: 'truncate',
          help: 'The full address is never stored.',
        },
        {
          type: 'RADIO',
          name: 'userAgentHandling',
          displayName: 'User agent',
          radioItems: [
            { value: 'reduce', displayValue: 'Reduce to browser, operating system and device class' },
            { value: 'drop', displayValue: 'Do not store' },
          ],
          defaultValue: 'reduce',
          help: 'The full user-agent string is never stored.',
        },
        {
          type: 'TEXT',
          name: 'queryAllowlist',
          displayName: 'Query parameters kept in URLs',
          lineCount: 3,
          textAsList: true,
          defaultValue: 'utm_*',
          help:
            'One name per line; a trailing * matches every name with that prefix. Other query parameters, and every ' +
            'fragment (#…), are removed from page URLs, referrers and URL-like properties.',
        },
        {
          type: 'CHECKBOX',
          name: 'scrubEmails',
          checkboxText: 'Redact e-mail addresses in properties and URLs',
          defaultValue: true,
        },
        {
          type: 'CHECKBOX',
          name: 'scrubPhones',
          checkboxText: 'Redact phone numbers (international +… / 00… and (555) 123-4567 forms)',
          defaultValue: true,
        },
        {
          type: 'CHECKBOX',
          name: 'scrubCards',
          checkboxText: 'Redact payment card numbers (13–19 digits passing the Luhn check)',
          defaultValue: true,
        },
        {
          type: 'CHECKBOX',
          name: 'scrubIps',
          checkboxText: 'Redact IP addresses written in properties and URLs',
          defaultValue: true,
        },
        {
          type: 'SIMPLE_TABLE',
          name: 'extraPiiPatterns',
          displayName: 'More patterns to redact',
          help:
            'RE2 regular expressions; every match in a property or URL becomes [redacted]. A pattern RE2 rejects is ' +
            'logged and skipped.',
          simpleTableColumns: [
            { type: 'TEXT', name: 'pattern', displayName: 'RE2 pattern', valueHint: 'CUST-[0-9]{6}', valueValidators: [{ type: 'NON_EMPTY' }] },
          ],
          newRowButtonText: 'Add pattern',
        },
        {
          type: 'RADIO',
          name: 'userIdHandling',
          displayName: 'User id (from identify)',
          radioItems: [
            {
              value: 'hmac',
              displayValue: 'Keyed hash (HMAC-SHA256 with a server key)',
              subParams: [
                {
                  type: 'TEXT',
                  name: 'hmacKeyId',
                  displayName: 'Key id',
                  defaultValue: 'pipes_user_id',
                  help:
                    'The id of a key in the server\'s SGTM_CREDENTIALS file. The template\'s permission allows ' +
                    '<b>pipes_user_id</b>; add your key id to its use_custom_private_keys permission to use another.',
                  valueValidators: [{ type: 'NON_EMPTY' }],
                },
              ],
            },
            {
              value: 'sha256',
              displayValue: 'Salted SHA-256',
              subParams: [
                {
                  type: 'TEXT',
                  name: 'userIdSalt',
                  displayName: 'Salt',
                  help: 'A long random secret. Anyone who knows it can test guesses of user ids, so prefer the keyed hash.',
                  valueValidators: [{ type: 'STRING_LENGTH', args: [16, 256], errorMessage: 'Use at least 16 characters.' }],
                },
              ],
            },
            { value: 'drop', displayValue: 'Do not store' },
            { value: 'keep', displayValue: 'Store as sent (only if your user ids are not personal data)' },
          ],
          defaultValue: 'hmac',
        },
        {
          type: 'CHECKBOX',
          name: 'honourGpc',
          checkboxText: 'Honour Global Privacy Control (Sec-GPC: 1 means opted out)',
          defaultValue: true,
          help: 'Opted-out requests store nothing, expire the identifier cookies and get 204.',
        },
      ],
    },
    {
      type: 'GROUP',
      name: 'cookiesGroup',
      displayName: 'Cookies',
      groupStyle: 'ZIPPY_CLOSED',
      subParams: [
        {
          type: 'TEXT',
          name: 'cookiePrefix',
          displayName: 'Cookie name prefix',
          defaultValue: 'pipes',
          help:
            'The tracker\'s cookieName: cookies PREFIX_id, PREFIX_ses, PREFIX_optout and the backup PREFIX_id_backup. ' +
            'The template\'s cookie permissions name the pipes_ cookies; change them too if you change the prefix.',
          valueValidators: [
            { type: 'NON_EMPTY' },
            { type: 'REGEX', args: ['^[A-Za-z0-9_-]+$'], errorMessage: 'Use letters, digits, _ and - only.' },
          ],
        },
        {
          type: 'TEXT',
          name: 'cookieDomain',
          displayName: 'Cookie domain',
          defaultValue: 'auto',
          help: '<b>auto</b>: the registrable domain of this server (example.com for sgtm.example.com), as the tracker does.',
          valueValidators: [{ type: 'NON_EMPTY' }],
        },
        {
          type: 'TEXT',
          name: 'cookieLifetimeDays',
          displayName: 'Anonymous id lifetime',
          valueUnit: 'days',
          defaultValue: 365,
          help: 'Browsers cap cookie lifetimes at 400 days.',
          valueValidators: [
            { type: 'REGEX', args: ['^([1-9][0-9]?|[1-3][0-9][0-9]|400)$'], errorMessage: 'Write a number of days from 1 to 400.' },
          ],
        },
        {
          type: 'CHECKBOX',
          name: 'setIdCookie',
          checkboxText: 'Set and refresh the anonymous id cookie from the server',
          defaultValue: true,
          help: 'Server-set cookies escape the 7-day cap some browsers put on cookies set by scripts.',
        },
        {
          type: 'CHECKBOX',
          name: 'backupIdCookie',
          checkboxText: 'Keep an HttpOnly backup copy, and restore the id from it when the script copy is missing',
          defaultValue: true,
          enablingConditions: [{ paramName: 'setIdCookie', paramValue: true, type: 'EQUALS' }],
        },
      ],
    },
    {
      type: 'GROUP',
      name: 'qualityGroup',
      displayName: 'Bots and limits',
      groupStyle: 'ZIPPY_CLOSED',
      subParams: [
        {
          type: 'RADIO',
          name: 'botHandling',
          displayName: 'Requests from bots (by user agent)',
          radioItems: [
            { value: 'flag', displayValue: 'Store them with bot: true' },
            { value: 'drop', displayValue: 'Do not store them (answer 204)' },
          ],
          defaultValue: 'flag',
        },
        {
          type: 'TEXT',
          name: 'maxBodyBytes',
          displayName: 'Largest request body',
          valueUnit: 'bytes',
          defaultValue: 65536,
          help: 'Larger requests get 413. The tracker keeps batches under 60000 bytes.',
          valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of bytes.' }],
        },
        {
          type: 'TEXT',
          name: 'maxEventsPerBatch',
          displayName: 'Most events per batch',
          defaultValue: 100,
          help: 'Larger batches get 413. At most 500 (the wire format\'s own limit).',
          valueValidators: [
            { type: 'REGEX', args: ['^([1-9][0-9]?|[1-4][0-9][0-9]|500)$'], errorMessage: 'Write a number from 1 to 500.' },
          ],
        },
        {
          type: 'TEXT',
          name: 'maxPropertyDepth',
          displayName: 'Deepest properties nesting',
          defaultValue: 5,
          help: 'properties: {a: 1} has depth 1, {a: {b: 1}} depth 2. Deeper events are rejected.',
          valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number.' }],
        },
        {
          type: 'TEXT',
          name: 'maxPropertyBytes',
          displayName: 'Largest properties',
          valueUnit: 'bytes of JSON',
          defaultValue: 16384,
          valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of bytes.' }],
        },
        {
          type: 'TEXT',
          name: 'maxEventAgeHours',
          displayName: 'Oldest event accepted',
          valueUnit: 'hours',
          defaultValue: 168,
          help: 'Events whose ts is older, or more than 24 hours in the future, are rejected. The tracker keeps unsent events across visits.',
          valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of hours.' }],
        },
      ],
    },
    {
      type: 'GROUP',
      name: 'forwardingGroup',
      displayName: 'Other server-side tags',
      groupStyle: 'ZIPPY_CLOSED',
      subParams: [
        {
          type: 'CHECKBOX',
          name: 'runContainer',
          checkboxText: 'Also run the container for each stored event (as common event data)',
          defaultValue: false,
          help:
            'GA4 and other server tags then receive the anonymized event: event_name, client_id (the anonymous id), ' +
            'page_location, truncated ip_override and the properties. Runs only once the batch is stored, and not again ' +
            'when a retried batch was already stored.',
        },
      ],
    },
    {
      type: 'GROUP',
      name: 'scriptGroup',
      displayName: 'Tracker script',
      groupStyle: 'ZIPPY_CLOSED',
      subParams: [
        {
          type: 'CHECKBOX',
          name: 'serveScript',
          checkboxText: 'Serve the Pipes tracker first-party at PREFIX/FILE NAME',
          defaultValue: true,
        },
        {
          type: 'TEXT',
          name: 'scriptFileName',
          displayName: 'File name',
          defaultValue: 'pipes.js',
          help: 'A name of your own keeps ad-block lists from matching it.',
          enablingConditions: [{ paramName: 'serveScript', paramValue: true, type: 'EQUALS' }],
          valueValidators: [
            { type: 'NON_EMPTY' },
            { type: 'REGEX', args: ['^[A-Za-z0-9._~-]+$'], errorMessage: 'Write a file name without slashes (pipes.js).' },
          ],
        },
        {
          type: 'TEXT',
          name: 'scriptCacheSeconds',
          displayName: 'Browser cache lifetime',
          valueUnit: 'seconds',
          defaultValue: 3600,
          help: 'Cache-Control max-age. Browsers revalidate with the ETag afterwards (304 when unchanged).',
          enablingConditions: [{ paramName: 'serveScript', paramValue: true, type: 'EQUALS' }],
          valueValidators: [{ type: 'REGEX', args: ['^[0-9]+$'], errorMessage: 'Write a whole number of seconds.' }],
        },
      ],
    },
  ],
  permissions: {
    access_response: {
      parts: 'any',
      headers: [
        'access-control-allow-credentials',
        'access-control-allow-headers',
        'access-control-allow-methods',
        'access-control-allow-origin',
        'access-control-max-age',
        'allow',
        'cache-control',
        'content-type',
        'etag',
        'retry-after',
        'vary',
        'x-content-type-options',
      ],
    },
    get_cookies: { cookies: ['pipes_id', 'pipes_id_backup', 'pipes_optout'] },
    // Storage failures and skipped redaction patterns are worth seeing in production logs too; no personal data is logged.
    logging: { environments: 'all' },
    read_request: {
      parts: ['body', 'headers', 'method', 'path', 'queryParameters', 'remoteAddress'],
      headers: ['host', 'if-none-match', 'origin', 'sec-gpc', 'user-agent'],
      queryParameters: ['e'],
    },
    send_http: {
      urls: ['https://storage.googleapis.com/upload/storage/v1/b/*', 'http://localhost/*', 'http://127.0.0.1/*'],
    },
    set_cookies: {
      cookies: [
        { name: 'pipes_id', domain: '*', path: '/', secure: 'secure', session: 'non_session' },
        { name: 'pipes_id_backup', domain: '*', path: '/', secure: 'secure', session: 'non_session' },
        { name: 'pipes_ses', domain: '*', path: '/', secure: 'secure', session: 'non_session' },
      ],
    },
    use_custom_private_keys: { keyIds: ['pipes_user_id'] },
    use_google_credentials: { scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] },
  },
  notes:
    'Pipes client: claims PREFIX/collect and PREFIX/<script>, validates wire format v1, anonymizes, and stores one ' +
    'NDJSON object per batch in Cloud Storage (ifGenerationMatch=0) before answering 2xx. See gtm-server-client/README.md.',
});

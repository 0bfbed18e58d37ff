___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "CLIENT",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Pipes Client",
  "categories": [
    "ANALYTICS",
    "DATA_WAREHOUSING"
  ],
  "brand": {
    "id": "brand_dummy",
    "displayName": "Pipes"
  },
  "description": "Receives Pipes tracker batches, validates and anonymizes every event, and writes them as NDJSON into your Cloud Storage bucket before answering. Serves the tracker script first-party.",
  "containerContexts": [
    "SERVER"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "GROUP",
    "name": "pathsGroup",
    "displayName": "Paths and origins",
    "groupStyle": "NO_ZIPPY",
    "subParams": [
      {
        "type": "TEXT",
        "name": "pathPrefix",
        "displayName": "Path prefix",
        "simpleValueType": true,
        "defaultValue": "/p",
        "help": "The client claims \u003cb\u003ePREFIX/collect\u003c/b\u003e (POST batches, GET pixel, OPTIONS preflight) and the tracker script path below, nothing else. Pick your own prefix so that ad-block lists do not match it, and use the same collect URL in the Pipes web tag.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^(/[A-Za-z0-9._~-]+)+$"
            ],
            "errorMessage": "Write a path such as /p or /assets/x: a leading slash, no trailing slash, no query."
          }
        ],
        "alwaysInSummary": true
      },
      {
        "type": "SIMPLE_TABLE",
        "name": "allowedOrigins",
        "displayName": "Allowed origins",
        "simpleTableColumns": [
          {
            "defaultValue": "",
            "displayName": "Origin",
            "name": "origin",
            "type": "TEXT",
            "valueHint": "https://www.example.com",
            "isUnique": true,
            "valueValidators": [
              {
                "type": "REGEX",
                "args": [
                  "^https?://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]+)?$"
                ],
                "errorMessage": "Write an origin: scheme and host, optional port, no path (https://www.example.com)."
              }
            ]
          }
        ],
        "newRowButtonText": "Add origin",
        "help": "Browser requests from other origins are refused with 403. Write \u003cb\u003ehttps://www.example.com\u003c/b\u003e, or \u003cb\u003ehttps://*.example.com\u003c/b\u003e for every subdomain. Left empty: only origins on the same site as this server (same registrable domain). Requests without an Origin header (server to server) are accepted."
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "storageGroup",
    "displayName": "Cloud Storage",
    "groupStyle": "NO_ZIPPY",
    "subParams": [
      {
        "type": "TEXT",
        "name": "bucket",
        "displayName": "Bucket",
        "simpleValueType": true,
        "valueHint": "my-company-events",
        "help": "The bucket name only, without gs://. The server\u0027s service account needs Storage Object Creator on it.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$"
            ],
            "errorMessage": "Write a bucket name: lower-case letters, digits, dots, dashes and underscores, without gs://."
          }
        ],
        "alwaysInSummary": true
      },
      {
        "type": "TEXT",
        "name": "objectPrefix",
        "displayName": "Object prefix",
        "simpleValueType": true,
        "canBeEmptyString": true,
        "defaultValue": "pipes",
        "help": "Events go to \u003cb\u003ePREFIX/events/v1/dt\u003dYYYY-MM-DD/hr\u003dHH/BATCH_ID.ndjson\u003c/b\u003e and invalid events, with their reasons, to \u003cb\u003ePREFIX/rejected/v1/…\u003c/b\u003e. Empty: no prefix.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^([A-Za-z0-9._\u003d-]+(/[A-Za-z0-9._\u003d-]+)*)?$"
            ],
            "errorMessage": "Write folder names separated by slashes, without leading or trailing slash (pipes or web/pipes)."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "storageBaseUrl",
        "displayName": "Storage API base URL",
        "simpleValueType": true,
        "defaultValue": "https://storage.googleapis.com",
        "help": "Change it only to write to a GCS-compatible server, such as the Pipes local stack. The template may send only to storage.googleapis.com, localhost and 127.0.0.1: add other hosts to its send_http permission.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^https?://[^/?#]+$"
            ],
            "errorMessage": "Write a scheme and host without a path (https://storage.googleapis.com)."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "uploadTimeoutMs",
        "displayName": "Upload timeout",
        "simpleValueType": true,
        "valueUnit": "ms",
        "defaultValue": 5000,
        "help": "An upload still unanswered after this long counts as failed: the tracker gets a 503 and retries.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[1-9][0-9]*$"
            ],
            "errorMessage": "Write a whole number of milliseconds."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "retryAfterSeconds",
        "displayName": "Retry-After on storage failure",
        "simpleValueType": true,
        "valueUnit": "seconds",
        "defaultValue": 30,
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[1-9][0-9]*$"
            ],
            "errorMessage": "Write a whole number of seconds."
          }
        ]
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "privacyGroup",
    "displayName": "Privacy",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      {
        "type": "RADIO",
        "name": "ipHandling",
        "displayName": "IP address",
        "radioItems": [
          {
            "value": "truncate",
            "displayValue": "Truncate (IPv4 to /24, IPv6 to /48)"
          },
          {
            "value": "drop",
            "displayValue": "Do not store"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "truncate",
        "help": "The full address is never stored."
      },
      {
        "type": "RADIO",
        "name": "userAgentHandling",
        "displayName": "User agent",
        "radioItems": [
          {
            "value": "reduce",
            "displayValue": "Reduce to browser, operating system and device class"
          },
          {
            "value": "drop",
            "displayValue": "Do not store"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "reduce",
        "help": "The full user-agent string is never stored."
      },
      {
        "type": "TEXT",
        "name": "queryAllowlist",
        "displayName": "Query parameters kept in URLs",
        "simpleValueType": true,
        "lineCount": 3,
        "textAsList": true,
        "defaultValue": "utm_*",
        "help": "One name per line; a trailing * matches every name with that prefix. Other query parameters, and every fragment (#…), are removed from page URLs, referrers and URL-like properties."
      },
      {
        "type": "CHECKBOX",
        "name": "scrubEmails",
        "checkboxText": "Redact e-mail addresses in properties and URLs",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "CHECKBOX",
        "name": "scrubPhones",
        "checkboxText": "Redact phone numbers (international +… / 00… and (555) 123-4567 forms)",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "CHECKBOX",
        "name": "scrubCards",
        "checkboxText": "Redact payment card numbers (13–19 digits passing the Luhn check)",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "CHECKBOX",
        "name": "scrubIps",
        "checkboxText": "Redact IP addresses written in properties and URLs",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "SIMPLE_TABLE",
        "name": "extraPiiPatterns",
        "displayName": "More patterns to redact",
        "simpleTableColumns": [
          {
            "defaultValue": "",
            "displayName": "RE2 pattern",
            "name": "pattern",
            "type": "TEXT",
            "valueHint": "CUST-[0-9]{6}",
            "valueValidators": [
              {
                "type": "NON_EMPTY"
              }
            ]
          }
        ],
        "newRowButtonText": "Add pattern",
        "help": "RE2 regular expressions; every match in a property or URL becomes [redacted]. A pattern RE2 rejects is logged and skipped."
      },
      {
        "type": "RADIO",
        "name": "userIdHandling",
        "displayName": "User id (from identify)",
        "radioItems": [
          {
            "value": "hmac",
            "displayValue": "Keyed hash (HMAC-SHA256 with a server key)",
            "subParams": [
              {
                "type": "TEXT",
                "name": "hmacKeyId",
                "displayName": "Key id",
                "simpleValueType": true,
                "defaultValue": "pipes_user_id",
                "help": "The id of a key in the server\u0027s SGTM_CREDENTIALS file. The template\u0027s permission allows \u003cb\u003epipes_user_id\u003c/b\u003e; add your key id to its use_custom_private_keys permission to use another.",
                "valueValidators": [
                  {
                    "type": "NON_EMPTY"
                  }
                ]
              }
            ]
          },
          {
            "value": "sha256",
            "displayValue": "Salted SHA-256",
            "subParams": [
              {
                "type": "TEXT",
                "name": "userIdSalt",
                "displayName": "Salt",
                "simpleValueType": true,
                "help": "A long random secret. Anyone who knows it can test guesses of user ids, so prefer the keyed hash.",
                "valueValidators": [
                  {
                    "type": "STRING_LENGTH",
                    "args": [
                      16,
                      256
                    ],
                    "errorMessage": "Use at least 16 characters."
                  }
                ]
              }
            ]
          },
          {
            "value": "drop",
            "displayValue": "Do not store"
          },
          {
            "value": "keep",
            "displayValue": "Store as sent (only if your user ids are not personal data)"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "hmac"
      },
      {
        "type": "CHECKBOX",
        "name": "honourGpc",
        "checkboxText": "Honour Global Privacy Control (Sec-GPC: 1 means opted out)",
        "simpleValueType": true,
        "help": "Opted-out requests store nothing, expire the identifier cookies and get 204.",
        "defaultValue": true
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "cookiesGroup",
    "displayName": "Cookies",
    "groupStyle": "ZIPPY_CLOSED",
    "subParams": [
      {
        "type": "TEXT",
        "name": "cookiePrefix",
        "displayName": "Cookie name prefix",
        "simpleValueType": true,
        "defaultValue": "pipes",
        "help": "The tracker\u0027s cookieName: cookies PREFIX_id, PREFIX_ses, PREFIX_optout and the backup PREFIX_id_backup. The template\u0027s cookie permissions name the pipes_ cookies; change them too if you change the prefix.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^[A-Za-z0-9_-]+$"
            ],
            "errorMessage": "Use letters, digits, _ and - only."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "cookieDomain",
        "displayName": "Cookie domain",
        "simpleValueType": true,
        "defaultValue": "auto",
        "help": "\u003cb\u003eauto\u003c/b\u003e: the registrable domain of this server (example.com for sgtm.example.com), as the tracker does.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "cookieLifetimeDays",
        "displayName": "Anonymous id lifetime",
        "simpleValueType": true,
        "valueUnit": "days",
        "defaultValue": 365,
        "help": "Browsers cap cookie lifetimes at 400 days.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^([1-9][0-9]?|[1-3][0-9][0-9]|400)$"
            ],
            "errorMessage": "Write a number of days from 1 to 400."
          }
        ]
      },
      {
        "type": "CHECKBOX",
        "name": "setIdCookie",
        "checkboxText": "Set and refresh the anonymous id cookie from the server",
        "simpleValueType": true,
        "help": "Server-set cookies escape the 7-day cap some browsers put on cookies set by scripts.",
        "defaultValue": true
      },
      {
        "type": "CHECKBOX",
        "name": "backupIdCookie",
        "checkboxText": "Keep an HttpOnly backup copy, and restore the id from it when the script copy is missing",
        "simpleValueType": true,
        "defaultValue": true,
        "enablingConditions": [
          {
            "paramName": "setIdCookie",
            "paramValue": true,
            "type": "EQUALS"
          }
        ]
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "qualityGroup",
    "displayName": "Bots and limits",
    "groupStyle": "ZIPPY_CLOSED",
    "subParams": [
      {
        "type": "RADIO",
        "name": "botHandling",
        "displayName": "Requests from bots (by user agent)",
        "radioItems": [
          {
            "value": "flag",
            "displayValue": "Store them with bot: true"
          },
          {
            "value": "drop",
            "displayValue": "Do not store them (answer 204)"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "flag"
      },
      {
        "type": "TEXT",
        "name": "maxBodyBytes",
        "displayName": "Largest request body",
        "simpleValueType": true,
        "valueUnit": "bytes",
        "defaultValue": 65536,
        "help": "Larger requests get 413. The tracker keeps batches under 60000 bytes.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[1-9][0-9]*$"
            ],
            "errorMessage": "Write a whole number of bytes."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "maxEventsPerBatch",
        "displayName": "Most events per batch",
        "simpleValueType": true,
        "defaultValue": 100,
        "help": "Larger batches get 413. At most 500 (the wire format\u0027s own limit).",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^([1-9][0-9]?|[1-4][0-9][0-9]|500)$"
            ],
            "errorMessage": "Write a number from 1 to 500."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "maxPropertyDepth",
        "displayName": "Deepest properties nesting",
        "simpleValueType": true,
        "defaultValue": 5,
        "help": "properties: {a: 1} has depth 1, {a: {b: 1}} depth 2. Deeper events are rejected.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[1-9][0-9]*$"
            ],
            "errorMessage": "Write a whole number."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "maxPropertyBytes",
        "displayName": "Largest properties",
        "simpleValueType": true,
        "valueUnit": "bytes of JSON",
        "defaultValue": 16384,
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[1-9][0-9]*$"
            ],
            "errorMessage": "Write a whole number of bytes."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "maxEventAgeHours",
        "displayName": "Oldest event accepted",
        "simpleValueType": true,
        "valueUnit": "hours",
        "defaultValue": 168,
        "help": "Events whose ts is older, or more than 24 hours in the future, are rejected. The tracker keeps unsent events across visits.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[1-9][0-9]*$"
            ],
            "errorMessage": "Write a whole number of hours."
          }
        ]
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "forwardingGroup",
    "displayName": "Other server-side tags",
    "groupStyle": "ZIPPY_CLOSED",
    "subParams": [
      {
        "type": "CHECKBOX",
        "name": "runContainer",
        "checkboxText": "Also run the container for each stored event (as common event data)",
        "simpleValueType": true,
        "help": "GA4 and other server tags then receive the anonymized event: event_name, client_id (the anonymous id), page_location, truncated ip_override and the properties. Runs only once the batch is stored, and not again when a retried batch was already stored.",
        "defaultValue": false
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "scriptGroup",
    "displayName": "Tracker script",
    "groupStyle": "ZIPPY_CLOSED",
    "subParams": [
      {
        "type": "CHECKBOX",
        "name": "serveScript",
        "checkboxText": "Serve the Pipes tracker first-party at PREFIX/FILE NAME",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "TEXT",
        "name": "scriptFileName",
        "displayName": "File name",
        "simpleValueType": true,
        "defaultValue": "pipes.js",
        "help": "A name of your own keeps ad-block lists from matching it.",
        "enablingConditions": [
          {
            "paramName": "serveScript",
            "paramValue": true,
            "type": "EQUALS"
          }
        ],
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^[A-Za-z0-9._~-]+$"
            ],
            "errorMessage": "Write a file name without slashes (pipes.js)."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "scriptCacheSeconds",
        "displayName": "Browser cache lifetime",
        "simpleValueType": true,
        "valueUnit": "seconds",
        "defaultValue": 3600,
        "help": "Cache-Control max-age. Browsers revalidate with the ETag afterwards (304 when unchanged).",
        "enablingConditions": [
          {
            "paramName": "serveScript",
            "paramValue": true,
            "type": "EQUALS"
          }
        ],
        "valueValidators": [
          {
            "type": "REGEX",
            "args": [
              "^[0-9]+$"
            ],
            "errorMessage": "Write a whole number of seconds."
          }
        ]
      }
    ]
  }
]


___SANDBOXED_JS_FOR_SERVER___

const Math = require('Math');
const Object = require('Object');
const createRegex = require('createRegex');
const logToConsole = require('logToConsole');
const testRegex = require('testRegex');
const hmacSha256 = require('hmacSha256');
const sha256Sync = require('sha256Sync');
const Promise = require('Promise');
const runContainer = require('runContainer');
const getCookieValues = require('getCookieValues');
const getRequestHeader = require('getRequestHeader');
const setCookie = require('setCookie');
const computeEffectiveTldPlusOne = require('computeEffectiveTldPlusOne');
const setResponseHeader = require('setResponseHeader');
const JSON = require('JSON');
const getRequestBody = require('getRequestBody');
const getRequestQueryParameter = require('getRequestQueryParameter');
const returnResponse = require('returnResponse');
const setResponseBody = require('setResponseBody');
const setResponseStatus = require('setResponseStatus');
const encodeUriComponent = require('encodeUriComponent');
const getGoogleAuth = require('getGoogleAuth');
const sendHttpRequest = require('sendHttpRequest');
const getRemoteAddress = require('getRemoteAddress');
const getRequestMethod = require('getRequestMethod');
const getTimestampMillis = require('getTimestampMillis');
const setPixelResponse = require('setPixelResponse');
const makeNumber = require('makeNumber');
const claimRequest = require('claimRequest');
const getRequestPath = require('getRequestPath');

// The network instead of the host: IPv4 addresses cut to /24 (a.b.c.0), IPv6 to /48 (x:y:z::). Anything that is
// not a well-formed address gives undefined, so an unexpected format is dropped rather than stored whole.
const DIGITS$3 = '0123456789';
const HEX$1 = '0123456789abcdef';
function valueOf(text, base, maxLength) {
  if (text.length < 1 || text.length > maxLength)
    return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = (base === 10 ? DIGITS$3 : HEX$1).indexOf(text.charAt(i));
    if (d === -1)
      return -1;
    n = n * base + d;
  }
  return n;
}
function ipv4Octets(text) {
  const octets = text.split('.').map((part) => valueOf(part, 10, 3));
  return octets.length === 4 && octets.every((n) => n >= 0 && n <= 255) ? octets : undefined;
}
/** The eight 16-bit groups, or undefined. Accepts :: compression and a trailing embedded IPv4 address. */
function ipv6Groups(text) {
  const halves = text.toLowerCase().split('%')[0].split('::');
  if (halves.length > 2)
    return undefined;
  const parsed = [];
  for (let h = 0; h < halves.length; h++) {
    const groups = [];
    const parts = halves[h] === '' ? [] : halves[h].split(':');
    for (let i = 0; i < parts.length; i++) {
      const embedded = h === halves.length - 1 && i === parts.length - 1 ? ipv4Octets(parts[i]) : undefined;
      if (embedded) {
        groups.push(embedded[0] * 256 + embedded[1], embedded[2] * 256 + embedded[3]);
        continue;
      }
      const group = valueOf(parts[i], 16, 4);
      if (group === -1)
        return undefined;
      groups.push(group);
    }
    parsed.push(groups);
  }
  if (parsed.length === 1)
    return parsed[0].length === 8 ? parsed[0] : undefined;
  const missing = 8 - parsed[0].length - parsed[1].length;
  if (missing < 1)
    return undefined;
  const zeros = [];
  for (let i = 0; i < missing; i++)
    zeros.push(0);
  return parsed[0].concat(zeros, parsed[1]);
}
function truncateIp(address) {
  let text = address.trim();
  if (text.charAt(0) === '[')
    text = text.substring(1, text.indexOf(']') === -1 ? 1 : text.indexOf(']'));
  const v4 = ipv4Octets(text);
  if (v4)
    return v4[0] + '.' + v4[1] + '.' + v4[2] + '.0';
  const groups = ipv6Groups(text);
  if (!groups)
    return undefined;
  const mappedIpv4 = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mappedIpv4)
    return Math.floor(groups[6] / 256) + '.' + (groups[6] % 256) + '.' + Math.floor(groups[7] / 256) + '.0';
  return hex(groups[0]) + ':' + hex(groups[1]) + ':' + hex(groups[2]) + '::';
}
/** Lower-case hexadecimal without leading zeros, as IPv6 addresses are written. */
function hex(n) {
  let text = HEX$1.charAt(n % 16);
  for (let rest = Math.floor(n / 16); rest > 0; rest = Math.floor(rest / 16))
    text = HEX$1.charAt(rest % 16) + text;
  return text;
}

// The rules of schema/wire-batch.v1.schema.json and schema/wire-event.v1.schema.json, by hand: the sandbox has no
// JSON Schema validator. Plain TypeScript on purpose (no require, `typeof` instead of getType), so that Node code
// imports this very file; schema/test/agreement.test.ts proves it gives ajv's verdict on generated payloads.
// Keep the two in step: a change here is a change to the schemas, and the other way round.
//
// Each issue reads `<JSON pointer>: <what is wrong>`, the pointer relative to the batch (or to the event).
/** The wire format's own cap (the schema's maxItems); the template's limit may be lower. */
const MAX_EVENTS_PER_BATCH = 500;
function isObject(value) {
  return typeof value === 'object' && value !== null && !isArray(value);
}
/** Parsed JSON holds no functions, so only a list has a push method. */
function isArray(value) {
  return typeof value === 'object' && value !== null && typeof value.push === 'function';
}
const HEX = '0123456789abcdefABCDEF';
const DIGITS$2 = '0123456789';
/** 8-4-4-4-12 hexadecimal digits, any version. */
function isUuid(value) {
  if (typeof value !== 'string' || value.length !== 36)
    return false;
  for (let i = 0; i < 36; i++) {
    const dash = i === 8 || i === 13 || i === 18 || i === 23;
    const c = value.charAt(i);
    if (dash ? c !== '-' : HEX.indexOf(c) === -1)
      return false;
  }
  return true;
}
/** The number written by `count` ASCII digits at `at`, or -1. */
function digitsAt(text, at, count) {
  if (at + count > text.length)
    return -1;
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = DIGITS$2.indexOf(text.charAt(i));
    if (d === -1)
      return -1;
    n = n * 10 + d;
  }
  return n;
}
/**
 * RFC 3339 date-time as browsers write it: YYYY-MM-DDTHH:MM:SS, optional 1–9 fraction digits, then Z or ±HH:MM.
 * Fields are range-checked (month 01–12, day 01–31, hour 00–23, minute and second 00–59), not calendar-checked.
 */
function isTimestamp(value) {
  if (typeof value !== 'string' || value.length < 20)
    return false;
  const t = value;
  const fieldsOk = digitsAt(t, 0, 4) >= 0 &&
    t.charAt(4) === '-' &&
    inRange(digitsAt(t, 5, 2), 1, 12) &&
    t.charAt(7) === '-' &&
    inRange(digitsAt(t, 8, 2), 1, 31) &&
    t.charAt(10) === 'T' &&
    inRange(digitsAt(t, 11, 2), 0, 23) &&
    t.charAt(13) === ':' &&
    inRange(digitsAt(t, 14, 2), 0, 59) &&
    t.charAt(16) === ':' &&
    inRange(digitsAt(t, 17, 2), 0, 59);
  if (!fieldsOk)
    return false;
  let at = 19;
  if (t.charAt(at) === '.') {
    let fraction = 0;
    while (at + 1 + fraction < t.length && DIGITS$2.indexOf(t.charAt(at + 1 + fraction)) !== -1)
      fraction++;
    if (fraction < 1 || fraction > 9)
      return false;
    at += 1 + fraction;
  }
  const zone = t.substring(at);
  if (zone === 'Z')
    return true;
  return (zone.length === 6 &&
    (zone.charAt(0) === '+' || zone.charAt(0) === '-') &&
    inRange(digitsAt(zone, 1, 2), 0, 23) &&
    zone.charAt(3) === ':' &&
    inRange(digitsAt(zone, 4, 2), 0, 59));
}
function inRange(n, min, max) {
  return n >= min && n <= max;
}
/** Length in Unicode code points, as JSON Schema's minLength and maxLength count (a surrogate pair is one). */
function codePoints(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c >= '\uD800' && c <= '\uDBFF' && i + 1 < text.length) {
      const next = text.charAt(i + 1);
      if (next >= '\uDC00' && next <= '\uDFFF')
        i++;
    }
    n++;
  }
  return n;
}
// ----- checks, one per kind of JSON Schema used -----
const string = (min, max) => (value, path, issues) => {
  if (typeof value !== 'string') {
    issues.push(path + ': must be a string');
    return;
  }
  // Code points lie between half the UTF-16 length and the length: count them only when that does not decide.
  if (value.length <= max && value.length >= 2 * min)
    return;
  const length = codePoints(value);
  if (length < min)
    issues.push(path + ': must not be empty');
  else if (length > max)
    issues.push(path + ': must be at most ' + max + ' characters');
};
/**
 * Whether Math.floor(value) === value, without Math.floor, which is an API call in GTM. Infinities (1e999 in JSON)
 * are whole too: they are the only numbers besides NaN whose difference with themselves is not 0.
 */
function isWhole(value) {
  return value % 1 === 0 || (value === value && value - value !== 0);
}
const integer = (min, max) => (value, path, issues) => {
  if (typeof value !== 'number' || !isWhole(value))
    issues.push(path + ': must be a whole number');
  else if (value < min || value > max)
    issues.push(path + ': must be from ' + min + ' to ' + max);
};
const oneOf = (values) => (value, path, issues) => {
  if (typeof value !== 'string' || values.indexOf(value) === -1)
    issues.push(path + ': must be one of ' + values.join(', '));
};
const uuid = (value, path, issues) => {
  if (!isUuid(value))
    issues.push(path + ': must be a UUID');
};
const uuidOrNull = (value, path, issues) => {
  if (value !== null && !isUuid(value))
    issues.push(path + ': must be a UUID or null');
};
const timestamp = (value, path, issues) => {
  if (!isTimestamp(value))
    issues.push(path + ': must be an RFC 3339 timestamp such as 2025-05-22T20:30:30.456Z');
};
const anyObject = (value, path, issues) => {
  if (!isObject(value))
    issues.push(path + ': must be an object');
};
/** An object with these fields and no others; `required` lists the ones that must be present. */
const object = (fields, required) => {
  // In GTM, Object.keys is an API call: the field names are listed once, the value's once per check.
  const fieldNames = Object.keys(fields);
  return (value, path, issues) => {
    if (!isObject(value)) {
      issues.push(path + ': must be an object');
      return;
    }
    const names = Object.keys(value);
    for (const name of required) {
      if (names.indexOf(name) === -1)
        issues.push(path + '/' + name + ': is required');
    }
    for (const name of names) {
      const check = fieldNames.indexOf(name) === -1 ? undefined : fields[name];
      if (check)
        check(value[name], path + '/' + name, issues);
      else
        issues.push(path + '/' + pointerToken(name) + ': is not a field of the wire format');
    }
  };
};
/** JSON Pointer escaping, so that an odd field name cannot fake a path. */
function pointerToken(name) {
  return name.split('~').join('~0').split('/').join('~1');
}
// ----- the wire format v1 -----
const size = object({ width: integer(0, 100000), height: integer(0, 100000) }, ['width', 'height']);
const context = object({
  page: object({ url: string(0, 2048), path: string(0, 2048), referrer: string(0, 2048), title: string(0, 1024) }, ['url', 'path']),
  screen: size,
  viewport: size,
  locale: string(0, 35),
  timezone: string(0, 64),
  library: object({ name: string(1, 64), version: string(1, 32) }, ['name', 'version']),
  consent: oneOf(['none', 'pending', 'granted', 'denied']),
}, ['page', 'library']);
const event = object({
  event_id: uuid,
  type: oneOf(['page', 'screen', 'track', 'identify']),
  event: string(1, 128),
  ts: timestamp,
  anonymous_id: uuidOrNull,
  session_id: uuidOrNull,
  user_id: string(1, 256),
  properties: anyObject,
  context: context,
}, ['event_id', 'type', 'event', 'ts', 'anonymous_id', 'session_id', 'properties', 'context']);
/** The problems of one event; none means it follows the wire format. */
function validateEvent(value) {
  const issues = [];
  event(value, '', issues);
  return issues;
}
/** The batch's own problems, and each event's. The batch is valid when neither has any. */
function validateBatch(value) {
  const envelope = [];
  const events = [];
  const envelopeFields = {
    v: (v, path, issues) => {
      if (v !== 1)
        issues.push(path + ': must be 1 (this server speaks wire format v1)');
    },
    batch_id: uuid,
    sent_at: timestamp,
    events: (list, path, issues) => {
      if (!isArray(list)) {
        issues.push(path + ': must be a list');
        return;
      }
      if (list.length < 1)
        issues.push(path + ': must hold at least one event');
      if (list.length > MAX_EVENTS_PER_BATCH)
        issues.push(path + ': must hold at most ' + MAX_EVENTS_PER_BATCH + ' events');
      for (const item of list)
        events.push(validateEvent(item));
    },
  };
  object(envelopeFields, ['v', 'batch_id', 'sent_at', 'events'])(value, '', envelope);
  return { envelope: envelope, events: events };
}

const DIGITS$1 = '0123456789';
function hasDigit(text) {
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c >= '0' && c <= '9')
      return true;
  }
  return false;
}
function digitsOf(text) {
  const digits = [];
  for (let i = 0; i < text.length; i++) {
    const d = DIGITS$1.indexOf(text.charAt(i));
    if (d !== -1)
      digits.push(d);
  }
  return digits;
}
/** The Luhn checksum every payment card number satisfies (and 9 in 10 random digit strings do not). */
function passesLuhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits[digits.length - 1 - i];
    sum += i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum % 10 === 0;
}
const always = () => true;
// `%40` is @ as it appears inside URLs.
const EMAIL = {
  pattern: '[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
  token: '[email]',
  // the shortest match is a@b.cc
  mayMatch: (text) => text.length >= 6 && (text.indexOf('@') !== -1 || text.indexOf('%40') !== -1),
  accept: always,
};
// Card numbers start with 2 to 6 (Mastercard, Amex, Visa, Discover, JCB, UnionPay…); millisecond timestamps, the
// commonest long digit runs, start with 1 and so are never mistaken for cards.
const CARD = {
  pattern: '\\b[2-6](?:[ -]?[0-9]){12,18}\\b',
  token: '[card]',
  // a first digit and twelve more
  mayMatch: (text) => text.length >= 13 && hasDigit(text),
  accept: looksLikeCardNumber,
};
function looksLikeCardNumber(text) {
  const digits = digitsOf(text);
  return digits.length >= 13 && digits.length <= 19 && digits[0] >= 2 && digits[0] <= 6 && passesLuhn(digits);
}
// International numbers (+…, %2B… inside URLs, 00…) with 8 to 15 digits, and the (555) 123-4567 / 555-123-4567
// forms. Bare digit runs are left alone: they are far more often order numbers and timestamps than phone numbers.
const PHONE = {
  pattern: '(?:\\+|%2B|\\b00)[1-9][0-9 ().-]{6,20}[0-9]\\b|(?:\\([0-9]{3}\\)|\\b[0-9]{3})[ .-]?[0-9]{3}[ .-][0-9]{4}\\b',
  token: '[phone]',
  // the shortest match is +1 and eight more characters
  mayMatch: (text) => text.length >= 9 && hasDigit(text),
  accept: (candidate) => {
    const count = digitsOf(candidate.split('%2B').join('')).length;
    return count >= 8 && count <= 15;
  },
};
const IPV4_OR_IPV6 = '\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b' +
  '|\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b' +
  '|\\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}\\b';
const IP = {
  pattern: IPV4_OR_IPV6,
  token: '[ip]',
  // IPv4 needs dots, IPv6 colons; the shortest match is a::b
  mayMatch: (text) => text.length >= 4 && (text.indexOf('.') !== -1 || text.indexOf(':') !== -1),
  accept: (candidate) => candidate.indexOf(':') === -1
    ? candidate.split('.').every((octet) => digitsOf(octet).reduce((n, d) => n * 10 + d, 0) <= 255)
    : candidate.split(':').filter((group) => group !== '').length >= 3,
};
/** A redaction function for these options; regexes are compiled once per request. */
function makeRedactor(options) {
  // E-mails first (they contain digits), cards before phones (a spaced card number also looks like a phone).
  const detectors = [options.emails ? EMAIL : undefined, options.cards ? CARD : undefined, options.phones ? PHONE : undefined, options.ips ? IP : undefined]
    .filter((d) => d !== undefined)
    .map((d) => ({ regex: createRegex(d.pattern, 'g'), detector: d }));
  // A global regex keeps its position between testRegex calls, so the test uses a second, non-global copy.
  const extra = options.extraPatterns
    .map((pattern) => ({ pattern: pattern, test: createRegex(pattern), all: createRegex(pattern, 'g') }))
    .filter((regex) => {
    if (!regex.test || !regex.all)
      logToConsole('Pipes client: skipped the redaction pattern ' + regex.pattern + ', which is not valid RE2');
    return regex.test && regex.all;
  });
  return (text) => {
    let out = text;
    for (const entry of detectors) {
      const found = entry.regex && entry.detector.mayMatch(out) ? out.match(entry.regex) : null;
      if (!found)
        continue;
      for (const candidate of found) {
        if (entry.detector.accept(candidate))
          out = out.split(candidate).join(entry.detector.token);
      }
    }
    for (const regex of extra) {
      if (testRegex(regex.test, out))
        out = out.replace(regex.all, '[redacted]');
    }
    return out;
  };
}
/** Keys whose values are secrets whatever they look like (compared lower-case, without - and _). */
const SENSITIVE_WORDS = ['password', 'passwd', 'secret', 'creditcard', 'cardnumber'];
const SENSITIVE_KEYS = ['pwd', 'pin', 'cvv', 'cvc', 'ssn', 'iban'];
function isSensitiveKey(key) {
  const name = key.toLowerCase().split('-').join('').split('_').join('');
  return SENSITIVE_KEYS.indexOf(name) !== -1 || SENSITIVE_WORDS.some((word) => name.indexOf(word) !== -1);
}

// URLs reduced to what a model needs: scheme, host and path, plus the allow-listed query parameters. Fragments and
// user:password@ go. Plain string work (no parseUrl), so relative URLs and odd inputs are handled the same way.
/** Whether a query parameter name is kept: `utm_*` matches every name starting with utm_, other entries exactly. */
function queryNameAllowed(name, allowlist) {
  return allowlist.some((entry) => entry.charAt(entry.length - 1) === '*' ? name.indexOf(entry.substring(0, entry.length - 1)) === 0 : name === entry);
}
/** A string the client treats as a URL: absolute http(s), or a path starting with '/', without whitespace. */
function isUrlLike(text) {
  const lower = text.substring(0, 8).toLowerCase();
  const shaped = lower.indexOf('http://') === 0 || lower.indexOf('https://') === 0 || text.charAt(0) === '/';
  return shaped && [' ', '\t', '\n', '\r'].every((space) => text.indexOf(space) === -1);
}
function withoutCredentials(address) {
  const scheme = address.indexOf('//');
  if (scheme === -1)
    return address;
  const start = scheme + 2;
  const slash = address.indexOf('/', start);
  const end = slash === -1 ? address.length : slash;
  const at = address.substring(start, end).lastIndexOf('@');
  return at === -1 ? address : address.substring(0, start) + address.substring(start + at + 1);
}
function reduceUrl(url, allowlist) {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.substring(0, hash);
  const question = withoutFragment.indexOf('?');
  const address = withoutCredentials(question === -1 ? withoutFragment : withoutFragment.substring(0, question));
  if (question === -1)
    return address;
  const kept = withoutFragment
    .substring(question + 1)
    .split('&')
    .filter((pair) => pair !== '' && queryNameAllowed(pair.split('=')[0], allowlist));
  return kept.length > 0 ? address + '?' + kept.join('&') : address;
}

/** What to store for this user id; undefined stores none. */
function pseudonymize(userId, options) {
  if (typeof userId !== 'string' || options.handling === 'drop')
    return undefined;
  if (options.handling === 'keep')
    return userId;
  if (options.handling === 'sha256')
    return sha256Sync(options.salt + userId, { outputEncoding: 'hex' });
  return hmacSha256(userId, options.hmacKeyId, { outputEncoding: 'hex' });
}

/** Rejected payloads can be anything: they are copied this deep, with strings cut to this length. */
const REJECTED_DEPTH = 8;
const REJECTED_STRING = 1024;
/** Valid events passed the depth and size limits already. */
const UNBOUNDED = 1000000000;
function makeAnonymizer(options, facts) {
  const redact = makeRedactor(options.redaction);
  // The events of a batch repeat most keys and many values: each distinct text is cleaned once per request. The
  // cache is bounded by the payload's size; 't' + text keeps every text clear of the names on Object.prototype.
  const cleaned = {};
  const cleanText = (text) => {
    const known = cleaned['t' + text];
    if (known !== undefined)
      return known;
    const result = redact(isUrlLike(text) ? reduceUrl(text, options.queryAllowlist) : text);
    cleaned['t' + text] = result;
    return result;
  };
  /** A JSON value with every string (keys included) cleaned; numbers too, when their digits are a card number. */
  const cleanValue = (value, depth, maxString) => {
    if (typeof value === 'string')
      return cleanText(value).substring(0, maxString);
    if (typeof value === 'number') {
      const digits = '' + value;
      const cleaned = redact(digits);
      return cleaned === digits ? value : cleaned;
    }
    if (!isArray(value) && !isObject(value))
      return value;
    if (depth <= 0)
      return '[too deep]';
    if (isArray(value))
      return value.map((item) => cleanValue(item, depth - 1, maxString));
    const out = {};
    for (const key of Object.keys(value)) {
      out[cleanText(key)] = isSensitiveKey(key) && value[key] !== null ? '[redacted]' : cleanValue(value[key], depth - 1, maxString);
    }
    return out;
  };
  /** The page's URLs and title cleaned within the wire format's limits (redaction tokens can be longer than what they replace). */
  const cleanContext = (context) => {
    const limits = { url: 2048, path: 2048, referrer: 2048, title: 1024 };
    const out = {};
    for (const key of Object.keys(context))
      out[key] = cleanValue(context[key], 2, 64);
    const page = context.page;
    const cleanPage = {};
    for (const key of Object.keys(page))
      cleanPage[key] = cleanText(page[key]).substring(0, limits[key]);
    out.page = cleanPage;
    return out;
  };
  const addFacts = (row) => {
    row.received_at = facts.receivedAt;
    row.batch_id = facts.batchId;
    if (facts.userAgent)
      row.user_agent = facts.userAgent;
    if (facts.ip)
      row.ip = facts.ip;
    row.bot = facts.bot;
    return row;
  };
  return {
    row: (event) => {
      const row = {
        event_id: event.event_id,
        type: event.type,
        event: cleanText(event.event).substring(0, 128),
        ts: event.ts,
        anonymous_id: event.anonymous_id,
        session_id: event.session_id,
      };
      const userId = pseudonymize(event.user_id, options.userId);
      if (userId !== undefined)
        row.user_id = userId;
      row.properties = cleanValue(event.properties, UNBOUNDED, UNBOUNDED);
      row.context = cleanContext(event.context);
      return addFacts(row);
    },
    rejected: (item, index, reasons) => {
      const event = cleanValue(item, REJECTED_DEPTH, REJECTED_STRING);
      if (isObject(item) && isObject(event)) {
        const userId = pseudonymize(item.user_id, options.userId);
        if (userId === undefined)
          Object.delete(event, "user_id");
        else
          event.user_id = userId;
      }
      return { received_at: facts.receivedAt, batch_id: facts.batchId, index: index, reasons: reasons, event: event };
    },
  };
}

/** Substrings of lower-cased user agents of crawlers, monitors, headless browsers and HTTP libraries. */
const BOT_MARKERS = [
  'bot',
  'crawl',
  'spider',
  'slurp',
  'headless',
  'lighthouse',
  'pagespeed',
  'phantomjs',
  'selenium',
  'puppeteer',
  'facebookexternalhit',
  'python-requests',
  'python-urllib',
  'curl/',
  'wget/',
  'go-http-client',
  'okhttp',
  'node-fetch',
  'axios/',
  'java/',
  'scrapy',
];
/** First match wins: Edge, Opera and Samsung Internet also announce Chrome, Chrome also announces Safari. */
const BROWSERS = [
  [['edg/', 'edge/', 'edga/', 'edgios/'], 'Edge'],
  [['opr/', 'opera'], 'Opera'],
  [['samsungbrowser'], 'Samsung Internet'],
  [['firefox/', 'fxios/'], 'Firefox'],
  [['chrome/', 'chromium/', 'crios/'], 'Chrome'],
  [['msie ', 'trident/'], 'Internet Explorer'],
  [['safari/'], 'Safari'],
];
/** iOS before macOS (iPhones say "like Mac OS X"), ChromeOS and Android before Linux. */
const SYSTEMS = [
  [['windows'], 'Windows'],
  [['iphone', 'ipad', 'ipod'], 'iOS'],
  [['android'], 'Android'],
  [['cros '], 'ChromeOS'],
  [['mac os x', 'macintosh'], 'macOS'],
  [['linux'], 'Linux'],
];
function has(text, words) {
  return words.some((word) => text.indexOf(word) !== -1);
}
function firstMatch(text, table) {
  const hit = table.filter((row) => has(text, row[0]))[0];
  return hit ? hit[1] : 'Other';
}
/** Cubot is a phone maker whose user agents say so: not a bot. */
function lowerWithoutBrands(userAgent) {
  return userAgent.toLowerCase().split('cubot').join('');
}
function looksLikeBot(userAgent) {
  return has(lowerWithoutBrands(userAgent), BOT_MARKERS);
}
function reduceUserAgent(userAgent) {
  const ua = lowerWithoutBrands(userAgent);
  const os = firstMatch(ua, SYSTEMS);
  let device;
  if (has(ua, BOT_MARKERS))
    device = 'bot';
  else if (has(ua, ['ipad', 'tablet']) || (os === 'Android' && ua.indexOf('mobile') === -1))
    device = 'tablet';
  else if (has(ua, ['mobi', 'iphone', 'ipod']) || os === 'Android')
    device = 'mobile';
  else if (['Windows', 'macOS', 'Linux', 'ChromeOS'].indexOf(os) !== -1)
    device = 'desktop';
  else
    device = 'other';
  return { browser: firstMatch(ua, BROWSERS), os: os, device: device };
}

function hostnameOf(url) {
  const start = url.indexOf('://');
  return start === -1 ? undefined : url.substring(start + 3).split('/')[0].split('?')[0].split(':')[0];
}
function sizeText(size) {
  return isObject(size) ? size.width + 'x' + size.height : undefined;
}
/** Google's common event data names where one exists; the rest under x-pipes-*; properties as event parameters. */
function commonEventData(row) {
  const context = row.context;
  const page = context.page;
  const event = {
    event_name: row.event,
    client_id: row.anonymous_id === null ? undefined : row.anonymous_id,
    user_id: row.user_id,
    ip_override: row.ip,
    language: context.locale,
    page_location: page.url,
    page_hostname: hostnameOf(page.url),
    page_path: page.path,
    page_referrer: page.referrer,
    page_title: page.title,
    screen_resolution: sizeText(context.screen),
    viewport_size: sizeText(context.viewport),
    'x-pipes-event-id': row.event_id,
    'x-pipes-type': row.type,
    'x-pipes-session-id': row.session_id,
    'x-pipes-batch-id': row.batch_id,
    'x-pipes-bot': row.bot,
  };
  // Properties never stand in for the names above: a property called user_id must not pose as the user id.
  const reserved = Object.keys(event);
  for (const key of reserved) {
    if (event[key] === undefined)
      Object.delete(event, key);
  }
  const properties = row.properties;
  for (const key of Object.keys(properties)) {
    if (reserved.indexOf(key) === -1)
      event[key] = properties[key];
  }
  return event;
}
/**
 * Runs the container once per row; resolves when every run completed (its tags fired). `resolve` itself is the
 * onComplete callback (it gets bindToEvent, unused): a callback of our own would be one more entry into sandbox
 * code per event.
 */
function runContainerFor(rows) {
  return Promise.all(rows.map((row) => Promise.create((resolve) => runContainer(commonEventData(row), resolve))));
}

function cookieOptions(settings, maxAge, httpOnly) {
  return { domain: settings.domain, path: '/', 'max-age': maxAge, secure: true, httpOnly: httpOnly, sameSite: 'lax' };
}
function isOptedOut(settings, honourGpc) {
  return getCookieValues(settings.prefix + '_optout').indexOf('1') !== -1 || (honourGpc && getRequestHeader('sec-gpc') === '1');
}
/** Set-Cookie with max-age=0 for the anonymous id, its backup and the session id. The opt-out cookie stays. */
function expireIdentifiers(settings) {
  for (const suffix of ['_id', '_id_backup', '_ses']) {
    setCookie(settings.prefix + suffix, '', cookieOptions(settings, 0, suffix === '_id_backup'));
  }
}
/**
 * Refreshes the anonymous id the batch was sent with. Only batches whose events carry an id count: a tracker
 * waiting for consent sends null ids and must not get a cookie. The script copy wins; when it is missing, the
 * backup restores it; the events' own id comes last (the first visit, before any Set-Cookie).
 */
function refreshAnonymousId(settings, idsInBatch) {
  if (!settings.setFromServer || idsInBatch.length === 0)
    return;
  const scriptCopy = getCookieValues(settings.prefix + '_id').filter(isUuid)[0];
  const backup = settings.backup ? getCookieValues(settings.prefix + '_id_backup').filter(isUuid)[0] : undefined;
  const id = scriptCopy || backup || idsInBatch[0];
  setCookie(settings.prefix + '_id', id, cookieOptions(settings, settings.maxAgeSeconds, false));
  if (settings.backup)
    setCookie(settings.prefix + '_id_backup', id, cookieOptions(settings, settings.maxAgeSeconds, true));
}

function hostOf(origin) {
  const start = origin.indexOf('://');
  const host = start === -1 ? origin : origin.substring(start + 3);
  return host.split(':')[0];
}
/** `https://*.example.com` matches the subdomains of example.com on that scheme and port; other entries exactly. */
function matchesEntry(origin, entry) {
  const wildcard = entry.indexOf('://*.');
  if (wildcard === -1)
    return origin === entry;
  const scheme = entry.substring(0, wildcard + 3);
  const suffix = entry.substring(wildcard + 4); // ".example.com" and any port
  const rest = origin.substring(scheme.length);
  return origin.indexOf(scheme) === 0 && rest.length > suffix.length && rest.substring(rest.length - suffix.length) === suffix;
}
/** The registrable domain (example.com for www.example.com), or the host itself where there is none (localhost). */
function siteOf(host) {
  return computeEffectiveTldPlusOne(host) || host;
}
function originVerdict(origin, allowed) {
  if (!origin)
    return 'absent';
  const normalised = origin.toLowerCase();
  if (allowed.length > 0)
    return allowed.some((entry) => matchesEntry(normalised, entry)) ? 'allowed' : 'refused';
  const serverHost = (getRequestHeader('host') || '').toLowerCase().split(':')[0];
  return serverHost !== '' && siteOf(hostOf(normalised)) === siteOf(serverHost) ? 'allowed' : 'refused';
}
/** Lets the page read the answer and send cookies with its requests (the tracker uses credentials: 'include'). */
function allowOrigin(origin) {
  setResponseHeader('access-control-allow-origin', origin);
  setResponseHeader('access-control-allow-credentials', 'true');
  setResponseHeader('vary', 'Origin');
}
function answerPreflightHeaders() {
  setResponseHeader('access-control-allow-methods', 'POST, GET, OPTIONS');
  setResponseHeader('access-control-allow-headers', 'Content-Type');
  setResponseHeader('access-control-max-age', '600');
}

// Dates without Date (the sandbox has none): epoch milliseconds to and from RFC 3339, and the bucket's partitions.
// Plain TypeScript, no require. Day arithmetic after Howard Hinnant's civil-calendar algorithms, proleptic Gregorian.
const DIGITS = '0123456789';
/**
 * Math.floor(a / b) for integers, b > 0, without Math: in GTM Math.floor is an API call, and every event's
 * timestamp takes several. The remainder and the division of a multiple of b are exact in doubles.
 */
function floorDiv(a, b) {
  const remainder = a % b;
  return (a - remainder) / b - (remainder < 0 ? 1 : 0);
}
function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floorDiv(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
function civilFromDays(days) {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = floorDiv(dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36524) - floorDiv(dayOfEra, 146096), 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const shiftedMonth = floorDiv(5 * dayOfYear + 2, 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year: year, month: month, day: dayOfYear - floorDiv(153 * shiftedMonth + 2, 5) + 1 };
}
function number(text, from, to) {
  let n = 0;
  for (let i = from; i < to; i++)
    n = n * 10 + DIGITS.indexOf(text.charAt(i));
  return n;
}
function pad(n, width) {
  let text = '' + n;
  while (text.length < width)
    text = '0' + text;
  return text;
}
/** Epoch milliseconds of a timestamp that validate.ts accepted (fractions beyond milliseconds cut). */
function timestampMillis(timestamp) {
  let at = 19;
  let millis = 0;
  if (timestamp.charAt(at) === '.') {
    let scale = 100;
    for (at = 20; at < timestamp.length && DIGITS.indexOf(timestamp.charAt(at)) !== -1; at++) {
      millis += scale * DIGITS.indexOf(timestamp.charAt(at));
      scale = scale / 10;
    }
  }
  let offsetMinutes = 0;
  if (timestamp.charAt(at) !== 'Z') {
    const sign = timestamp.charAt(at) === '-' ? -1 : 1;
    offsetMinutes = sign * (number(timestamp, at + 1, at + 3) * 60 + number(timestamp, at + 4, at + 6));
  }
  const days = daysFromCivil(number(timestamp, 0, 4), number(timestamp, 5, 7), number(timestamp, 8, 10));
  const seconds = number(timestamp, 11, 13) * 3600 + number(timestamp, 14, 16) * 60 + number(timestamp, 17, 19);
  return (days * 86400 + seconds - offsetMinutes * 60) * 1000 + Math.floor(millis);
}
/** 2025-05-22T20:30:30.456Z */
function isoTimestamp(millis) {
  const days = Math.floor(millis / 86400000);
  const date = civilFromDays(days);
  const inDay = millis - days * 86400000;
  return (pad(date.year, 4) + '-' + pad(date.month, 2) + '-' + pad(date.day, 2) + 'T' +
    pad(Math.floor(inDay / 3600000), 2) + ':' + pad(Math.floor(inDay / 60000) % 60, 2) + ':' +
    pad(Math.floor(inDay / 1000) % 60, 2) + '.' + pad(inDay % 1000, 3) + 'Z');
}
/** The Hive-style partition values of a moment, in UTC: dt=YYYY-MM-DD, hr=HH. */
function partitionOf(millis) {
  const iso = isoTimestamp(millis);
  return { dt: iso.substring(0, 10), hr: iso.substring(11, 13) };
}

/** Browser clocks run ahead by minutes, not days: an event further ahead than this is rejected. */
const MAX_FUTURE_MS = 24 * 3600 * 1000;
/** Whether `text` takes more than `max` bytes in UTF-8. Counts only when the UTF-16 length does not decide. */
function exceedsBytes(text, max) {
  if (text.length > max)
    return true; // every UTF-16 unit takes at least one byte
  if (text.length * 3 <= max)
    return false; // and at most three (a surrogate pair: four for two units)
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c < '\u0080')
      bytes += 1;
    else if (c < '\u0800')
      bytes += 2;
    else if (c >= '\uD800' && c <= '\uDBFF' && i + 1 < text.length && text.charAt(i + 1) >= '\uDC00' && text.charAt(i + 1) <= '\uDFFF') {
      bytes += 4;
      i++;
    }
    else
      bytes += 3;
  }
  return bytes > max;
}
/**
 * Whether objects and lists nest deeper than `max` levels: {a: 1} is 1 level, {a: {b: 1}} and {a: [1]} are 2.
 * It looks no deeper than max + 1, so a hostile payload nested thousands deep cannot exhaust the stack.
 */
function nestsDeeperThan(value, max) {
  let children;
  if (isArray(value))
    children = value;
  else if (isObject(value))
    children = Object.keys(value).map((key) => value[key]);
  else
    return false;
  if (max <= 0)
    return true;
  return children.some((child) => nestsDeeperThan(child, max - 1));
}
/** Why an event that follows the wire format is still refused; none when it is within the limits. */
function limitIssues(event, receivedAt, limits) {
  const issues = [];
  const properties = event.properties;
  if (nestsDeeperThan(properties, limits.maxPropertyDepth)) {
    issues.push('/properties: nested deeper than ' + limits.maxPropertyDepth + ' levels');
  }
  else if (exceedsBytes(JSON.stringify(properties) || '', limits.maxPropertyBytes)) {
    issues.push('/properties: larger than ' + limits.maxPropertyBytes + ' bytes of JSON');
  }
  const at = timestampMillis(event.ts);
  if (at < receivedAt - limits.maxAgeMs)
    issues.push('/ts: more than ' + limits.maxAgeMs / 3600000 + ' hours old');
  if (at > receivedAt + MAX_FUTURE_MS)
    issues.push('/ts: more than 24 hours in the future');
  return issues;
}

/** A bare event in `e` becomes a batch of one; its event_id names the batch, so a retried pixel stays one object. */
function asBatch(value) {
  if (value.events !== undefined || value.v !== undefined || value.event_id === undefined)
    return value;
  return { v: 1, batch_id: value.event_id, sent_at: value.ts, events: [value] };
}
function readPayload(method, maxBodyBytes, maxEvents) {
  const text = method === 'POST' ? getRequestBody() : getRequestQueryParameter('e');
  if (!text)
    return { ok: false, status: 400, error: method === 'POST' ? 'the body is empty: send a wire format v1 batch' : 'the e query parameter is missing' };
  if (exceedsBytes(text, maxBodyBytes))
    return { ok: false, status: 413, error: 'the payload is larger than ' + maxBodyBytes + ' bytes' };
  const parsed = JSON.parse(text);
  if (!isObject(parsed))
    return { ok: false, status: 400, error: 'the payload is not a JSON object' };
  const batch = asBatch(parsed);
  if (isArray(batch.events) && batch.events.length > maxEvents) {
    return { ok: false, status: 413, error: 'the batch holds more than ' + maxEvents + ' events: send smaller batches' };
  }
  return { ok: true, batch: batch };
}

function respond(status, body) {
  setResponseStatus(status);
  if (body) {
    setResponseHeader('content-type', 'application/json');
    setResponseBody(JSON.stringify(body) || '');
  }
  returnResponse();
}
/** For humans reading the answer (curl, devtools); the tracker only looks at the status. */
function respondWithError(status, error, reasons) {
  respond(status, reasons ? { error: error, reasons: reasons } : { error: error });
}

const STORAGE_SCOPE = 'https://www.googleapis.com/auth/devstorage.read_write';
/** PREFIX/events/v1/dt=YYYY-MM-DD/hr=HH/<batch_id>.ndjson, partitioned by the time the server received the batch. */
function objectName(settings, dataset, receivedAt, batchId) {
  const partition = partitionOf(receivedAt);
  const prefix = settings.objectPrefix === '' ? '' : settings.objectPrefix + '/';
  return prefix + dataset + '/v1/dt=' + partition.dt + '/hr=' + partition.hr + '/' + batchId + '.ndjson';
}
function toNdjson(rows) {
  return rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
}
/** Resolves once the bucket has the object; rejects with the reason when it may not. */
function storeObject(settings, name, body) {
  const url = settings.baseUrl + '/upload/storage/v1/b/' + encodeUriComponent(settings.bucket) +
    '/o?uploadType=media&name=' + encodeUriComponent(name) + '&ifGenerationMatch=0';
  return sendHttpRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson' },
    authorization: getGoogleAuth({ scopes: [STORAGE_SCOPE] }),
    timeout: settings.timeoutMs,
  }, body).then((response) => {
    if (response.statusCode >= 200 && response.statusCode < 300)
      return 'created';
    if (response.statusCode === 412)
      return 'existed';
    return Promise.create((resolve, reject) => reject('HTTP ' + response.statusCode + ' for ' + name));
  }, (rejection) => Promise.create((resolve, reject) => reject(rejection.reason + ' for ' + name)));
}

// PREFIX/collect: CORS, opt-out, bots, the payload, validation, anonymization, storage, cookies, and only then the
// answer. 2xx means the bucket has the batch, so the tracker may forget it; anything else it retries or drops.
/** Enough reasons to see what is wrong, few enough that a hostile payload cannot inflate the answer. */
const MAX_REASONS = 20;
function requestFacts(settings, receivedAt, batchId, userAgent, bot) {
  const facts = { receivedAt: isoTimestamp(receivedAt), batchId: batchId, bot: bot };
  if (settings.storeUserAgent)
    facts.userAgent = reduceUserAgent(userAgent);
  const ip = settings.storeIp ? truncateIp(getRemoteAddress() || '') : undefined;
  if (ip)
    facts.ip = ip;
  return facts;
}
/** Valid events become rows, the others rejected entries with their reasons (schema first, then the limits). */
function sortEvents(events, verdicts, receivedAt, settings, anonymizer) {
  const sorted = { rows: [], rejected: [], anonymousIds: [] };
  events.forEach((item, index) => {
    const schemaIssues = verdicts.events[index];
    const issues = schemaIssues.length > 0 ? schemaIssues : limitIssues(item, receivedAt, settings.eventLimits);
    if (issues.length > 0) {
      sorted.rejected.push(anonymizer.rejected(item, index, issues.slice(0, MAX_REASONS)));
      return;
    }
    const event = item;
    sorted.rows.push(anonymizer.row(event));
    if (isUuid(event.anonymous_id))
      sorted.anonymousIds.push(event.anonymous_id);
  });
  return sorted;
}
/** Both objects of the batch, written side by side; 'nothing' where there is nothing to write. */
function store(settings, receivedAt, batchId, sorted) {
  const write = (dataset, rows) => rows.length === 0 ? 'nothing' : storeObject(settings.storage, objectName(settings.storage, dataset, receivedAt, batchId), toNdjson(rows));
  return Promise.all([write('events', sorted.rows), write('rejected', sorted.rejected)]);
}
function answerStored(method, sorted) {
  if (method === 'GET') {
    setPixelResponse();
    returnResponse();
  }
  else
    respond(200, { stored: sorted.rows.length, rejected: sorted.rejected.length });
}
function handleCollect(settings) {
  const method = getRequestMethod();
  const origin = getRequestHeader('origin');
  const verdict = originVerdict(origin, settings.allowedOrigins);
  if (verdict === 'refused') {
    return respondWithError(403, "this origin may not send events here: add it to the client's allowed origins");
  }
  if (verdict === 'allowed')
    allowOrigin(origin);
  if (method === 'OPTIONS') {
    answerPreflightHeaders();
    return respond(204);
  }
  if (method !== 'POST' && method !== 'GET') {
    setResponseHeader('allow', 'POST, GET, OPTIONS');
    return respondWithError(405, 'send batches with POST (or one event with GET ?e=)');
  }
  if (isOptedOut(settings.cookies, settings.honourGpc)) {
    expireIdentifiers(settings.cookies);
    return respond(204);
  }
  const userAgent = getRequestHeader('user-agent') || '';
  const bot = looksLikeBot(userAgent);
  if (bot && settings.dropBots)
    return respond(204);
  const payload = readPayload(method, settings.maxBodyBytes, settings.maxEventsPerBatch);
  if (!payload.ok)
    return respondWithError(payload.status, payload.error);
  const verdicts = validateBatch(payload.batch);
  if (verdicts.envelope.length > 0) {
    return respondWithError(400, 'the batch does not follow wire format v1', verdicts.envelope.slice(0, MAX_REASONS));
  }
  const receivedAt = getTimestampMillis();
  const batchId = payload.batch.batch_id;
  const anonymizer = makeAnonymizer(settings.anonymize, requestFacts(settings, receivedAt, batchId, userAgent, bot));
  const sorted = sortEvents(payload.batch.events, verdicts, receivedAt, settings, anonymizer);
  store(settings, receivedAt, batchId, sorted).then((outcomes) => {
    refreshAnonymousId(settings.cookies, sorted.anonymousIds);
    const answer = () => answerStored(method, sorted);
    // A batch stored by an earlier attempt already went through the container: running it again would double
    // the events in GA4 and the other tags.
    if (settings.runContainer && outcomes[0] === 'created')
      runContainerFor(sorted.rows).then(answer, answer);
    else
      answer();
  }, (reason) => {
    logToConsole('Pipes client: the bucket did not take batch ' + batchId + ' (' + reason + '); answering 503');
    setResponseHeader('retry-after', '' + settings.storage.retryAfterSeconds);
    respondWithError(503, 'storage is unavailable: retry later');
  });
}

const core = "(()=>{\"use strict\";const e=\"0.1.0\",t={endpoint:\"\",cookieName:\"pipes\",cookieDomain:\"auto\",cookieDays:365,sessionMinutes:30,batchSize:50,batchBytes:32e3,flushInterval:2e3,maxQueueEvents:1e3,maxQueueBytes:5e5,retryBase:1e3,retryMax:12e4,allowQuery:[\"utm_*\"],consent:\"none\",gpc:!0,dnt:!0,debug:!1};let n=\"pending\";const o=e=>t.cookieName+e,i=Date.now,r=()=>(new Date).toISOString();function s(){if(crypto.randomUUID)return crypto.randomUUID();const e=crypto.getRandomValues(new Uint8Array(16));e[6]=15&e[6]|64,e[8]=63&e[8]|128;let t=\"\";for(let n=0;n<16;n++)t+=(4==n||6==n||8==n||10==n?\"-\":\"\")+(e[n]+256).toString(16).slice(1);return t}const c={};function a(e){c[e]||(c[e]=1,console.warn(\"[pipes] \"+e))}function u(...e){t.debug&&console.log(\"[pipes]\",...e)}let l,d;function f(e){null==l&&(l=document.cookie,queueMicrotask(()=>l=void 0));const t=l.match(\"(?:^|; )\"+e+\"=([^;]*)\");return t?decodeURIComponent(t[1]):void 0}function p(e,t,n,o){l=void 0,document.cookie=e+\"=\"+encodeURIComponent(t)+\";Path=/;SameSite=Lax;Max-Age=\"+Math.ceil(n)+(o?\";Domain=\"+o:\"\")+(\"https:\"==location.protocol?\";Secure\":\"\")}function h(e,n,o){p(e,n,o,(()=>{if(\"auto\"!=t.cookieDomain)return t.cookieDomain;if(null==d){const e=location.hostname.split(\".\");for(let t=e.length-2;t>=0&&null==d;t--){const n=e.slice(t).join(\".\");p(\"pipes_probe\",\"1\",9,n),f(\"pipes_probe\")&&(d=n,p(\"pipes_probe\",\"\",0,n))}d||(d=\"\")}return d})())}function g(e){h(e,\"\",0),p(e,\"\",0,\"\")}function m(e){try{return localStorage.getItem(e)}catch{return null}}function v(e,t){try{return null==t?localStorage.removeItem(e):localStorage.setItem(e,t),!0}catch{return!1}}function y(e){const t=[];try{for(let n=0;n<localStorage.length;n++){const o=localStorage.key(n);o.startsWith(e)&&t.push(o)}}catch{}return t}function _(e){if(!e)return\"\";try{const n=new URL(e,location.href);if(!/^https?:$/.test(n.protocol))return n.protocol;const o=new URLSearchParams;return n.searchParams.forEach((e,n)=>(e=>t.allowQuery.some(t=>t.endsWith(\"*\")?e.startsWith(t.slice(0,-1)):e==t))(n)&&o.append(n,e)),n.search=\"\"+o,n.hash=n.username=n.password=\"\",n.href.slice(0,2048)}catch{return\"\"}}let w=\"\";const b=()=>w||(w=Intl.DateTimeFormat().resolvedOptions().timeZone);function k(e){const t=_(e.getAttribute(\"href\"));return{href:t,outbound:!t.startsWith(location.origin+\"/\")}}function S(e){const t=[],n={};return e.querySelectorAll(\"input,select,textarea\").forEach(({name:e,type:o})=>{!e||n[e]||/^(submit|button|reset|image)$/.test(o)||(n[e]=1,t.push({name:e,type:o}))}),{form_id:e.getAttribute(\"id\")||void 0,form_name:e.getAttribute(\"name\")||void 0,action:_(e.getAttribute(\"action\")||location.href),fields:t}}function O(){const e=navigator;return\"1\"==f(o(\"_optout\"))||t.gpc&&1==e.globalPrivacyControl||t.dnt&&\"1\"==e.doNotTrack}const x=()=>\"none\"==t.consent||\"granted\"==n,E=()=>!(!t.endpoint||O()||\"wait\"==t.consent&&\"granted\"!=n),I=s(),D=()=>o(\"_q.\"),T=()=>D()+I;let B,L,M,N,q=[],A=!1,U=\"\",R=0;const P=()=>Math.min(t.batchBytes,6e4),W=e=>{var t;for(const n of e.e)(t=n.context).timezone||(t.timezone=b());const n={v:1,batch_id:e.id,sent_at:r(),events:e.e};return JSON.stringify(n)};function J(){if(!A&&x())try{q=JSON.parse(m(T())||'{\"b\":[]}').b}catch{q=[]}return q}function Q(e,n=i()){let o=0,r=0,s=e.length;for(;s--&&!((o+=e[s].e.length)>t.maxQueueEvents||(r+=e[s].n)>t.maxQueueBytes););s>=0&&(e=e.slice(Math.min(s+1,e.length-1)),a(\"the queue is full: the oldest events were dropped\")),q=e,A=!x()||!v(T(),e.length?JSON.stringify({t:n,b:e}):null),A&&x()&&v(T(),null)}const j=()=>{(()=>{if(clearTimeout(L),B){const e=J();e.push(B),B=void 0,Q(e)}})(),z()};function z(){if(U||M||!E()||!navigator.onLine)return;const e=J(),n=e[0];if(n){if(!window.fetch){const n=e=>navigator.sendBeacon?!navigator.sendBeacon(t.endpoint,W(e)):(e.e.forEach(C),!1);return Q(e.filter(n))}U=n.id,Q(e),u(\"send\",n.id,n.e.length),fetch(t.endpoint,{method:\"POST\",body:W(n),keepalive:!0,credentials:\"include\"}).then(e=>F(n,e.status,e.headers.get(\"Retry-After\")),()=>F(n,0,null))}}function C(e){(new Image).src=t.endpoint+\"?e=\"+encodeURIComponent(W({id:s(),e:[e]}))}function F(e,n,o){if(U=\"\",u(\"status\",n,e.id),n>199&&n<300||n>399&&n<500&&408!=n&&429!=n)n>299&&a(\"the collector refused a batch (HTTP 4xx); it was dropped\"),R=0,Q(J().filter(t=>t.id!=e.id)),z();else{let e=o?1e3*+o||Date.parse(o)-i():0;e>0||(e=Math.min(t.retryMax,t.retryBase*2**R)*(.5+Math.random()/2)),R++,M=setTimeout(()=>{M=void 0,z()},e)}}function H(){clearTimeout(M),M=void 0,j()}let V=!1;function $(e){const n=\"pagehide\"==e.type,o=n||V;if(!o&&\"hidden\"!=document.visibilityState)return;const r=J(),s=B,c=s?[...r,s]:r;clearTimeout(L),B=void 0;const a=E()&&navigator.onLine&&!R&&navigator.sendBeacon?c.filter(e=>e.id==U?!o:!navigator.sendBeacon(t.endpoint,W(e))):c;(!!(a.length!=r.length||s&&a.includes(s))||n&&!V)&&Q(a,o?0:i()),V=o}function Z(e){navigator.locks?navigator.locks.request(o(\"_q\"),e):e()}function G(){x()&&Z(()=>{const e=J();for(const t of y(D()))if(t!=T())try{const n=JSON.parse(m(t));n.t<i()-3e5&&(e.push(...n.b),v(t,null))}catch{v(t,null)}Q(e),z()})}const K={},X={};function Y(e,t){const n=f(e),o=n||K[e]||s();return(o!=n||i()-(X[e]||0)>10*t)&&(h(e,o,t),X[e]=i(),K[e]=f(e)==o?void 0:o),o}function ee(){const e=o(\"_id\"),n=86400*t.cookieDays,[r,s,c]=(m(o(\"_reset\"))||\"\").split(\" \");return+c<i()?v(o(\"_reset\"),null):f(e)==r&&h(e,s,n),Y(e,n)}function te(){return m(o(\"_uid\"))||K._uid}function ne(e){K._uid=x()&&v(o(\"_uid\"),e)?void 0:e}function oe(){for(const e in K)K[e]=void 0;g(o(\"_id\")),g(o(\"_ses\")),v(o(\"_uid\"),null),v(o(\"_reset\"),null)}let ie=[];const re={};function se(e,i){Object.assign(e,((e=te()||null)=>{if(!x())return{anonymous_id:null,session_id:null,user_id:void 0};const n=K._uid;return n&&ne(n),{anonymous_id:ee(),session_id:Y(o(\"_ses\"),60*t.sessionMinutes),user_id:e||void 0}})(i)),e.context.consent=\"none\"==t.consent?\"none\":n,(e=>{let n;try{n=(N||(N=new TextEncoder)).encode(JSON.stringify(e)).length+1}catch{return a(\"an event whose properties are not JSON was dropped\")}if(n>P())return a(\"an event larger than batchBytes was dropped\");B&&B.n+n>P()&&j(),B||(B={id:s(),e:[],n:0},L=setTimeout(j,t.flushInterval)),B.e.push(e),B.n+=n,B.e.length>=t.batchSize&&j()})(e)}function ce(o,i,c){if(O())return;const a=((t,n,o)=>({event_id:s(),type:t,event:n.slice(0,128),ts:r(),anonymous_id:null,session_id:null,user_id:void 0,properties:o,context:{page:{url:_(location.href),path:location.pathname.slice(0,2048),referrer:_(document.referrer),title:document.title.slice(0,1024)},screen:{width:screen.width,height:screen.height},viewport:{width:innerWidth,height:innerHeight},locale:navigator.language,timezone:w,library:{name:\"pipes.js\",version:e},consent:\"none\"}}))(o,i,c);u(o,i,c),\"wait\"!=t.consent||\"granted\"==n?se(a):\"pending\"==n&&ie.push([a,te()||null])}function ae(e,t,n){const o=\"string\"==typeof e?document.querySelectorAll(e):e instanceof Node?[e]:e;for(let e=0;e<o.length;e++)o[e].addEventListener(t,n,!0)}function ue(){ie=[],oe(),(()=>{clearTimeout(L),clearTimeout(M),M=B=void 0,q=[],R=0;for(const e of y(D()))v(e,null)})()}function le(e,t){if(!e)return a(\"identify needs a user id\");O()||(ne((\"\"+e).slice(0,256)),ce(\"identify\",\"identify\",{...t}))}function de(){h(o(\"_optout\"),\"1\",86400*t.cookieDays),ue(),t.endpoint&&navigator.sendBeacon?.(t.endpoint,\"\")}const fe={init(e){Object.assign(t,e),G()},page(e,t){\"object\"==typeof e&&(t=e,e=void 0),ce(\"page\",\"page_view\",{name:e,...t})},screen(e,t){ce(\"screen\",\"screen_view\",{name:e,...t})},track(e,t){if(\"string\"!=typeof e||!e)return a(\"track needs an event name\");ce(\"track\",e,{...t})},identify:le,identity:le,trackLink(e,t,n){ae(e,\"click\",e=>{const o=e.target.closest?.(\"a[href]\");o&&ce(\"track\",t||\"link_click\",{...k(o),...n})})},trackForm(e,t,n){ae(e,\"submit\",e=>{const o=e.target;\"FORM\"==o.tagName&&ce(\"track\",t||\"form_submit\",{...S(o),...n})})},optOut:de,disable:de,optIn(){g(o(\"_optout\")),z()},isOptedOut:O,reset:()=>{const e=f(o(\"_id\"));oe(),e&&x()&&v(o(\"_reset\"),e+\" \"+Y(o(\"_id\"),86400*t.cookieDays)+\" \"+(i()+6e5))},flush:H,consent(e){if(\"granted\"!=e&&\"denied\"!=e)return a(\"consent needs 'granted' or 'denied'\");(e=>{n=e})(e),\"granted\"==e?(ie.forEach(([e,t])=>se(e,t)),ie=[],G()):ue()},use(e,n){re[e]||(re[e]=1,n(window.pipes,t))}},pe=window.pipes;if(!pe?.v){const t=pe?.q||[],n=fe,o=(e,...t)=>{try{if(\"function\"==typeof e)return e(i);if(fe.hasOwnProperty(e))return n[e](...t);a(\"unknown command \"+e)}catch(e){a(\"\"+e)}};for(const e in fe)o[e]=(...t)=>o(e,...t);const i=o,r=e=>(o(...Array.from(e)),0);i.v=e,i.q=t,window.pipes=i,document.addEventListener(\"visibilitychange\",$),addEventListener(\"pagehide\",$),addEventListener(\"pageshow\",e=>{e.persisted&&(V=!1,Z(()=>{Q(J()),z()}))}),addEventListener(\"online\",H),addEventListener(\"storage\",e=>e.key?.startsWith(D())&&e.newValue?.startsWith('{\"t\":0,')&&G()),(window.requestIdleCallback||setTimeout)(b),t.filter(e=>\"init\"==e[0]).forEach(r),t.filter(e=>\"init\"!=e[0]).forEach(r),t.length=0,t.push=r}})();\n";

const engagement = "!function(){\"use strict\";((t,e)=>{const n=function(){(n.q||(n.q=[])).push(arguments)};(window.pipes||(window.pipes=n))(\"use\",\"engagement\",e)})(0,t=>{let e=0,n=0,o=0;const i=()=>{const t=Date.now();o&&(e+=Math.min(t-o,5e3)),o=t},s=i=>{(e||n)&&t.track(\"engagement\",{engaged_ms:e,scroll_depth:n,path:i}),e=n=o=0};for(const t of[\"pointerdown\",\"pointermove\",\"keydown\",\"touchstart\"])addEventListener(t,i,{capture:!0,passive:!0});addEventListener(\"scroll\",()=>{i();const t=(scrollY+innerHeight)/document.documentElement.scrollHeight*100;n=Math.max(n,Math.min(100,Math.round(t)))},{capture:!0,passive:!0});const a=()=>s(location.pathname);addEventListener(\"visibilitychange\",()=>\"hidden\"==document.visibilityState&&a(),!0),addEventListener(\"pagehide\",a,!0),function(t){let e=location.pathname,n=0;const o=()=>{n=0;const o=e;(e=location.pathname)!=o&&t(o)},i=()=>{n||(n=setTimeout(o))};for(const t of[\"pushState\",\"replaceState\"]){const e=history[t];history[t]=function(...t){e.apply(this,t),i()}}addEventListener(\"popstate\",i)}(s)})}();\n";

const forms = "(()=>{\"use strict\";(()=>{const s=function(){(s.q||(s.q=[])).push(arguments)};(window.pipes||(window.pipes=s))(\"use\",\"forms\",s=>s.trackForm(document))})()})();\n";

const links = "(()=>{\"use strict\";(()=>{const i=function(){(i.q||(i.q=[])).push(arguments)};(window.pipes||(window.pipes=i))(\"use\",\"links\",i=>i.trackLink(document))})()})();\n";

const pageviews = "!function(){\"use strict\";((t,e)=>{const n=function(){(n.q||(n.q=[])).push(arguments)};(window.pipes||(window.pipes=n))(\"use\",\"pageviews\",e)})(0,t=>{t.page(),function(){let e=location.pathname,n=0;const o=()=>{n=0;const o=e;(e=location.pathname)!=o&&t.page()},s=()=>{n||(n=setTimeout(o))};for(const t of[\"pushState\",\"replaceState\"]){const e=history[t];history[t]=function(...t){e.apply(this,t),s()}}addEventListener(\"popstate\",s)}()})}();\n";

// Serves the tracker first-party, from this server's own domain: no third-party CDN for ad blockers to match, and
// the same origin as the collect path. Browsers cache it for the configured time, then revalidate with its ETag.
// The tracker and its plugins, embedded when the template is built: rebuild the template after rebuilding the tracker.
/**
 * The script served at a request path, if any: the tracker at its configured path, and each plugin beside it as
 * pipes-<name>.js, where the web tag looks for it.
 */
function scriptAt(path, trackerPath) {
  if (path === trackerPath)
    return core;
  const folder = trackerPath.substring(0, trackerPath.lastIndexOf('/') + 1);
  const plugins = {
    'pipes-engagement.js': engagement,
    'pipes-forms.js': forms,
    'pipes-links.js': links,
    'pipes-pageviews.js': pageviews,
  };
  const file = path.substring(folder.length);
  return path.indexOf(folder) === 0 && plugins.hasOwnProperty(file) ? plugins[file] : undefined;
}
/** Strong ETag from the content, so every server instance gives the same one. */
function entityTag(source) {
  return '"' + sha256Sync(source, { outputEncoding: 'hex' }).substring(0, 32) + '"';
}
/** Whether an If-None-Match header (one tag, a list, weak tags, or *) names this version. */
function alreadyCached(ifNoneMatch, etag) {
  if (!ifNoneMatch)
    return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().split('W/').join('') === etag);
}
function serveScript(source, cacheSeconds) {
  const method = getRequestMethod();
  if (method !== 'GET' && method !== 'HEAD') {
    setResponseStatus(405);
    setResponseHeader('allow', 'GET, HEAD');
    returnResponse();
    return;
  }
  const etag = entityTag(source);
  setResponseHeader('etag', etag);
  setResponseHeader('cache-control', 'public, max-age=' + cacheSeconds);
  if (alreadyCached(getRequestHeader('if-none-match'), etag)) {
    setResponseStatus(304);
  }
  else {
    setResponseStatus(200);
    setResponseHeader('content-type', 'text/javascript; charset=utf-8');
    setResponseHeader('x-content-type-options', 'nosniff');
    if (method === 'GET')
      setResponseBody(source);
  }
  returnResponse();
}

/** A whole number from a TEXT field, or the fallback when the field is empty or not a number. */
function whole(value, fallback) {
  if (value === undefined || value === '')
    return fallback;
  const n = makeNumber(value);
  return n >= 0 ? Math.floor(n) : fallback;
}
function trimSlashes(text) {
  let out = text.trim();
  while (out.charAt(0) === '/')
    out = out.substring(1);
  while (out.charAt(out.length - 1) === '/')
    out = out.substring(0, out.length - 1);
  return out;
}
/**
 * The lines of a "text as list" field. GTM passes an array; a field filled from a variable holding text arrives as
 * that text, so text is split into lines too.
 */
function lines(list) {
  const items = typeof list === 'string' ? list.split('\n') : list || [];
  return items.map((line) => line.trim()).filter((line) => line !== '');
}
function readSettings() {
  const prefix = '/' + trimSlashes(data.pathPrefix);
  return {
    collectPath: prefix + '/collect',
    script: data.serveScript
      ? { path: prefix + '/' + trimSlashes(data.scriptFileName || 'pipes.js'), cacheSeconds: whole(data.scriptCacheSeconds, 3600) }
      : undefined,
    allowedOrigins: (data.allowedOrigins || []).map((row) => trimSlashes((row.origin || '').toLowerCase())).filter((o) => o !== ''),
    storage: {
      bucket: data.bucket.trim(),
      objectPrefix: trimSlashes(data.objectPrefix || ''),
      baseUrl: trimSlashes(data.storageBaseUrl),
      timeoutMs: whole(data.uploadTimeoutMs, 5000),
      retryAfterSeconds: whole(data.retryAfterSeconds, 30),
    },
    anonymize: {
      queryAllowlist: lines(data.queryAllowlist),
      redaction: {
        emails: data.scrubEmails,
        phones: data.scrubPhones,
        cards: data.scrubCards,
        ips: data.scrubIps,
        extraPatterns: lines((data.extraPiiPatterns || []).map((row) => row.pattern)),
      },
      userId: {
        handling: data.userIdHandling,
        hmacKeyId: data.hmacKeyId || 'pipes_user_id',
        salt: data.userIdSalt || '',
      },
    },
    storeIp: data.ipHandling === 'truncate',
    storeUserAgent: data.userAgentHandling === 'reduce',
    honourGpc: data.honourGpc,
    cookies: {
      prefix: data.cookiePrefix,
      domain: data.cookieDomain,
      maxAgeSeconds: whole(data.cookieLifetimeDays, 365) * 86400,
      setFromServer: data.setIdCookie,
      backup: data.setIdCookie && data.backupIdCookie === true,
    },
    dropBots: data.botHandling === 'drop',
    maxBodyBytes: whole(data.maxBodyBytes, 65536),
    maxEventsPerBatch: whole(data.maxEventsPerBatch, 100),
    eventLimits: {
      maxPropertyDepth: whole(data.maxPropertyDepth, 5),
      maxPropertyBytes: whole(data.maxPropertyBytes, 16384),
      maxAgeMs: whole(data.maxEventAgeHours, 168) * 3600000,
    },
    runContainer: data.runContainer,
  };
}

// The Pipes client: claims PREFIX/collect and the tracker's script paths (the tracker and its plugins), and nothing else, so every other request
// stays with the other clients of the container (GA4 and so on).
const settings = readSettings();
const path = getRequestPath();
if (path === settings.collectPath) {
  claimRequest();
  handleCollect(settings);
}
else if (settings.script) {
  const source = scriptAt(path, settings.script.path);
  if (source !== undefined) {
    claimRequest();
    serveScript(source, settings.script.cacheSeconds);
  }
}


___SERVER_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "access_response",
        "versionId": "1"
      },
      "param": [
        {
          "key": "writeResponseAccess",
          "value": {
            "type": 1,
            "string": "any"
          }
        },
        {
          "key": "writeHeaderAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "writeHeaderWhitelist",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "access-control-allow-credentials"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "access-control-allow-headers"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "access-control-allow-methods"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "access-control-allow-origin"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "access-control-max-age"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "allow"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "cache-control"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "content-type"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "etag"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "retry-after"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "vary"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "x-content-type-options"
                  }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "get_cookies",
        "versionId": "1"
      },
      "param": [
        {
          "key": "cookieAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "cookieNames",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "pipes_id"
              },
              {
                "type": 1,
                "string": "pipes_id_backup"
              },
              {
                "type": 1,
                "string": "pipes_optout"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "all"
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "read_request",
        "versionId": "1"
      },
      "param": [
        {
          "key": "requestAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "headerAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "queryParameterAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "bodyAllowed",
          "value": {
            "type": 8,
            "boolean": true
          }
        },
        {
          "key": "headersAllowed",
          "value": {
            "type": 8,
            "boolean": true
          }
        },
        {
          "key": "methodAllowed",
          "value": {
            "type": 8,
            "boolean": true
          }
        },
        {
          "key": "pathAllowed",
          "value": {
            "type": 8,
            "boolean": true
          }
        },
        {
          "key": "queryParametersAllowed",
          "value": {
            "type": 8,
            "boolean": true
          }
        },
        {
          "key": "remoteAddressAllowed",
          "value": {
            "type": 8,
            "boolean": true
          }
        },
        {
          "key": "headerWhitelist",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "host"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "if-none-match"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "origin"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "sec-gpc"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "headerName"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "user-agent"
                  }
                ]
              }
            ]
          }
        },
        {
          "key": "queryParameterWhitelist",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "queryParameter"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "e"
                  }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "return_response",
        "versionId": "1"
      },
      "param": []
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "run_container",
        "versionId": "1"
      },
      "param": []
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "send_http",
        "versionId": "1"
      },
      "param": [
        {
          "key": "allowedUrls",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "urls",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "https://storage.googleapis.com/upload/storage/v1/b/*"
              },
              {
                "type": 1,
                "string": "http://localhost/*"
              },
              {
                "type": 1,
                "string": "http://127.0.0.1/*"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "set_cookies",
        "versionId": "1"
      },
      "param": [
        {
          "key": "allowedCookies",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "name"
                  },
                  {
                    "type": 1,
                    "string": "domain"
                  },
                  {
                    "type": 1,
                    "string": "path"
                  },
                  {
                    "type": 1,
                    "string": "secure"
                  },
                  {
                    "type": 1,
                    "string": "session"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pipes_id"
                  },
                  {
                    "type": 1,
                    "string": "*"
                  },
                  {
                    "type": 1,
                    "string": "/"
                  },
                  {
                    "type": 1,
                    "string": "secure"
                  },
                  {
                    "type": 1,
                    "string": "non_session"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "name"
                  },
                  {
                    "type": 1,
                    "string": "domain"
                  },
                  {
                    "type": 1,
                    "string": "path"
                  },
                  {
                    "type": 1,
                    "string": "secure"
                  },
                  {
                    "type": 1,
                    "string": "session"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pipes_id_backup"
                  },
                  {
                    "type": 1,
                    "string": "*"
                  },
                  {
                    "type": 1,
                    "string": "/"
                  },
                  {
                    "type": 1,
                    "string": "secure"
                  },
                  {
                    "type": 1,
                    "string": "non_session"
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "name"
                  },
                  {
                    "type": 1,
                    "string": "domain"
                  },
                  {
                    "type": 1,
                    "string": "path"
                  },
                  {
                    "type": 1,
                    "string": "secure"
                  },
                  {
                    "type": 1,
                    "string": "session"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pipes_ses"
                  },
                  {
                    "type": 1,
                    "string": "*"
                  },
                  {
                    "type": 1,
                    "string": "/"
                  },
                  {
                    "type": 1,
                    "string": "secure"
                  },
                  {
                    "type": 1,
                    "string": "non_session"
                  }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "use_custom_private_keys",
        "versionId": "1"
      },
      "param": [
        {
          "key": "keyIds",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "pipes_user_id"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "use_google_credentials",
        "versionId": "1"
      },
      "param": [
        {
          "key": "allowedScopes",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "https://www.googleapis.com/auth/devstorage.read_write"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  }
]


___TESTS___

scenarios:
- name: leaves other paths to the other clients
  code: |-
    request.path = '/g/collect';
    runCode(config);
    assertApi('claimRequest').wasNotCalled();
    assertApi('returnResponse').wasNotCalled();
- name: claims PREFIX/collect for a custom path prefix, and only that
  code: |-
    request.path = '/p/collect';
    runCode(withConfig({ pathPrefix: '/metrics/x' }));
    assertApi('claimRequest').wasNotCalled();
    request.path = '/metrics/x/collect';
    runCode(withConfig({ pathPrefix: '/metrics/x' }));
    assertApi('claimRequest').wasCalled();
    callLater(() => assertThat(response.status).isEqualTo(200));
- name: does not claim the script path when the script is not served
  code: |-
    request.path = '/p/pipes.js';
    request.method = 'GET';
    runCode(withConfig({ serveScript: false }));
    assertApi('claimRequest').wasNotCalled();
- name: answers a preflight from an allowed origin with 204 and CORS headers for credentials
  code: |-
    request.method = 'OPTIONS';
    runCode(config);
    assertThat(response.status).isEqualTo(204);
    assertThat(response.headers['access-control-allow-origin']).isEqualTo('https://www.example.com');
    assertThat(response.headers['access-control-allow-credentials']).isEqualTo('true');
    assertThat(response.headers['access-control-allow-methods']).isEqualTo('POST, GET, OPTIONS');
    assertThat(response.headers['access-control-allow-headers']).isEqualTo('Content-Type');
    assertThat(response.headers['vary']).isEqualTo('Origin');
    assertThat(uploads).hasLength(0);
- name: refuses an origin outside the allowlist with 403 and stores nothing
  code: |-
    request.headers.origin = 'https://evil.example';
    runCode(config);
    assertThat(response.status).isEqualTo(403);
    assertThat(response.headers['access-control-allow-origin']).isUndefined();
    assertThat(uploads).hasLength(0);
- name: refuses the preflight of an origin outside the allowlist with 403
  code: |-
    request.method = 'OPTIONS';
    request.headers.origin = 'https://www.example.com.evil.example';
    runCode(config);
    assertThat(response.status).isEqualTo(403);
- name: accepts requests without an Origin header, without CORS headers
  code: |-
    request.headers.origin = undefined;
    runCode(config);
    callLater(() => {
      assertThat(response.status).isEqualTo(200);
      assertThat(response.headers['access-control-allow-origin']).isUndefined();
      assertThat(uploads).hasLength(1);
    });
- name: a https://*.example.com entry allows the subdomains of example.com
  code: |-
    request.headers.origin = 'https://shop.example.com';
    runCode(withConfig({ allowedOrigins: [{ origin: 'https://*.example.com' }] }));
    callLater(() => {
      assertThat(response.status).isEqualTo(200);
      assertThat(response.headers['access-control-allow-origin']).isEqualTo('https://shop.example.com');
    });
- name: a https://*.example.com entry refuses look-alike hosts
  code: |-
    request.headers.origin = 'https://evilexample.com';
    runCode(withConfig({ allowedOrigins: [{ origin: 'https://*.example.com' }] }));
    assertThat(response.status).isEqualTo(403);
- name: without allowed origins, the origins of this server’s own site are accepted
  code: |-
    request.headers.origin = 'https://www.example.com';
    runCode(withConfig({ allowedOrigins: [] }));
    callLater(() => assertThat(response.status).isEqualTo(200));
- name: without allowed origins, other sites are refused
  code: |-
    request.headers.origin = 'https://www.example.org';
    runCode(withConfig({ allowedOrigins: [] }));
    assertThat(response.status).isEqualTo(403);
- name: answers 405 with Allow to other methods
  code: |-
    request.method = 'PUT';
    runCode(config);
    assertThat(response.status).isEqualTo(405);
    assertThat(response.headers['allow']).isEqualTo('POST, GET, OPTIONS');
    assertThat(uploads).hasLength(0);
- name: answers 400 with a reason to a body that is not JSON
  code: |-
    request.body = '{"v":1,';
    runCode(config);
    assertThat(response.status).isEqualTo(400);
    assertThat(answerBody().error).isEqualTo('the payload is not a JSON object');
    assertThat(uploads).hasLength(0);
- name: answers 400 to an empty body
  code: |-
    request.body = '';
    runCode(config);
    assertThat(response.status).isEqualTo(400);
    assertThat(uploads).hasLength(0);
- name: answers 400 with the reasons to a batch that breaks the wire format
  code: |-
    request.body = JSON.stringify({ v: 2, batch_id: 'not-a-uuid', sent_at: '2025-05-22T20:30:30.000Z', events: [pageEvent(EVENT_1, {})] });
    runCode(config);
    assertThat(response.status).isEqualTo(400);
    assertThat(answerBody().reasons).isEqualTo(['/v: must be 1 (this server speaks wire format v1)', '/batch_id: must be a UUID']);
    assertThat(uploads).hasLength(0);
- name: answers 413 to a body larger than the limit
  code: |-
    runCode(withConfig({ maxBodyBytes: '200' }));
    assertThat(response.status).isEqualTo(413);
    assertThat(uploads).hasLength(0);
- name: answers 413 to a batch with more events than the limit
  code: |-
    runCode(withConfig({ maxEventsPerBatch: '1' }));
    assertThat(response.status).isEqualTo(413);
    assertThat(uploads).hasLength(0);
- name: writes the batch as one NDJSON object, create-only, and answers 200 only after
    the bucket did
  code: |-
    let release = () => undefined;
    mock('sendHttpRequest', (url, options, body) => {
      uploads.push({ url: url, options: (options || {}), body: body || '' });
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
- name: a stored row is the event plus received_at, batch_id, the reduced user agent
    and the truncated IP
  code: |-
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
      assertThat(row.context.page).isEqualTo({ url: 'https://www.example.com/?utm_source=news', path: '/', referrer: '', title: 'Home' });
      assertThat(row.context.locale).isEqualTo('en-GB');
      assertThat(row.received_at).isEqualTo('2025-05-22T20:30:30.456Z');
      assertThat(row.batch_id).isEqualTo(BATCH_ID);
      assertThat(row.user_agent).isEqualTo({ browser: 'Chrome', os: 'Windows', device: 'desktop' });
      assertThat(row.ip).isEqualTo('203.0.113.0');
      assertThat(row.bot).isFalse();
    });
- name: uses the object prefix and the storage API base URL
  code: |-
    runCode(withConfig({ objectPrefix: '/web/pipes/', storageBaseUrl: 'http://127.0.0.1:4443/' }));
    assertThat(uploads[0].url).isEqualTo('http://127.0.0.1:4443/upload/storage/v1/b/events-bucket/o?uploadType=media&name=web%2Fpipes%2Fevents%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F' +
      BATCH_ID + '.ndjson&ifGenerationMatch=0');
- name: an empty object prefix writes at the top of the bucket
  code: |-
    runCode(withConfig({ objectPrefix: '' }));
    assertThat(uploads[0].url).contains('&name=events%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F');
- name: passes the upload timeout to the request
  code: |-
    runCode(withConfig({ uploadTimeoutMs: '2500' }));
    assertThat(uploads[0].options.timeout).isEqualTo(2500);
- name: 'a 412 means an earlier attempt stored the batch: answered as stored'
  code: |-
    bucketAnswers = [412];
    runCode(config);
    callLater(() => {
      assertThat(response.status).isEqualTo(200);
      assertThat(answerBody()).isEqualTo({ stored: 2, rejected: 0 });
    });
- name: a storage error answers 503 with Retry-After, so the tracker retries
  code: |-
    bucketAnswers = [503];
    runCode(config);
    callLater(() => {
      assertThat(response.status).isEqualTo(503);
      assertThat(response.headers['retry-after']).isEqualTo('30');
      assertThat(response.returned).isEqualTo(1);
    });
- name: a storage timeout answers 503 with the configured Retry-After
  code: |-
    bucketAnswers = ['timed_out'];
    runCode(withConfig({ retryAfterSeconds: '120' }));
    callLater(() => {
      assertThat(response.status).isEqualTo(503);
      assertThat(response.headers['retry-after']).isEqualTo('120');
    });
- name: invalid events go to the rejected object with their reasons, valid ones to
    the events object
  code: |-
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
      assertThat(rejected.event.event_id).isEqualTo(EVENT_2);
      assertThat(answerBody()).isEqualTo({ stored: 1, rejected: 1 });
    });
- name: a batch with only invalid events writes only the rejected object
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { type: 'click' })]);
    runCode(config);
    callLater(() => {
      assertThat(uploads).hasLength(1);
      assertThat(uploads[0].url).contains('rejected%2Fv1');
      assertThat(response.status).isEqualTo(200);
    });
- name: a failed write of the rejected object also answers 503
  code: |-
    bucketAnswers = [200, 500];
    request.body = batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { type: 'click' })]);
    runCode(config);
    callLater(() => assertThat(response.status).isEqualTo(503));
- name: when both objects fail, answers 503 once and logs the first failure
  code: |-
    bucketAnswers = [500, 'timed_out'];
    request.body = batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { type: 'click' })]);
    runCode(config);
    callLater(() => {
      assertThat(response.status).isEqualTo(503);
      assertThat(response.returned).isEqualTo(1);
      assertApi('logToConsole').wasCalledWith('Pipes client: the bucket did not take batch ' + BATCH_ID + ' (HTTP 500 for pipes/events/v1/dt=2025-05-22/hr=20/' + BATCH_ID + '.ndjson); answering 503');
    });
- name: rejects events nested deeper than the property depth limit
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { properties: { a: { b: { c: 1 } } } })]);
    runCode(withConfig({ maxPropertyDepth: '2' }));
    callLater(() => assertThat(rowsOf(uploads[0])[0].reasons).isEqualTo(['/properties: nested deeper than 2 levels']));
- name: rejects events whose properties are larger than the limit
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { properties: { text: 'a long description of the product' } })]);
    runCode(withConfig({ maxPropertyBytes: '20' }));
    callLater(() => assertThat(rowsOf(uploads[0])[0].reasons).isEqualTo(['/properties: larger than 20 bytes of JSON']));
- name: rejects events older than the age limit, and events from the future
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { ts: '2025-05-22T17:30:00.000Z' }), pageEvent(EVENT_2, { ts: '2025-05-24T20:30:30.000Z' })]);
    runCode(withConfig({ maxEventAgeHours: '2' }));
    callLater(() => {
      const reasons = rowsOf(uploads[0]).map((row) => row.reasons);
      assertThat(reasons).isEqualTo([['/ts: more than 2 hours old'], ['/ts: more than 24 hours in the future']]);
    });
- name: stores a batch sent in e= and answers with the 1x1 pixel
  code: |-
    request.method = 'GET';
    request.body = undefined;
    request.query = { e: batchOf([pageEvent(EVENT_1, {})]) };
    runCode(config);
    callLater(() => {
      assertThat(storedRows()).hasLength(1);
      assertThat(response.pixel).isTrue();
      assertThat(response.returned).isEqualTo(1);
    });
- name: a bare event in e= is a batch of one named after its event_id
  code: |-
    request.method = 'GET';
    request.query = { e: JSON.stringify(pageEvent(EVENT_1, {})) || '' };
    runCode(config);
    callLater(() => {
      assertThat(uploads[0].url).contains('%2F' + EVENT_1 + '.ndjson&');
      assertThat(storedRows()[0].batch_id).isEqualTo(EVENT_1);
      assertThat(response.pixel).isTrue();
    });
- name: a pixel request without e= gets 400
  code: |-
    request.method = 'GET';
    request.query = {};
    runCode(config);
    assertThat(response.status).isEqualTo(400);
    assertThat(response.pixel).isFalse();
- name: an opted-out browser stores nothing, gets its identifiers expired and 204
  code: |-
    request.cookies = { pipes_optout: ['1'], pipes_id: [ANON] };
    runCode(config);
    assertThat(response.status).isEqualTo(204);
    assertThat(uploads).hasLength(0);
    assertThat(response.cookies.map((c) => c.name)).isEqualTo(['pipes_id', 'pipes_id_backup', 'pipes_ses']);
    assertThat(response.cookies.map((c) => c.options['max-age'])).isEqualTo([0, 0, 0]);
    assertThat(cookieNamed('pipes_id').value).isEqualTo('');
- name: 'Sec-GPC: 1 is an opt-out while GPC is honoured'
  code: |-
    request.headers['sec-gpc'] = '1';
    runCode(config);
    assertThat(response.status).isEqualTo(204);
    assertThat(uploads).hasLength(0);
    assertThat(cookieNamed('pipes_id').options['max-age']).isEqualTo(0);
- name: 'Sec-GPC: 1 is ignored when GPC is not honoured'
  code: |-
    request.headers['sec-gpc'] = '1';
    runCode(withConfig({ honourGpc: false }));
    callLater(() => {
      assertThat(response.status).isEqualTo(200);
      assertThat(uploads).hasLength(1);
    });
- name: on the first visit, sets the anonymous id from the events, and its HttpOnly
    backup
  code: |-
    runCode(config);
    callLater(() => {
      const id = cookieNamed('pipes_id');
      assertThat(id.value).isEqualTo(ANON);
      assertThat(id.options).isEqualTo({ domain: 'auto', path: '/', 'max-age': 31536000, secure: true, httpOnly: false, sameSite: 'lax' });
      const backup = cookieNamed('pipes_id_backup');
      assertThat(backup.value).isEqualTo(ANON);
      assertThat(backup.options.httpOnly).isTrue();
    });
- name: refreshes the anonymous id the browser holds
  code: |-
    request.cookies = { pipes_id: [OTHER_ANON], pipes_id_backup: [ANON] };
    runCode(config);
    callLater(() => {
      assertThat(cookieNamed('pipes_id').value).isEqualTo(OTHER_ANON);
      assertThat(cookieNamed('pipes_id_backup').value).isEqualTo(OTHER_ANON);
    });
- name: restores the anonymous id from the backup when the script copy is missing
  code: |-
    request.cookies = { pipes_id_backup: [OTHER_ANON] };
    runCode(config);
    callLater(() => assertThat(cookieNamed('pipes_id').value).isEqualTo(OTHER_ANON));
- name: never copies a cookie value that is not a UUID
  code: |-
    request.cookies = { pipes_id: ['<script>'], pipes_id_backup: ['x; Domain=evil'] };
    runCode(config);
    callLater(() => assertThat(cookieNamed('pipes_id').value).isEqualTo(ANON));
- name: uses the cookie prefix, domain and lifetime
  code: |-
    request.cookies = { acme_optout: [] };
    runCode(withConfig({ cookiePrefix: 'acme', cookieDomain: 'example.com', cookieLifetimeDays: '30' }));
    callLater(() => {
      const id = cookieNamed('acme_id');
      assertThat(id.value).isEqualTo(ANON);
      assertThat(id.options.domain).isEqualTo('example.com');
      assertThat(id.options['max-age']).isEqualTo(2592000);
      assertThat(cookieNamed('acme_id_backup').options['max-age']).isEqualTo(2592000);
    });
- name: the opt-out cookie follows the cookie prefix
  code: |-
    request.cookies = { acme_optout: ['1'] };
    runCode(withConfig({ cookiePrefix: 'acme' }));
    assertThat(response.status).isEqualTo(204);
    assertThat(response.cookies.map((c) => c.name)).isEqualTo(['acme_id', 'acme_id_backup', 'acme_ses']);
- name: sets no cookie when server cookies are off
  code: |-
    runCode(withConfig({ setIdCookie: false }));
    callLater(() => {
      assertThat(response.status).isEqualTo(200);
      assertThat(response.cookies).hasLength(0);
    });
- name: without the backup copy, neither writes nor reads it
  code: |-
    request.cookies = { pipes_id_backup: [OTHER_ANON] };
    runCode(withConfig({ backupIdCookie: false }));
    callLater(() => {
      assertThat(response.cookies.map((c) => c.name)).isEqualTo(['pipes_id']);
      assertThat(cookieNamed('pipes_id').value).isEqualTo(ANON);
    });
- name: a batch sent without identifiers (waiting for consent) gets no cookie
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { anonymous_id: null, session_id: null })]);
    runCode(config);
    callLater(() => {
      assertThat(storedRows()[0].anonymous_id).isNull();
      assertThat(response.cookies).hasLength(0);
    });
- name: personal data in URLs, titles, properties and user ids never reaches the bucket
  code: |-
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
      const page = row.context.page;
      assertThat(page.url).isEqualTo('https://www.example.com/checkout?utm_campaign=[email]');
      assertThat(page.path).isEqualTo('/u/[email]');
      assertThat(page.referrer).isEqualTo('https://mail.example.net/');
      assertThat(page.title).isEqualTo('Welcome [email]');
      const properties = row.properties;
      assertThat(properties.note).isEqualTo('call me on [phone] or [phone]');
      assertThat(properties.paid_with).isEqualTo('[card]');
      assertThat(properties.paid_amount_field).isEqualTo('[card]');
      assertThat(properties.server).isEqualTo('seen from [ip] and [ip]');
      assertThat(properties.link).isEqualTo('https://shop.example.com/account/[email]');
      assertThat(properties.password).isEqualTo('[redacted]');
      assertThat(properties.order_timestamp).isEqualTo('1747945830456');
      assertThat(row.user_id).isEqualTo(sha256Sync('pipes_user_id|jane.doe@example.com', { outputEncoding: 'hex' }));
    });
- name: personal data in rejected events never reaches the bucket either
  code: |-
    request.body = batchOf([
      pageEvent(EVENT_1, { type: 'click', user_id: 'jane.doe@example.com', properties: { phone: '+1 415 555 0100', ip: '198.51.100.23' } }),
    ]);
    runCode(config);
    callLater(() => {
      const stored = everythingUploaded();
      for (const secret of ['jane.doe', '555 0100', '198.51.100.23', '203.0.113.77'])
        assertThat(stored).doesNotContain(secret);
      const rejected = rowsOf(uploads[0])[0];
      assertThat(rejected.event.user_id).isEqualTo(sha256Sync('pipes_user_id|jane.doe@example.com', { outputEncoding: 'hex' }));
    });
- name: redaction kinds can be switched off one by one
  code: |-
    request.body = batchOf([
      pageEvent(EVENT_1, { properties: { e: 'a@b.example', p: '+44 20 7946 0958', c: '4111 1111 1111 1111', i: '198.51.100.23' } }),
    ]);
    runCode(withConfig({ scrubEmails: false, scrubPhones: false, scrubCards: false, scrubIps: false }));
    callLater(() => {
      assertThat(storedRows()[0].properties).isEqualTo({ e: 'a@b.example', p: '+44 20 7946 0958', c: '4111 1111 1111 1111', i: '198.51.100.23' });
    });
- name: extra RE2 patterns are redacted; an invalid one is logged and skipped
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { properties: { customer: 'CUST-123456 ordered' } })]);
    runCode(withConfig({ extraPiiPatterns: [{ pattern: '(' }, { pattern: 'CUST-[0-9]{6}' }] }));
    assertApi('logToConsole').wasCalled();
    callLater(() => assertThat(storedRows()[0].properties.customer).isEqualTo('[redacted] ordered'));
- name: 'the full IP is never stored: IPv4 is cut to /24'
  code: |-
    runCode(config);
    callLater(() => {
      assertThat(storedRows()[0].ip).isEqualTo('203.0.113.0');
      assertThat(everythingUploaded()).doesNotContain('203.0.113.77');
    });
- name: 'the full IP is never stored: IPv6 is cut to /48'
  code: |-
    request.remoteAddress = '2001:db8:85a3:8d3:1319:8a2e:370:7348';
    runCode(config);
    callLater(() => {
      assertThat(storedRows()[0].ip).isEqualTo('2001:db8:85a3::');
      assertThat(everythingUploaded()).doesNotContain('1319:8a2e');
    });
- name: IP handling "drop" stores no IP at all
  code: |-
    runCode(withConfig({ ipHandling: 'drop' }));
    callLater(() => {
      assertThat(storedRows()[0].ip).isUndefined();
      assertThat(everythingUploaded()).doesNotContain('203.0.113');
    });
- name: user agent handling "drop" stores no user agent
  code: |-
    runCode(withConfig({ userAgentHandling: 'drop' }));
    callLater(() => {
      assertThat(storedRows()[0].user_agent).isUndefined();
      assertThat(everythingUploaded()).doesNotContain('Chrome');
    });
- name: the user agent is reduced to browser, OS and device class
  code: |-
    request.headers['user-agent'] = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
    runCode(config);
    callLater(() => {
      assertThat(storedRows()[0].user_agent).isEqualTo({ browser: 'Safari', os: 'iOS', device: 'mobile' });
      assertThat(everythingUploaded()).doesNotContain('17_4');
    });
- name: query parameters outside the allowlist and fragments are removed from URLs
  code: |-
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
      const page = storedRows()[0].context.page;
      assertThat(page.url).isEqualTo('https://www.example.com/p?utm_source=a&utm_medium=b');
      assertThat(page.referrer).isEqualTo('https://ref.example/');
    });
- name: the query allowlist is configurable
  code: |-
    request.body = batchOf([
      pageEvent(EVENT_1, {
        context: {
          page: { url: 'https://www.example.com/p?utm_source=a&ref=home', path: '/p' },
          library: { name: 'pipes.js', version: '0.1.0' },
        },
      }),
    ]);
    runCode(withConfig({ queryAllowlist: ['ref'] }));
    callLater(() => assertThat(storedRows()[0].context.page.url).isEqualTo('https://www.example.com/p?ref=home'));
- name: user id handling "sha256" stores the salted SHA-256
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
    runCode(withConfig({ userIdHandling: 'sha256', userIdSalt: 'a-long-random-salt-value' }));
    callLater(() => {
      assertThat(storedRows()[0].user_id).isEqualTo(sha256Sync('a-long-random-salt-valueuser-42', { outputEncoding: 'hex' }));
      assertApi('hmacSha256').wasNotCalled();
    });
- name: user id handling "hmac" uses the configured key id
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
    runCode(withConfig({ hmacKeyId: 'other_key' }));
    assertApi('hmacSha256').wasCalledWith('user-42', 'other_key', { outputEncoding: 'hex' });
- name: user id handling "drop" stores no user id
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
    runCode(withConfig({ userIdHandling: 'drop' }));
    callLater(() => {
      assertThat(storedRows()[0].user_id).isUndefined();
      assertThat(everythingUploaded()).doesNotContain('user-42');
    });
- name: user id handling "keep" stores the id as sent
  code: |-
    request.body = batchOf([pageEvent(EVENT_1, { user_id: 'user-42' })]);
    runCode(withConfig({ userIdHandling: 'keep' }));
    callLater(() => assertThat(storedRows()[0].user_id).isEqualTo('user-42'));
- name: 'bots are stored with bot: true when flagged'
  code: |-
    request.headers['user-agent'] = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
    runCode(config);
    callLater(() => {
      assertThat(storedRows()[0].bot).isTrue();
      assertThat(storedRows()[0].user_agent.device).isEqualTo('bot');
    });
- name: bots get 204 and nothing is stored when dropped
  code: |-
    request.headers['user-agent'] = 'curl/8.5.0';
    runCode(withConfig({ botHandling: 'drop' }));
    assertThat(response.status).isEqualTo(204);
    assertThat(uploads).hasLength(0);
- name: runs the container once per stored event with the anonymized event, then answers
  code: |-
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
- name: does not run the container again for a batch an earlier attempt stored (412)
  code: |-
    bucketAnswers = [412];
    runCode(withConfig({ runContainer: true }));
    callLater(() => {
      assertApi('runContainer').wasNotCalled();
      assertThat(response.status).isEqualTo(200);
    });
- name: does not run the container when forwarding is off, nor when storage failed
  code: |-
    runCode(config);
    bucketAnswers = [500];
    runCode(withConfig({ runContainer: true }));
    callLater(() => assertApi('runContainer').wasNotCalled());
- name: serves the tracker with Cache-Control and an ETag
  code: |-
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
- name: answers 304 without a body when If-None-Match names the current ETag
  code: |-
    request.path = '/p/pipes.js';
    request.method = 'GET';
    runCode(config);
    const etag = response.headers['etag'];
    response.body = undefined;
    request.headers['if-none-match'] = 'W/' + etag;
    runCode(config);
    assertThat(response.status).isEqualTo(304);
    assertThat(response.body).isUndefined();
- name: serves each tracker plugin beside the tracker, with its own ETag
  code: |-
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
- name: leaves other files beside the tracker to other clients
  code: |-
    request.path = '/p/pipes-unknown.js';
    request.method = 'GET';
    runCode(config);
    assertApi('claimRequest').wasNotCalled();
- name: serves the script under its configured file name and cache lifetime
  code: |-
    request.path = '/p/a1.js';
    request.method = 'GET';
    runCode(withConfig({ scriptFileName: 'a1.js', scriptCacheSeconds: '600' }));
    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers['cache-control']).isEqualTo('public, max-age=600');
- name: answers 405 to other methods on the script path
  code: |-
    request.path = '/p/pipes.js';
    request.method = 'POST';
    runCode(config);
    assertThat(response.status).isEqualTo(405);
    assertThat(response.headers['allow']).isEqualTo('GET, HEAD');
- name: answers HEAD on the script path with the headers and no body
  code: |-
    request.path = '/p/pipes.js';
    request.method = 'HEAD';
    runCode(config);
    assertThat(response.status).isEqualTo(200);
    assertThat(response.headers['etag']).isString();
    assertThat(response.body).isUndefined();
setup: |-
  const JSON = require('JSON');
  const Promise = require('Promise');
  const callLater = require('callLater');
  const sha256Sync = require('sha256Sync');

  const NOW = 1747945830456;
  const BATCH_ID = '0b6f5c1e-2d3a-4c5b-9e8f-7a6b5c4d3e2f';
  const EVENT_1 = '11111111-1111-4111-8111-111111111111';
  const EVENT_2 = '22222222-2222-4222-8222-222222222222';
  const ANON = '1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5';
  const OTHER_ANON = '9c8d7e6f-5a4b-4c3d-8e2f-a1b2c3d4e5f6';
  const SESSION = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
  const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
  const STORED_NAME = 'pipes%2Fevents%2Fv1%2Fdt%3D2025-05-22%2Fhr%3D20%2F' + BATCH_ID + '.ndjson';
  const BUCKET_URL = 'https://storage.googleapis.com/upload/storage/v1/b/events-bucket/o?uploadType=media&name=';
  const config = {
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
  function withConfig(changes) {
    const out = {};
    for (const key in config)
      out[key] = config[key];
    for (const key in changes)
      out[key] = changes[key];
    return out;
  }
  function merge(base, changes) {
    const out = {};
    for (const key in base)
      out[key] = base[key];
    for (const key in changes)
      out[key] = changes[key];
    return out;
  }
  function pageEvent(eventId, changes) {
    const event = {
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
  function batchOf(events) {
    return JSON.stringify({ v: 1, batch_id: BATCH_ID, sent_at: '2025-05-22T20:30:30.000Z', events: events }) || '';
  }
  const request = {
    path: '/p/collect',
    method: 'POST',
    body: batchOf([pageEvent(EVENT_1, {}), pageEvent(EVENT_2, { type: 'track', event: 'signup' })]),
    query: {},
    headers: { origin: 'https://www.example.com', 'user-agent': CHROME, host: 'sgtm.example.com' },
    cookies: {},
    remoteAddress: '203.0.113.77',
  };
  const response = { status: 200, headers: {}, body: undefined, pixel: false, returned: 0, cookies: [] };
  const uploads = [];
  const containerEvents = [];
  let bucketAnswers = [200, 200];
  mock('claimRequest', () => undefined);
  mock('getRequestPath', () => request.path);
  mock('getRequestMethod', () => request.method);
  mock('getRequestBody', () => request.body);
  mock('getRequestQueryParameter', (name) => request.query[name]);
  mock('getRequestHeader', (name) => request.headers[name]);
  mock('getCookieValues', (name) => request.cookies[name] || []);
  mock('getRemoteAddress', () => request.remoteAddress);
  mock('getTimestampMillis', NOW);
  mock('getGoogleAuth', () => ({ scopes: ['https://www.googleapis.com/auth/devstorage.read_write'] }));
  mock('hmacSha256', (value, keyId) => sha256Sync(keyId + '|' + value, { outputEncoding: 'hex' }));
  mock('setResponseStatus', (status) => {
    response.status = status;
  });
  mock('setResponseHeader', (name, value) => {
    response.headers[name] = value === null ? undefined : value;
  });
  mock('setResponseBody', (body) => {
    response.body = body;
  });
  mock('setPixelResponse', () => {
    response.pixel = true;
    response.status = 200;
  });
  mock('returnResponse', () => {
    response.returned++;
  });
  mock('setCookie', (name, value, options) => {
    response.cookies.push({ name: name, value: value, options: (options || {}) });
  });
  mock('runContainer', (event, onComplete) => {
    containerEvents.push(event);
    if (onComplete)
      onComplete((api) => api);
  });
  mock('sendHttpRequest', (url, options, body) => {
    uploads.push({ url: url, options: (options || {}), body: body || '' });
    const answer = bucketAnswers.length > 0 ? bucketAnswers.shift() : 200;
    return Promise.create((resolve, reject) => {
      if (typeof answer === 'string')
        reject({ reason: answer });
      else
        resolve({ statusCode: answer, headers: {}, body: '{}' });
    });
  });
  function rowsOf(upload) {
    return upload.body
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  }
  function storedRows() {
    return rowsOf(uploads[0]);
  }
  function cookieNamed(name) {
    return response.cookies.filter((c) => c.name === name)[0];
  }
  function answerBody() {
    return JSON.parse(response.body);
  }
  function everythingUploaded() {
    return uploads.map((u) => u.body).join('\n');
  }


___NOTES___

Pipes client: claims PREFIX/collect and PREFIX/<script>, validates wire format v1, anonymizes, and stores one NDJSON object per batch in Cloud Storage (ifGenerationMatch=0) before answering 2xx. See gtm-server-client/README.md.



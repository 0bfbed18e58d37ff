___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Pipes",
  "categories": [
    "ANALYTICS"
  ],
  "brand": {
    "id": "brand_dummy",
    "displayName": "Pipes"
  },
  "description": "Sends page views, events, logins and opt-outs to the Pipes tracker, loaded first-party from your server-side GTM domain, which stores them anonymized in your own Cloud Storage bucket for machine learning.",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "SELECT",
    "name": "tagType",
    "displayName": "Tag type",
    "macrosInSelect": false,
    "selectItems": [
      {
        "value": "page",
        "displayValue": "Page view"
      },
      {
        "value": "track",
        "displayValue": "Track event"
      },
      {
        "value": "identify",
        "displayValue": "Identify (login)"
      },
      {
        "value": "reset",
        "displayValue": "Reset (logout)"
      },
      {
        "value": "optOut",
        "displayValue": "Opt out"
      },
      {
        "value": "optIn",
        "displayValue": "Opt in"
      },
      {
        "value": "load",
        "displayValue": "Load the tracker only (no event)"
      }
    ],
    "simpleValueType": true,
    "defaultValue": "page",
    "help": "Every Pipes tag loads the tracker if no Pipes tag did so yet on this page, then sends its own command. Choose \u003cb\u003eLoad the tracker only\u003c/b\u003e for a tag on All Pages when the page-views plugin below sends page views.",
    "alwaysInSummary": true
  },
  {
    "type": "TEXT",
    "name": "pageName",
    "displayName": "Page name (optional)",
    "simpleValueType": true,
    "valueHint": "e.g. {{Page Path}} or Checkout",
    "help": "Stored as properties.name of the page view.",
    "enablingConditions": [
      {
        "paramName": "tagType",
        "paramValue": "page",
        "type": "EQUALS"
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "eventName",
    "displayName": "Event name",
    "simpleValueType": true,
    "valueHint": "e.g. signup or {{Event}}",
    "enablingConditions": [
      {
        "paramName": "tagType",
        "paramValue": "track",
        "type": "EQUALS"
      }
    ],
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      },
      {
        "type": "STRING_LENGTH",
        "args": [
          1,
          128
        ]
      }
    ],
    "alwaysInSummary": true
  },
  {
    "type": "TEXT",
    "name": "userId",
    "displayName": "User id",
    "simpleValueType": true,
    "valueHint": "e.g. {{DLV - user_id}}",
    "help": "Your own id of the logged-in user, from a variable. Never an e-mail address or a name: the server pseudonymizes the id, but it cannot make personal data anonymous. When the variable is empty the tag fails and sends nothing.",
    "enablingConditions": [
      {
        "paramName": "tagType",
        "paramValue": "identify",
        "type": "EQUALS"
      }
    ],
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      }
    ]
  },
  {
    "type": "SIMPLE_TABLE",
    "name": "properties",
    "displayName": "Properties (traits for Identify)",
    "simpleTableColumns": [
      {
        "defaultValue": "",
        "displayName": "Name",
        "name": "name",
        "type": "TEXT",
        "valueHint": "plan",
        "isUnique": true,
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          }
        ]
      },
      {
        "defaultValue": "",
        "displayName": "Value",
        "name": "value",
        "type": "TEXT",
        "valueHint": "{{DLV - plan}}"
      }
    ],
    "newRowButtonText": "Add property",
    "help": "Each row becomes one property of the event; values may be GTM variables of any type. Leave out personal data such as names and e-mail addresses.",
    "enablingConditions": [
      {
        "paramName": "tagType",
        "paramValue": "page",
        "type": "EQUALS"
      },
      {
        "paramName": "tagType",
        "paramValue": "track",
        "type": "EQUALS"
      },
      {
        "paramName": "tagType",
        "paramValue": "identify",
        "type": "EQUALS"
      }
    ]
  },
  {
    "type": "LABEL",
    "name": "optOutNote",
    "displayName": "Stops all collection in this browser (a first-party cookie) and deletes the ids and queued events. Fire it from a Click trigger on your opt-out link, and do not make it wait for consent.",
    "enablingConditions": [
      {
        "paramName": "tagType",
        "paramValue": "optOut",
        "type": "EQUALS"
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "settingsGroup",
    "displayName": "Pipes settings",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      {
        "type": "LABEL",
        "name": "settingsNote",
        "displayName": "The first Pipes tag that fires on a page loads the tracker with its settings; later Pipes tags only send their command. Keep the settings the same in every Pipes tag: copy the tag, or use Constant variables."
      },
      {
        "type": "TEXT",
        "name": "serverUrl",
        "displayName": "Server-side GTM URL",
        "simpleValueType": true,
        "valueHint": "https://sgtm.example.com",
        "help": "The https origin of your server container, without a path. \u003cb\u003ehttp://localhost\u003c/b\u003e and \u003cb\u003ehttp://127.0.0.1\u003c/b\u003e work for local tests.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          }
        ],
        "alwaysInSummary": true
      },
      {
        "type": "TEXT",
        "name": "scriptPath",
        "displayName": "Tracker script path",
        "simpleValueType": true,
        "defaultValue": "/p/pipes.js",
        "help": "Where the Pipes client serves the tracker: its path prefix and file name. Plugins load from the same folder (pipes-pageviews.js and so on).",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^/[^?#\\s]*$"
            ],
            "errorMessage": "Write a path such as /p/pipes.js."
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "collectPath",
        "displayName": "Collect path",
        "simpleValueType": true,
        "defaultValue": "/p/collect",
        "help": "The Pipes client\u0027s path prefix followed by /collect.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          },
          {
            "type": "REGEX",
            "args": [
              "^/[^?#\\s]*$"
            ],
            "errorMessage": "Write a path such as /p/collect."
          }
        ]
      },
      {
        "type": "RADIO",
        "name": "consentMode",
        "displayName": "Consent (analytics_storage)",
        "radioItems": [
          {
            "value": "wait",
            "displayValue": "Wait: keep events in the page until analytics_storage is granted"
          },
          {
            "value": "cookieless",
            "displayValue": "Cookieless: send events without any id until analytics_storage is granted"
          },
          {
            "value": "ignore",
            "displayValue": "Ignore consent mode (your site decides whether Pipes tags fire)"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "wait",
        "help": "Follows GTM consent mode: granted now or later starts full collection; withdrawn consent deletes the ids and every queued event. Without a consent default, GTM counts analytics_storage as granted."
      },
      {
        "type": "CHECKBOX",
        "name": "honourGpc",
        "checkboxText": "Honour Global Privacy Control (no collection when it is on)",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "CHECKBOX",
        "name": "honourDnt",
        "checkboxText": "Honour Do Not Track",
        "simpleValueType": true,
        "defaultValue": true
      },
      {
        "type": "TEXT",
        "name": "allowQuery",
        "displayName": "Query parameters kept in URLs",
        "simpleValueType": true,
        "lineCount": 3,
        "textAsList": true,
        "defaultValue": "utm_*",
        "help": "One name per line; a trailing * matches a prefix. Every other query parameter, and every fragment, is removed in the browser."
      },
      {
        "type": "GROUP",
        "name": "pluginsGroup",
        "displayName": "Automatic tracking",
        "groupStyle": "NO_ZIPPY",
        "subParams": [
          {
            "type": "CHECKBOX",
            "name": "pluginPageviews",
            "checkboxText": "Page views, including route changes of single-page apps",
            "simpleValueType": true,
            "defaultValue": false
          },
          {
            "type": "CHECKBOX",
            "name": "pluginLinks",
            "checkboxText": "Link clicks",
            "simpleValueType": true,
            "defaultValue": false
          },
          {
            "type": "CHECKBOX",
            "name": "pluginForms",
            "checkboxText": "Form submissions (field names and types, never values)",
            "simpleValueType": true,
            "defaultValue": false
          },
          {
            "type": "CHECKBOX",
            "name": "pluginEngagement",
            "checkboxText": "Engagement: active time and scroll depth",
            "simpleValueType": true,
            "defaultValue": false
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
            "name": "cookieName",
            "displayName": "Cookie name prefix",
            "simpleValueType": true,
            "defaultValue": "pipes",
            "help": "Cookies PREFIX_id, PREFIX_ses and PREFIX_optout. Must match the Pipes client\u0027s cookie name prefix.",
            "valueValidators": [
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
            "help": "\u003cb\u003eauto\u003c/b\u003e: your registrable domain (example.com), shared with the sGTM subdomain; \u003cb\u003enone\u003c/b\u003e: this host only; or a domain."
          },
          {
            "type": "TEXT",
            "name": "cookieDays",
            "displayName": "Cookie lifetime",
            "simpleValueType": true,
            "valueUnit": "days",
            "defaultValue": 365,
            "valueValidators": [
              {
                "type": "REGEX",
                "args": [
                  "^[1-9][0-9]*$"
                ],
                "errorMessage": "Write a whole number of days."
              }
            ]
          }
        ]
      },
      {
        "type": "GROUP",
        "name": "batchingGroup",
        "displayName": "Batching",
        "groupStyle": "ZIPPY_CLOSED",
        "subParams": [
          {
            "type": "TEXT",
            "name": "batchSize",
            "displayName": "Events per request (at most)",
            "simpleValueType": true,
            "defaultValue": 50,
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
            "name": "flushInterval",
            "displayName": "Longest wait before sending",
            "simpleValueType": true,
            "valueUnit": "ms",
            "defaultValue": 2000,
            "help": "Everything queued is also sent when the visitor leaves the page.",
            "valueValidators": [
              {
                "type": "REGEX",
                "args": [
                  "^[1-9][0-9]*$"
                ],
                "errorMessage": "Write a whole number of milliseconds."
              }
            ]
          }
        ]
      },
      {
        "type": "CHECKBOX",
        "name": "debug",
        "checkboxText": "Debug logging: the tag in GTM preview, the tracker in the browser console",
        "simpleValueType": true,
        "defaultValue": false
      }
    ]
  }
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

const getType = require('getType');
const makeInteger = require('makeInteger');
const makeString = require('makeString');
const parseUrl = require('parseUrl');
const makeTableMap = require('makeTableMap');
const addConsentListener = require('addConsentListener');
const isConsentGranted = require('isConsentGranted');
const logToConsole = require('logToConsole');
const createArgumentsQueue = require('createArgumentsQueue');
const JSON = require('JSON');
const injectScript = require('injectScript');
const templateStorage = require('templateStorage');

/** The settings of this tag, or what is wrong with them. */
function readSettings() {
  const origin = serverOrigin(data.serverUrl);
  if (!origin) {
    return ('The server-side GTM URL "' + text(data.serverUrl) + '" is not an https origin: write one such as ' +
      'https://sgtm.example.com, without a path (http only for localhost and 127.0.0.1).');
  }
  const scriptPath = text(data.scriptPath);
  const collectPath = text(data.collectPath);
  if (scriptPath.charAt(0) !== '/' || collectPath.charAt(0) !== '/') {
    return 'The tracker script path and the collect path must start with /, e.g. /p/pipes.js and /p/collect.';
  }
  const folder = origin + scriptPath.substring(0, scriptPath.lastIndexOf('/') + 1);
  return {
    trackerUrl: origin + scriptPath,
    pluginUrls: enabledPlugins().map((name) => folder + 'pipes-' + name + '.js'),
    config: trackerConfig(origin + collectPath),
  };
}
/** `https://host[:port]` from what the user wrote (the scheme may be left out), or undefined. */
function serverOrigin(value) {
  let url = text(value);
  if (url.indexOf('://') < 0)
    url = 'https://' + url;
  const parsed = parseUrl(url);
  if (!parsed || parsed.username || parsed.search || parsed.hash || (parsed.pathname !== '/' && parsed.pathname !== ''))
    return undefined;
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:'))
    return undefined;
  return parsed.origin;
}
function enabledPlugins() {
  const plugins = [];
  if (data.pluginPageviews)
    plugins.push('pageviews');
  if (data.pluginLinks)
    plugins.push('links');
  if (data.pluginForms)
    plugins.push('forms');
  if (data.pluginEngagement)
    plugins.push('engagement');
  return plugins;
}
function trackerConfig(endpoint) {
  const config = {
    endpoint: endpoint,
    consent: data.consentMode === 'ignore' ? 'none' : data.consentMode,
    gpc: data.honourGpc,
    dnt: data.honourDnt,
    allowQuery: (data.allowQuery || []).map(text).filter((name) => name !== ''),
    debug: data.debug,
  };
  const cookieName = text(data.cookieName);
  if (cookieName)
    config.cookieName = cookieName;
  const cookieDomain = text(data.cookieDomain);
  // GTM's own word for a host-only cookie is 'none'; the tracker's is ''.
  if (cookieDomain)
    config.cookieDomain = cookieDomain === 'none' ? '' : cookieDomain;
  setPositive(config, 'cookieDays', data.cookieDays);
  setPositive(config, 'batchSize', data.batchSize);
  setPositive(config, 'flushInterval', data.flushInterval);
  return config;
}
function setPositive(config, field, value) {
  const number = makeInteger(value);
  if (number > 0)
    config[field] = number;
}
/** A field's value as trimmed text: '' for an empty field or an undefined variable. */
function text(value) {
  const type = getType(value);
  return type === 'undefined' || type === 'null' ? '' : makeString(value).trim();
}

// The command of this tag's type, as pipes(…) takes it.
/** The command (empty for a tag that only loads the tracker), or what is missing to send it. */
function tagCommand() {
  switch (data.tagType) {
    case 'page': {
      const name = text(data.pageName);
      return name ? ['page', name, properties()] : ['page', properties()];
    }
    case 'track': {
      const event = text(data.eventName);
      if (!event)
        return 'The event name is empty: write one, or check the variable that gives it.';
      return ['track', event, properties()];
    }
    case 'identify': {
      const userId = text(data.userId);
      if (!userId)
        return 'The user id is empty, so nothing was sent: fire Identify only when the user id variable has a value.';
      return ['identify', userId, properties()];
    }
    case 'reset':
    case 'optOut':
    case 'optIn':
      return [data.tagType];
    default:
      return [];
  }
}
/** The properties table as an object; values keep the type of the variables that give them. */
function properties() {
  return (data.properties && makeTableMap(data.properties, 'name', 'value')) || {};
}

function followConsent(pipes) {
  if (data.consentMode === 'ignore')
    return;
  if (isConsentGranted('analytics_storage'))
    pipes('consent', 'granted');
  addConsentListener('analytics_storage', (consentType, granted) => pipes('consent', granted ? 'granted' : 'denied'));
}

/** What went wrong, always. */
function problem(message) {
  logToConsole('[Pipes] ' + message);
}
/** What the tag did, with debug logging on. */
function debug(message) {
  if (data.debug)
    logToConsole('[Pipes] ' + message);
}

function pipesQueue() {
  return createArgumentsQueue('pipes', 'pipes.q');
}
/** Queues one command given as a list: its name and up to two arguments. */
function send(pipes, command) {
  if (command.length === 1)
    pipes(command[0]);
  else if (command.length === 2)
    pipes(command[0], command[1]);
  else if (command.length === 3)
    pipes(command[0], command[1], command[2]);
}

// Every Pipes tag: the first one on a page loads and configures the tracker, then each queues its own command.
// The tag succeeds once the tracker script is there (at once when an earlier tag loaded it), never waiting for
// events to be sent: the tracker batches them and retries on its own.
// templateStorage lives as long as the page and is shared by every Pipes tag on it.
const STARTED_WITH = 'settings';
const TRACKER_URL = 'tracker';
const LOADED = 'loaded';
function run() {
  const command = tagCommand();
  if (typeof command === 'string')
    return fail(command);
  const settings = readSettings();
  const startedWith = templateStorage.getItem(STARTED_WITH);
  const pipes = pipesQueue();
  if (!startedWith) {
    if (typeof settings === 'string')
      return fail(settings);
    start(pipes, settings);
  }
  else if (startedWith !== JSON.stringify(settings)) {
    debug('This tag\'s settings differ from those the tracker was started with on this page; they are ignored.');
  }
  send(pipes, command);
  debug('Queued ' + (command.length ? JSON.stringify(command) : 'nothing (load only)'));
  whenTrackerLoaded();
}
function start(pipes, settings) {
  templateStorage.setItem(STARTED_WITH, JSON.stringify(settings));
  templateStorage.setItem(TRACKER_URL, settings.trackerUrl);
  pipes('init', settings.config);
  followConsent(pipes);
  settings.pluginUrls.forEach((url) => {
    injectScript(url, () => debug('Loaded ' + url), () => problem('Could not load the plugin ' + url), url);
  });
}
function whenTrackerLoaded() {
  if (templateStorage.getItem(LOADED))
    return data.gtmOnSuccess();
  const url = makeString(templateStorage.getItem(TRACKER_URL));
  const loaded = () => {
    templateStorage.setItem(LOADED, true);
    data.gtmOnSuccess();
  };
  const failed = () => fail('Could not load the tracker from ' + url + ': check the server-side GTM URL and the script path, and that the Pipes client serves the script there.');
  injectScript(url, loaded, failed, url);
}
function fail(message) {
  problem(message);
  data.gtmOnFailure();
}
run();


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "access_consent",
        "versionId": "1"
      },
      "param": [
        {
          "key": "consentTypes",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "consentType"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "analytics_storage"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
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
        "publicId": "access_globals",
        "versionId": "1"
      },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pipes"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  {
                    "type": 1,
                    "string": "key"
                  },
                  {
                    "type": 1,
                    "string": "read"
                  },
                  {
                    "type": 1,
                    "string": "write"
                  },
                  {
                    "type": 1,
                    "string": "execute"
                  }
                ],
                "mapValue": [
                  {
                    "type": 1,
                    "string": "pipes.q"
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": true
                  },
                  {
                    "type": 8,
                    "boolean": false
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
        "publicId": "access_template_storage",
        "versionId": "1"
      },
      "param": []
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "inject_script",
        "versionId": "1"
      },
      "param": [
        {
          "key": "urls",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "https://*/*"
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
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "debug"
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
- name: 'page view: starts the tracker with the settings, queues the page view and
    loads the script'
  code: |-
    runCode(tag);
    assertThat(queued()).isEqualTo([['init', CONFIG], ['page', {}]]);
    assertThat(injected).isEqualTo([[TRACKER, TRACKER]]);
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: page view with a name and properties from variables of any type
  code: |-
    runCode(withTag({
      pageName: ' Pricing ',
      properties: [
        { name: 'plan', value: 'pro' },
        { name: 'seats', value: 3 },
        { name: 'trial', value: false },
      ],
    }));
    assertThat(queued()[1]).isEqualTo(['page', 'Pricing', { plan: 'pro', seats: 3, trial: false }]);
- name: 'track event: the event name and the properties table become the command'
  code: |-
    runCode(withTag({ tagType: 'track', eventName: 'signup', properties: [{ name: 'plan', value: 'pro' }] }));
    assertThat(queued()).isEqualTo([['init', CONFIG], ['track', 'signup', { plan: 'pro' }]]);
    assertApi('gtmOnSuccess').wasCalled();
- name: 'track event whose name variable is empty: fails, and changes nothing on the
    page'
  code: |-
    runCode(withTag({ tagType: 'track', eventName: undefined }));
    assertApi('gtmOnFailure').wasCalled();
    assertApi('gtmOnSuccess').wasNotCalled();
    assertThat(copyFromWindow('pipes')).isUndefined();
    assertThat(injected).isEmpty();
- name: 'identify: the user id (as text) and the traits'
  code: |-
    runCode(withTag({ tagType: 'identify', userId: 42, properties: [{ name: 'plan', value: 'pro' }] }));
    assertThat(queued()).isEqualTo([['init', CONFIG], ['identify', '42', { plan: 'pro' }]]);
    assertApi('gtmOnSuccess').wasCalled();
- name: 'identify whose user id variable is empty: fails and sends nothing'
  code: |-
    runCode(withTag({ tagType: 'identify', userId: '  ' }));
    assertApi('gtmOnFailure').wasCalled();
    assertThat(queued()).isEmpty();
- name: reset, opt-out and opt-in queue their command
  code: |-
    runCode(withTag({ tagType: 'reset' }));
    runCode(withTag({ tagType: 'optOut' }));
    runCode(withTag({ tagType: 'optIn' }));
    assertThat(queued()).isEqualTo([['init', CONFIG], ['reset'], ['optOut'], ['optIn']]);
    assertApi('gtmOnFailure').wasNotCalled();
- name: 'load only: starts the tracker without an event'
  code: |-
    runCode(withTag({ tagType: 'load', pluginPageviews: true }));
    assertThat(queued()).isEqualTo([['init', CONFIG]]);
    assertThat(injected).containsExactly([SGTM + '/p/pipes-pageviews.js', SGTM + '/p/pipes-pageviews.js'], [TRACKER, TRACKER]);
    assertApi('gtmOnSuccess').wasCalled();
- name: the first Pipes tag starts the tracker; later ones only queue their command,
    whatever their settings
  code: |-
    runCode(tag);
    runCode(withTag({ tagType: 'track', eventName: 'signup', cookieName: 'other', pluginLinks: true, serverUrl: 'https://other.example.com' }));
    runCode(withTag({ tagType: 'track', eventName: 'upgrade', serverUrl: undefined }));
    assertThat(queued()).isEqualTo([['init', CONFIG], ['page', {}], ['track', 'signup', {}], ['track', 'upgrade', {}]]);
    assertThat(injected).isEqualTo([[TRACKER, TRACKER]]);
    assertApi('gtmOnFailure').wasNotCalled();
- name: a tag that fires once the tracker has loaded succeeds at once, loading nothing
  code: |-
    runCode(tag);
    mock('injectScript', () => fail('a later tag must not load anything'));
    runCode(withTag({ tagType: 'track', eventName: 'signup' }));
    assertThat(queued()[2]).isEqualTo(['track', 'signup', {}]);
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: 'queues before the script loads, and succeeds as soon as it has loaded: never
    waits for events to be sent'
  code: |-
    scriptsLoad('later');
    runCode(tag);
    assertThat(queued()).isEqualTo([['init', CONFIG], ['page', {}]]);
    assertApi('gtmOnSuccess').wasNotCalled();
    pendingLoads[0]();
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: a tracker script that cannot load fails the tag
  code: |-
    scriptsLoad('never');
    runCode(tag);
    assertApi('gtmOnFailure').wasCalled();
    assertApi('gtmOnSuccess').wasNotCalled();
    assertApi('logToConsole').wasCalled();
- name: 'wait, with analytics_storage granted: the tracker is told at once'
  code: |-
    analyticsStorage(true);
    runCode(withTag({ consentMode: 'wait' }));
    assertThat(queued()).isEqualTo([['init', withConfig({ consent: 'wait' })], ['consent', 'granted'], ['page', {}]]);
    assertThat(consentListeners).hasLength(1);
- name: 'wait, with analytics_storage denied: nothing is granted, the page view waits
    in the page'
  code: |-
    analyticsStorage(false);
    runCode(withTag({ consentMode: 'wait' }));
    assertThat(queued()).isEqualTo([['init', withConfig({ consent: 'wait' })], ['page', {}]]);
    assertApi('gtmOnSuccess').wasCalled();
- name: 'wait, then granted, then withdrawn: the tracker hears both changes'
  code: |-
    analyticsStorage(false);
    runCode(withTag({ consentMode: 'wait' }));
    changeConsent(true);
    changeConsent(false);
    assertThat(queued()).isEqualTo([
      ['init', withConfig({ consent: 'wait' })],
      ['page', {}],
      ['consent', 'granted'],
      ['consent', 'denied'],
    ]);
- name: 'cookieless: the tracker sends without ids until analytics_storage is granted'
  code: |-
    analyticsStorage(false);
    runCode(withTag({ consentMode: 'cookieless' }));
    assertThat(queued()).isEqualTo([['init', withConfig({ consent: 'cookieless' })], ['page', {}]]);
    changeConsent(true);
    assertThat(queued()[2]).isEqualTo(['consent', 'granted']);
- name: consent is followed once per page, however many tags fire
  code: |-
    analyticsStorage(true);
    runCode(withTag({ consentMode: 'wait' }));
    runCode(withTag({ consentMode: 'wait', tagType: 'track', eventName: 'signup' }));
    assertThat(consentListeners).hasLength(1);
    assertThat(queued()).isEqualTo([
      ['init', withConfig({ consent: 'wait' })],
      ['consent', 'granted'],
      ['page', {}],
      ['track', 'signup', {}],
    ]);
- name: 'ignore: consent mode is not read, and the tracker has no consent gate'
  code: |-
    runCode(tag);
    assertApi('isConsentGranted').wasNotCalled();
    assertApi('addConsentListener').wasNotCalled();
    assertThat(queued()[0][1].consent).isEqualTo('none');
- name: plugins load only when ticked, from the folder of the tracker script
  code: |-
    runCode(withTag({ scriptPath: '/assets/x/t.js', pluginPageviews: true, pluginEngagement: true }));
    const folder = SGTM + '/assets/x/';
    assertThat(injected).containsExactly([folder + 't.js', folder + 't.js'], [folder + 'pipes-pageviews.js', folder + 'pipes-pageviews.js'], [folder + 'pipes-engagement.js', folder + 'pipes-engagement.js']);
- name: a plugin that cannot load is reported, and does not fail the tag
  code: |-
    mock('injectScript', (url, onSuccess, onFailure) => {
      if (url === TRACKER)
        onSuccess();
      else
        onFailure();
    });
    runCode(withTag({ pluginLinks: true }));
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
    assertApi('logToConsole').wasCalled();
- name: the settings become the tracker configuration
  code: |-
    runCode(withTag({
      cookieName: 'acme',
      cookieDomain: 'none',
      cookieDays: '30',
      batchSize: '10',
      flushInterval: '500',
      allowQuery: [' utm_* ', '', 'gclid'],
      honourGpc: false,
      honourDnt: false,
      debug: true,
    }));
    assertThat(queued()[0]).isEqualTo([
      'init',
      withConfig({
        cookieName: 'acme',
        cookieDomain: '',
        cookieDays: 30,
        batchSize: 10,
        flushInterval: 500,
        allowQuery: ['utm_*', 'gclid'],
        gpc: false,
        dnt: false,
        debug: true,
      }),
    ]);
- name: emptied fields keep the tracker defaults; an emptied query list keeps no query
    parameters
  code: |-
    runCode(withTag({ cookieName: undefined, cookieDomain: undefined, cookieDays: undefined, batchSize: '', flushInterval: '0', allowQuery: undefined }));
    assertThat(queued()[0]).isEqualTo([
      'init',
      { endpoint: SGTM + '/p/collect', consent: 'none', gpc: true, dnt: true, allowQuery: [], debug: false },
    ]);
- name: the server URL may leave out https:// and end with a slash
  code: |-
    runCode(withTag({ serverUrl: 'sgtm.example.com/' }));
    assertThat(injected[0]).isEqualTo([TRACKER, TRACKER]);
    assertThat(queued()[0][1].endpoint).isEqualTo(SGTM + '/p/collect');
- name: a local test server over http
  code: |-
    runCode(withTag({ serverUrl: 'http://localhost:8080' }));
    assertThat(injected[0]).isEqualTo(['http://localhost:8080/p/pipes.js', 'http://localhost:8080/p/pipes.js']);
    assertApi('gtmOnSuccess').wasCalled();
- name: a server URL that is not an https origin fails the tag and queues nothing
  code: |-
    runCode(withTag({ serverUrl: 'http://sgtm.example.com' }));
    runCode(withTag({ serverUrl: 'https://sgtm.example.com/p' }));
    runCode(withTag({ serverUrl: undefined }));
    assertApi('gtmOnFailure').wasCalled();
    assertApi('gtmOnSuccess').wasNotCalled();
    assertThat(queued()).isEmpty();
    assertThat(injected).isEmpty();
- name: logs to the preview console only with debug logging on; problems always
  code: |-
    runCode(tag);
    assertApi('logToConsole').wasNotCalled();
    runCode(withTag({ tagType: 'identify', userId: '' }));
    assertApi('logToConsole').wasCalled();
setup: |-
  const copyFromWindow = require('copyFromWindow');
  const getType = require('getType');

  const SGTM = 'https://sgtm.example.com';
  const TRACKER = SGTM + '/p/pipes.js';
  const tag = {
    tagType: 'page',
    serverUrl: SGTM,
    scriptPath: '/p/pipes.js',
    collectPath: '/p/collect',
    consentMode: 'ignore',
    honourGpc: true,
    honourDnt: true,
    allowQuery: ['utm_*'],
    pluginPageviews: false,
    pluginLinks: false,
    pluginForms: false,
    pluginEngagement: false,
    cookieName: 'pipes',
    cookieDomain: 'auto',
    cookieDays: '365',
    batchSize: '50',
    flushInterval: '2000',
    debug: false,
  };
  const CONFIG = {
    endpoint: SGTM + '/p/collect',
    consent: 'none',
    gpc: true,
    dnt: true,
    allowQuery: ['utm_*'],
    debug: false,
    cookieName: 'pipes',
    cookieDomain: 'auto',
    cookieDays: 365,
    batchSize: 50,
    flushInterval: 2000,
  };
  function withTag(changes) {
    const out = {};
    for (const key in tag)
      out[key] = tag[key];
    for (const key in changes)
      out[key] = changes[key];
    return out;
  }
  function withConfig(changes) {
    const out = {};
    for (const key in CONFIG)
      out[key] = CONFIG[key];
    for (const key in changes)
      out[key] = changes[key];
    return out;
  }
  function queued() {
    const calls = (copyFromWindow('pipes.q') || []);
    return calls.map((call) => {
      const args = [];
      for (let i = 0; getType(call[i]) !== 'undefined'; i++)
        args.push(call[i]);
      return args;
    });
  }
  let injected = [];
  let pendingLoads = [];
  function scriptsLoad(outcome) {
    mock('injectScript', (url, onSuccess, onFailure, cacheToken) => {
      injected.push([url, cacheToken]);
      if (outcome === 'now')
        onSuccess();
      else if (outcome === 'later')
        pendingLoads.push(onSuccess);
      else
        onFailure();
    });
  }
  scriptsLoad('now');
  let consentListeners = [];
  function analyticsStorage(granted) {
    mock('isConsentGranted', (consentType) => consentType === 'analytics_storage' && granted);
    mock('addConsentListener', (consentType, listener) => {
      assertThat(consentType).isEqualTo('analytics_storage');
      consentListeners.push(listener);
    });
  }
  function changeConsent(granted) {
    consentListeners.forEach((listener) => listener('analytics_storage', granted));
  }


___NOTES___

Pipes web tag. Loads the Pipes tracker first-party from your server-side GTM domain and queues commands for it through window.pipes. Built from TypeScript (gtm-web-template/ in the Pipes repository); do not edit by hand.



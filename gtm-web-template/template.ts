// The Pipes web tag: its form, permissions and notes. The code is in sandbox/.
import { defineTemplate } from '../tools/gtm/define/types.ts';

const PATH = '^/[^?#\\s]*$';
const WHOLE_NUMBER = '^[1-9][0-9]*$';

export default defineTemplate({
  info: {
    type: 'TAG',
    context: 'WEB',
    displayName: 'Pipes',
    description:
      'Sends page views, events, logins and opt-outs to the Pipes tracker, loaded first-party from your server-side ' +
      'GTM domain, which stores them anonymized in your own Cloud Storage bucket for machine learning.',
    categories: ['ANALYTICS'],
    brand: { id: 'brand_dummy', displayName: 'Pipes' },
  },
  parameters: [
    {
      type: 'SELECT',
      name: 'tagType',
      displayName: 'Tag type',
      macrosInSelect: false,
      selectItems: [
        { value: 'page', displayValue: 'Page view' },
        { value: 'track', displayValue: 'Track event' },
        { value: 'identify', displayValue: 'Identify (login)' },
        { value: 'reset', displayValue: 'Reset (logout)' },
        { value: 'optOut', displayValue: 'Opt out' },
        { value: 'optIn', displayValue: 'Opt in' },
        { value: 'load', displayValue: 'Load the tracker only (no event)' },
      ],
      defaultValue: 'page',
      alwaysInSummary: true,
      help:
        'Every Pipes tag loads the tracker if no Pipes tag did so yet on this page, then sends its own command. ' +
        'Choose <b>Load the tracker only</b> for a tag on All Pages when the page-views plugin below sends page views.',
    },
    {
      type: 'TEXT',
      name: 'pageName',
      displayName: 'Page name (optional)',
      valueHint: 'e.g. {{Page Path}} or Checkout',
      help: 'Stored as properties.name of the page view.',
      enablingConditions: [{ paramName: 'tagType', paramValue: 'page', type: 'EQUALS' }],
    },
    {
      type: 'TEXT',
      name: 'eventName',
      displayName: 'Event name',
      valueHint: 'e.g. signup or {{Event}}',
      alwaysInSummary: true,
      enablingConditions: [{ paramName: 'tagType', paramValue: 'track', type: 'EQUALS' }],
      valueValidators: [{ type: 'NON_EMPTY' }, { type: 'STRING_LENGTH', args: [1, 128] }],
    },
    {
      type: 'TEXT',
      name: 'userId',
      displayName: 'User id',
      valueHint: 'e.g. {{DLV - user_id}}',
      help:
        'Your own id of the logged-in user, from a variable. Never an e-mail address or a name: the server ' +
        'pseudonymizes the id, but it cannot make personal data anonymous. When the variable is empty the tag fails ' +
        'and sends nothing.',
      enablingConditions: [{ paramName: 'tagType', paramValue: 'identify', type: 'EQUALS' }],
      valueValidators: [{ type: 'NON_EMPTY' }],
    },
    {
      type: 'SIMPLE_TABLE',
      name: 'properties',
      displayName: 'Properties (traits for Identify)',
      help:
        'Each row becomes one property of the event; values may be GTM variables of any type. Leave out personal ' +
        'data such as names and e-mail addresses.',
      enablingConditions: [
        { paramName: 'tagType', paramValue: 'page', type: 'EQUALS' },
        { paramName: 'tagType', paramValue: 'track', type: 'EQUALS' },
        { paramName: 'tagType', paramValue: 'identify', type: 'EQUALS' },
      ],
      simpleTableColumns: [
        { type: 'TEXT', name: 'name', displayName: 'Name', isUnique: true, valueHint: 'plan', valueValidators: [{ type: 'NON_EMPTY' }] },
        { type: 'TEXT', name: 'value', displayName: 'Value', valueHint: '{{DLV - plan}}' },
      ],
      newRowButtonText: 'Add property',
    },
    {
      type: 'LABEL',
      name: 'optOutNote',
      displayName:
        'Stops all collection in this browser (a first-party cookie) and deletes the ids and queued events. Fire it ' +
        'from a Click trigger on your opt-out link, and do not make it wait for consent.',
      enablingConditions: [{ paramName: 'tagType', paramValue: 'optOut', type: 'EQUALS' }],
    },
    {
      type: 'GROUP',
      name: 'settingsGroup',
      displayName: 'Pipes settings',
      groupStyle: 'ZIPPY_OPEN',
      subParams: [
        {
          type: 'LABEL',
          name: 'settingsNote',
          displayName:
            'The first Pipes tag that fires on a page loads the tracker with its settings; later Pipes tags only send ' +
            'their command. Keep the settings the same in every Pipes tag: copy the tag, or use Constant variables.',
        },
        {
          type: 'TEXT',
          name: 'serverUrl',
          displayName: 'Server-side GTM URL',
          valueHint: 'https://sgtm.example.com',
          alwaysInSummary: true,
          help:
            'The https origin of your server container, without a path. <b>http://localhost</b> and ' +
            '<b>http://127.0.0.1</b> work for local tests.',
          valueValidators: [{ type: 'NON_EMPTY' }],
        },
        {
          type: 'TEXT',
          name: 'scriptPath',
          displayName: 'Tracker script path',
          defaultValue: '/p/pipes.js',
          help:
            'Where the Pipes client serves the tracker: its path prefix and file name. Plugins load from the same ' +
            'folder (pipes-pageviews.js and so on).',
          valueValidators: [{ type: 'NON_EMPTY' }, { type: 'REGEX', args: [PATH], errorMessage: 'Write a path such as /p/pipes.js.' }],
        },
        {
          type: 'TEXT',
          name: 'collectPath',
          displayName: 'Collect path',
          defaultValue: '/p/collect',
          help: 'The Pipes client\'s path prefix followed by /collect.',
          valueValidators: [{ type: 'NON_EMPTY' }, { type: 'REGEX', args: [PATH], errorMessage: 'Write a path such as /p/collect.' }],
        },
        {
          type: 'RADIO',
          name: 'consentMode',
          displayName: 'Consent (analytics_storage)',
          radioItems: [
            { value: 'wait', displayValue: 'Wait: keep events in the page until analytics_storage is granted' },
            { value: 'cookieless', displayValue: 'Cookieless: send events without any id until analytics_storage is granted' },
            { value: 'ignore', displayValue: 'Ignore consent mode (your site decides whether Pipes tags fire)' },
          ],
          defaultValue: 'wait',
          help:
            'Follows GTM consent mode: granted now or later starts full collection; withdrawn consent deletes the ids ' +
            'and every queued event. Without a consent default, GTM counts analytics_storage as granted.',
        },
        { type: 'CHECKBOX', name: 'honourGpc', checkboxText: 'Honour Global Privacy Control (no collection when it is on)', defaultValue: true },
        { type: 'CHECKBOX', name: 'honourDnt', checkboxText: 'Honour Do Not Track', defaultValue: true },
        {
          type: 'TEXT',
          name: 'allowQuery',
          displayName: 'Query parameters kept in URLs',
          lineCount: 3,
          textAsList: true,
          defaultValue: 'utm_*',
          help: 'One name per line; a trailing * matches a prefix. Every other query parameter, and every fragment, is removed in the browser.',
        },
        {
          type: 'GROUP',
          name: 'pluginsGroup',
          displayName: 'Automatic tracking',
          groupStyle: 'NO_ZIPPY',
          subParams: [
            { type: 'CHECKBOX', name: 'pluginPageviews', checkboxText: 'Page views, including route changes of single-page apps', defaultValue: false },
            { type: 'CHECKBOX', name: 'pluginLinks', checkboxText: 'Link clicks', defaultValue: false },
            { type: 'CHECKBOX', name: 'pluginForms', checkboxText: 'Form submissions (field names and types, never values)', defaultValue: false },
            { type: 'CHECKBOX', name: 'pluginEngagement', checkboxText: 'Engagement: active time and scroll depth', defaultValue: false },
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
              name: 'cookieName',
              displayName: 'Cookie name prefix',
              defaultValue: 'pipes',
              help: 'Cookies PREFIX_id, PREFIX_ses and PREFIX_optout. Must match the Pipes client\'s cookie name prefix.',
              valueValidators: [{ type: 'REGEX', args: ['^[A-Za-z0-9_-]+$'], errorMessage: 'Use letters, digits, _ and - only.' }],
            },
            {
              type: 'TEXT',
              name: 'cookieDomain',
              displayName: 'Cookie domain',
              defaultValue: 'auto',
              help: '<b>auto</b>: your registrable domain (example.com), shared with the sGTM subdomain; <b>none</b>: this host only; or a domain.',
            },
            {
              type: 'TEXT',
              name: 'cookieDays',
              displayName: 'Cookie lifetime',
              valueUnit: 'days',
              defaultValue: 365,
              valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of days.' }],
            },
          ],
        },
        {
          type: 'GROUP',
          name: 'batchingGroup',
          displayName: 'Batching',
          groupStyle: 'ZIPPY_CLOSED',
          subParams: [
            {
              type: 'TEXT',
              name: 'batchSize',
              displayName: 'Events per request (at most)',
              defaultValue: 50,
              valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number.' }],
            },
            {
              type: 'TEXT',
              name: 'flushInterval',
              displayName: 'Longest wait before sending',
              valueUnit: 'ms',
              defaultValue: 2000,
              help: 'Everything queued is also sent when the visitor leaves the page.',
              valueValidators: [{ type: 'REGEX', args: [WHOLE_NUMBER], errorMessage: 'Write a whole number of milliseconds.' }],
            },
          ],
        },
        {
          type: 'CHECKBOX',
          name: 'debug',
          checkboxText: 'Debug logging: the tag in GTM preview, the tracker in the browser console',
          defaultValue: false,
        },
      ],
    },
  ],
  permissions: {
    access_consent: { consentTypes: [{ consentType: 'analytics_storage', read: true, write: false }] },
    // createArgumentsQueue('pipes', 'pipes.q'): both keys read and written; `pipes` is also called.
    access_globals: {
      keys: [
        { key: 'pipes', read: true, write: true, execute: true },
        { key: 'pipes.q', read: true, write: true, execute: false },
      ],
    },
    // The sGTM domain is the user's, so no exact pattern can be written here: any https host (the code only loads
    // <sGTM URL><script path> and the plugins beside it), plus local test servers. See README "Permissions".
    inject_script: { urls: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'] },
    logging: { environments: 'debug' },
  },
  notes:
    'Pipes web tag. Loads the Pipes tracker first-party from your server-side GTM domain and queues commands for it ' +
    'through window.pipes. Built from TypeScript (gtm-web-template/ in the Pipes repository); do not edit by hand.',
});

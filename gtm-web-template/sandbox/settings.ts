// The settings group: where the tracker and its plugins load from, and the configuration of pipes('init', …).
const getType = require('getType');
const makeInteger = require('makeInteger');
const makeString = require('makeString');
const parseUrl = require('parseUrl');

export interface Settings {
  trackerUrl: string;
  pluginUrls: string[];
  /** the tracker's Config (tracker/dist/pipes.d.ts); fields left empty in the form keep the tracker's defaults */
  config: { [field: string]: unknown };
}

/** The settings of this tag, or what is wrong with them. */
export function readSettings(): Settings | string {
  const origin = serverOrigin(data.serverUrl);
  if (!origin) {
    return (
      'The server-side GTM URL "' + text(data.serverUrl) + '" is not an https origin: write one such as ' +
      'https://sgtm.example.com, without a path (http only for localhost and 127.0.0.1).'
    );
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
function serverOrigin(value: unknown): string | undefined {
  let url = text(value);
  if (url.indexOf('://') < 0) url = 'https://' + url;
  const parsed = parseUrl(url);
  if (!parsed || parsed.username || parsed.search || parsed.hash || (parsed.pathname !== '/' && parsed.pathname !== '')) return undefined;
  const local = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
  if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) return undefined;
  return parsed.origin;
}

function enabledPlugins(): string[] {
  const plugins: string[] = [];
  if (data.pluginPageviews) plugins.push('pageviews');
  if (data.pluginLinks) plugins.push('links');
  if (data.pluginForms) plugins.push('forms');
  if (data.pluginEngagement) plugins.push('engagement');
  return plugins;
}

function trackerConfig(endpoint: string): { [field: string]: unknown } {
  const config: { [field: string]: unknown } = {
    endpoint: endpoint,
    consent: data.consentMode === 'ignore' ? 'none' : data.consentMode,
    gpc: data.honourGpc,
    dnt: data.honourDnt,
    allowQuery: (data.allowQuery || []).map(text).filter((name) => name !== ''),
    debug: data.debug,
  };
  const cookieName = text(data.cookieName);
  if (cookieName) config.cookieName = cookieName;
  const cookieDomain = text(data.cookieDomain);
  // GTM's own word for a host-only cookie is 'none'; the tracker's is ''.
  if (cookieDomain) config.cookieDomain = cookieDomain === 'none' ? '' : cookieDomain;
  setPositive(config, 'cookieDays', data.cookieDays);
  setPositive(config, 'batchSize', data.batchSize);
  setPositive(config, 'flushInterval', data.flushInterval);
  return config;
}

function setPositive(config: { [field: string]: unknown }, field: string, value: unknown): void {
  const number = makeInteger(value);
  if (number > 0) config[field] = number;
}

/** A field's value as trimmed text: '' for an empty field or an undefined variable. */
export function text(value: unknown): string {
  const type = getType(value);
  return type === 'undefined' || type === 'null' ? '' : makeString(value).trim();
}

// Serves the tracker first-party, from this server's own domain: no third-party CDN for ad blockers to match, and
// the same origin as the collect path. Browsers cache it for the configured time, then revalidate with its ETag.
// The tracker and its plugins, embedded when the template is built: rebuild the template after rebuilding the tracker.
import core from '../../tracker/dist/pipes.js?text';
import engagement from '../../tracker/dist/pipes-engagement.js?text';
import forms from '../../tracker/dist/pipes-forms.js?text';
import links from '../../tracker/dist/pipes-links.js?text';
import pageviews from '../../tracker/dist/pipes-pageviews.js?text';
const getRequestHeader = require('getRequestHeader');
const getRequestMethod = require('getRequestMethod');
const returnResponse = require('returnResponse');
const setResponseBody = require('setResponseBody');
const setResponseHeader = require('setResponseHeader');
const setResponseStatus = require('setResponseStatus');
const sha256Sync = require('sha256Sync');

/**
 * The script served at a request path, if any: the tracker at its configured path, and each plugin beside it as
 * pipes-<name>.js, where the web tag looks for it.
 */
export function scriptAt(path: string, trackerPath: string): string | undefined {
  if (path === trackerPath) return core;
  const folder = trackerPath.substring(0, trackerPath.lastIndexOf('/') + 1);
  const plugins: { [file: string]: string } = {
    'pipes-engagement.js': engagement,
    'pipes-forms.js': forms,
    'pipes-links.js': links,
    'pipes-pageviews.js': pageviews,
  };
  const file = path.substring(folder.length);
  return path.indexOf(folder) === 0 && plugins.hasOwnProperty(file) ? plugins[file] : undefined;
}

/** Strong ETag from the content, so every server instance gives the same one. */
function entityTag(source: string): string {
  return '"' + sha256Sync(source, { outputEncoding: 'hex' }).substring(0, 32) + '"';
}

/** Whether an If-None-Match header (one tag, a list, weak tags, or *) names this version. */
function alreadyCached(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().split('W/').join('') === etag);
}

export function serveScript(source: string, cacheSeconds: number): void {
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
  } else {
    setResponseStatus(200);
    setResponseHeader('content-type', 'text/javascript; charset=utf-8');
    setResponseHeader('x-content-type-options', 'nosniff');
    if (method === 'GET') setResponseBody(source);
  }
  returnResponse();
}

// Serves the tracker first-party, from this server's own domain: no third-party CDN for ad blockers to match, and
// the same origin as the collect path. Browsers cache it for the configured time, then revalidate with its ETag.
// The tracker bundle, embedded when the template is built: rebuild the template after rebuilding the tracker.
import source from '../../tracker/dist/pipes.js?text';
const getRequestHeader = require('getRequestHeader');
const getRequestMethod = require('getRequestMethod');
const returnResponse = require('returnResponse');
const setResponseBody = require('setResponseBody');
const setResponseHeader = require('setResponseHeader');
const setResponseStatus = require('setResponseStatus');
const sha256Sync = require('sha256Sync');

/** Strong ETag from the content, so every server instance gives the same one. */
function entityTag(): string {
  return '"' + sha256Sync(source, { outputEncoding: 'hex' }).substring(0, 32) + '"';
}

/** Whether an If-None-Match header (one tag, a list, weak tags, or *) names this version. */
function alreadyCached(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().split('W/').join('') === etag);
}

export function serveScript(cacheSeconds: number): void {
  const method = getRequestMethod();
  if (method !== 'GET' && method !== 'HEAD') {
    setResponseStatus(405);
    setResponseHeader('allow', 'GET, HEAD');
    returnResponse();
    return;
  }
  const etag = entityTag();
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

// Hands stored events to the rest of the server container as common event data, so that GA4 and other server tags
// can use them. Only the anonymized row is handed over: the tags see what the bucket sees.
import { isObject, type JsonObject } from './validate.ts';
const Promise = require('Promise');
const runContainer = require('runContainer');

function hostnameOf(url: string): string | undefined {
  const start = url.indexOf('://');
  return start === -1 ? undefined : url.substring(start + 3).split('/')[0].split('?')[0].split(':')[0];
}

function sizeText(size: unknown): string | undefined {
  return isObject(size) ? size.width + 'x' + size.height : undefined;
}

/** Google's common event data names where one exists; the rest under x-pipes-*; properties as event parameters. */
export function commonEventData(row: JsonObject): JsonObject {
  const context = row.context as JsonObject;
  const page = context.page as JsonObject;
  const event: JsonObject = {
    event_name: row.event,
    client_id: row.anonymous_id === null ? undefined : row.anonymous_id,
    user_id: row.user_id,
    ip_override: row.ip,
    language: context.locale,
    page_location: page.url,
    page_hostname: hostnameOf(page.url as string),
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
    if (event[key] === undefined) delete event[key];
  }
  const properties = row.properties as JsonObject;
  for (const key of Object.keys(properties)) {
    if (reserved.indexOf(key) === -1) event[key] = properties[key];
  }
  return event;
}

/**
 * Runs the container once per row; resolves when every run completed (its tags fired). `resolve` itself is the
 * onComplete callback (it gets bindToEvent, unused): a callback of our own would be one more entry into sandbox
 * code per event.
 */
export function runContainerFor(rows: JsonObject[]): GtmPromise<unknown> {
  return Promise.all(rows.map((row) => Promise.create<unknown>((resolve) => runContainer(commonEventData(row), resolve))));
}

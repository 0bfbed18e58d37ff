// Measurement Protocol requests (isRequestMpv1/2, extractEventsFromMpv1/2), kept modest: the GA4 web protocol
// (`/g/collect?v=2&…`, events in the query or one per line of the body) and Universal Analytics hits
// (`/collect?v=1&…`, `/batch`), turned into common event data with the parameters most tags read. Parameters this
// module does not know are left out. [UNVERIFIED: GTM's full mapping is not published; the names below are the
// common event data fields of the server-side docs (event_name, client_id, page_location, …, ip_override,
// user_agent) and the x-ga-* names GA4 clients are seen to produce.]
import { headerValue, remoteAddress, type ContainerRequest } from './request.ts';

export type EventData = Record<string, unknown>;

const isVersion = (query: URLSearchParams, version: string): boolean => query.get('v') === version;

/** A GA4 request: `…/g/collect` with v=2. */
export function isMpv2(request: ContainerRequest, path: string): boolean {
  return /\/g\/collect$/.test(path) && isVersion(new URLSearchParams(request.queryString), '2');
}

/** A Universal Analytics hit: `/collect`, `/j/collect`, `/r/collect` or `/batch` with v=1 (in the query or the body). */
export function isMpv1(request: ContainerRequest, path: string): boolean {
  if (!/(^|\/)([jr]\/)?collect$|(^|\/)batch$/.test(path)) return false;
  return mpv1Hits(request, path).some((hit) => isVersion(hit, '1'));
}

const MPV2_FIELDS: Readonly<Record<string, string>> = {
  v: 'x-ga-protocol_version',
  tid: 'x-ga-measurement_id',
  gtm: 'x-ga-gtm_version',
  _p: 'x-ga-page_id',
  cid: 'client_id',
  uid: 'user_id',
  en: 'event_name',
  dl: 'page_location',
  dr: 'page_referrer',
  dt: 'page_title',
  ul: 'language',
  sr: 'screen_resolution',
  seg: 'x-ga-mp2-seg',
  gcs: 'x-ga-gcs',
  cu: 'currency',
};
const MPV2_NUMBERS: Readonly<Record<string, string>> = { sid: 'ga_session_id', sct: 'ga_session_number', _et: 'engagement_time_msec' };

/** The events of a GA4 request: the query's parameters, overridden by each body line's when the body has lines. */
export function mpv2Events(request: ContainerRequest): EventData[] {
  const shared = new URLSearchParams(request.queryString);
  const lines = (request.body ?? '').split('\n').filter((line) => line.trim() !== '');
  const perEvent = lines.length > 0 ? lines.map((line) => new URLSearchParams(line)) : [new URLSearchParams()];
  return perEvent.map((own) => {
    const event: EventData = {};
    const userProperties: EventData = {};
    for (const params of [shared, own]) {
      for (const [key, value] of params) {
        if (Object.hasOwn(MPV2_FIELDS, key)) event[MPV2_FIELDS[key]!] = value;
        else if (Object.hasOwn(MPV2_NUMBERS, key)) event[MPV2_NUMBERS[key]!] = Number(value);
        else if (key.startsWith('ep.')) event[key.slice(3)] = value;
        else if (key.startsWith('epn.')) event[key.slice(4)] = Number(value);
        else if (key.startsWith('up.')) userProperties[key.slice(3)] = value;
        else if (key.startsWith('upn.')) userProperties[key.slice(4)] = Number(value);
      }
    }
    if (Object.keys(userProperties).length > 0) event['x-ga-mp2-user_properties'] = userProperties;
    return withRequestFields(request, event);
  });
}

const MPV1_FIELDS: Readonly<Record<string, string>> = {
  v: 'x-ga-protocol_version',
  tid: 'x-ga-measurement_id',
  cid: 'client_id',
  uid: 'user_id',
  dl: 'page_location',
  dr: 'page_referrer',
  dt: 'page_title',
  dp: 'page_path',
  dh: 'page_hostname',
  ul: 'language',
  sr: 'screen_resolution',
  ec: 'event_category',
  ea: 'event_action',
  el: 'event_label',
  cu: 'currency',
};

/** The events of a Universal Analytics request: one per hit, named page_view for pageviews and by `t` otherwise. */
export function mpv1Events(request: ContainerRequest, path: string): EventData[] {
  return mpv1Hits(request, path).map((hit) => {
    const event: EventData = {};
    for (const [key, value] of hit) if (Object.hasOwn(MPV1_FIELDS, key)) event[MPV1_FIELDS[key]!] = value;
    const type = hit.get('t') ?? 'pageview';
    event['event_name'] = type === 'pageview' ? 'page_view' : type;
    if (hit.has('ev')) event['value'] = Number(hit.get('ev'));
    return withRequestFields(request, event);
  });
}

/** A v1 request's hits: the body's lines for /batch, else the query merged with a form body. */
function mpv1Hits(request: ContainerRequest, path: string): URLSearchParams[] {
  const lines = (request.body ?? '').split('\n').filter((line) => line.trim() !== '');
  if (/(^|\/)batch$/.test(path)) return lines.map((line) => new URLSearchParams(line));
  const hit = new URLSearchParams(request.queryString);
  for (const [key, value] of new URLSearchParams(lines.join('&'))) hit.set(key, value);
  return [hit];
}

/** The fields every extracted event gets from the request itself. */
function withRequestFields(request: ContainerRequest, event: EventData): EventData {
  const userAgent = headerValue(request, 'user-agent');
  return { ...event, ip_override: remoteAddress(request), ...(userAgent === undefined ? {} : { user_agent: userAgent }) };
}

// Building events: what an event says about the page, with URLs reduced before anything leaves the browser.
import { cfg, VERSION } from './config.ts';
import type { Props, WireEvent } from './types.ts';
import { iso, uuid } from './util.ts';

const allowed = (name: string): boolean =>
  cfg.allowQuery.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name == p));

/** The URL without fragment, credentials and query parameters outside the allowlist; only the scheme of non-web URLs (mailto:, tel:). */
export function clean(url: string | null): string {
  if (!url) return '';
  try {
    const u = new URL(url, location.href);
    if (!/^https?:$/.test(u.protocol)) return u.protocol;
    const kept = new URLSearchParams();
    u.searchParams.forEach((value, name) => allowed(name) && kept.append(name, value));
    u.search = '' + kept;
    u.hash = u.username = u.password = '';
    return u.href.slice(0, 2048);
  } catch {
    return '';
  }
}

let zone = '';
/**
 * The IANA time zone. A page's first Intl call costs milliseconds (ICU loads its data), so it is made when the
 * browser is idle or, at the latest, when the first batch is serialized: never inside a track() call.
 */
export const timeZone = (): string => (zone ||= Intl.DateTimeFormat().resolvedOptions().timeZone);

/**
 * An event without identifiers: those are added when it is queued, which consent may delay. Strings are cut to the
 * lengths the collector accepts (schema/wire-event.v1.schema.json), so that one long title cannot get an event refused.
 */
export function makeEvent(type: WireEvent['type'], event: string, properties: Props): WireEvent {
  return {
    event_id: uuid(),
    type,
    event: event.slice(0, 128),
    ts: iso(),
    anonymous_id: null,
    session_id: null,
    user_id: undefined,
    properties,
    context: {
      page: {
        url: clean(location.href),
        path: location.pathname.slice(0, 2048),
        referrer: clean(document.referrer),
        title: document.title.slice(0, 1024),
      },
      screen: { width: screen.width, height: screen.height },
      viewport: { width: innerWidth, height: innerHeight },
      locale: navigator.language,
      timezone: zone,
      library: { name: 'pipes.js', version: VERSION },
      consent: 'none',
    },
  };
}

export function linkProps(link: Element): Props {
  const href = clean(link.getAttribute('href'));
  return { href, outbound: !href.startsWith(location.origin + '/') };
}

/**
 * Field names and types only, never values. Attributes are read with getAttribute because a field named
 * "action", "id" or "name" shadows the form's own properties.
 */
export function formProps(form: HTMLFormElement): Props {
  const fields: { name: string; type: string }[] = [];
  const seen: Record<string, 1> = {};
  form.querySelectorAll<HTMLInputElement>('input,select,textarea').forEach(({ name, type }) => {
    if (name && !seen[name] && !/^(submit|button|reset|image)$/.test(type)) {
      seen[name] = 1;
      fields.push({ name, type });
    }
  });
  return {
    form_id: form.getAttribute('id') || undefined,
    form_name: form.getAttribute('name') || undefined,
    action: clean(form.getAttribute('action') || location.href),
    fields,
  };
}

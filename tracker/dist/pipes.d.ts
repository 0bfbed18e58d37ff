/** Event properties and identify traits: any JSON object. Never put personal data here. */
export type Props = Record<string, unknown>;
/** What `trackLink` and `trackForm` listen on: an element, `document` (every link or form), a list, or a CSS selector. */
export type Target = Element | Document | ArrayLike<Element> | string;
/**
 * How events wait for consent.
 * - `none`: no consent gate (the site decides whether the tracker runs at all).
 * - `wait`: events stay in memory until `consent('granted')`, and are dropped on `consent('denied')`.
 * - `cookieless`: events are sent without anonymous id, session id or user id, and nothing is stored in the browser,
 *   until `consent('granted')`.
 */
export type ConsentMode = 'none' | 'wait' | 'cookieless';
export interface Config {
    /** The collect URL on the site's server-side GTM domain, e.g. `https://sgtm.example.com/p/collect`. */
    endpoint: string;
    /** Prefix of the cookies and storage keys: `<name>_id`, `<name>_ses`, `<name>_optout`, `<name>_uid`, `<name>_q.*`. Default `pipes`. */
    cookieName: string;
    /** `auto` (the registrable domain, e.g. `example.com` from `www.example.com`), `''` (this host only) or a domain. */
    cookieDomain: string;
    /** Lifetime of the anonymous id and opt-out cookies, in days. Default 365 (browsers cap script cookies, e.g. 400 days in Chrome). */
    cookieDays: number;
    /** A session ends after this many minutes without events. Default 30. */
    sessionMinutes: number;
    /** A batch is sent when it holds this many events. Default 50. */
    batchSize: number;
    /** A batch is sent before it grows past this many bytes of events; at most 60000 so every request fits a 64 KB keepalive/beacon. Default 32000. */
    batchBytes: number;
    /** A batch is sent at the latest this many milliseconds after its first event. Default 2000. */
    flushInterval: number;
    /** The unsent queue kept in localStorage holds at most this many events; the oldest batches go first. Default 1000. */
    maxQueueEvents: number;
    /** … and at most this many bytes of events. Default 500000. */
    maxQueueBytes: number;
    /** First retry delay in milliseconds; it doubles on each failure, with jitter. Default 1000. */
    retryBase: number;
    /** Longest retry delay in milliseconds (a server's Retry-After is honoured even when longer). Default 120000. */
    retryMax: number;
    /** Query parameters kept in page and referrer URLs; a trailing `*` matches a prefix. Default `['utm_*']`. Fragments are always dropped. */
    allowQuery: string[];
    /** See {@link ConsentMode}. Default `none`. */
    consent: ConsentMode;
    /** Honour the browser's Global Privacy Control signal as an opt-out. Default true. */
    gpc: boolean;
    /** Honour Do Not Track as an opt-out. Default true. */
    dnt: boolean;
    /** Log every event and request result to the console. Default false. */
    debug: boolean;
}
/** A plugin: called once with the tracker and its configuration when registered with `pipes('use', name, plugin)`. */
export type Plugin = (pipes: Pipes, config: Readonly<Config>) => void;
/** The commands, callable as `pipes('track', …)` (always, even before the script loads) or `pipes.track(…)` (once loaded). */
export interface PipesApi {
    /** Configure the tracker; queued `init` calls apply before any other queued call. */
    init(config: Partial<Config>): void;
    /** A page view (`type: 'page'`, `event: 'page_view'`); `name` goes to `properties.name`. */
    page(name?: string | Props, props?: Props): void;
    /** A screen view (`type: 'screen'`, `event: 'screen_view'`); `name` goes to `properties.name`. */
    screen(name: string, props?: Props): void;
    /** A custom event (`type: 'track'`). */
    track(event: string, props?: Props): void;
    /** Stitch the anonymous id to your user id (sent as `user_id` on this and later events until `reset`); the traits become the event's properties. */
    identify(userId: string, traits?: Props): void;
    /** Alias of `identify`, kept from the original Pipes API. */
    identity(userId: string, traits?: Props): void;
    /** Track clicks on links inside the target (`event` = `name` or `link_click`; properties `href` with the query reduced, `outbound`). Never delays navigation. */
    trackLink(target: Target, name?: string, props?: Props): void;
    /** Track form submissions inside the target (`event` = `name` or `form_submit`); records field names and types, never values. */
    trackForm(target: Target, name?: string, props?: Props): void;
    /** Opt this browser out: persists in a cookie, deletes identifiers and queued events, tells the server with one empty request (it expires its HttpOnly id copy), then stops all requests until `optIn`. */
    optOut(): void;
    /** Alias of `optOut`, kept from the original Pipes API. */
    disable(): void;
    /** Undo `optOut` (Global Privacy Control and Do Not Track still apply while honoured). */
    optIn(): void;
    /** True while nothing is collected: opted out, or GPC/DNT honoured. */
    isOptedOut(): boolean;
    /** Logout: a new anonymous id and session on the next event, and no user id. */
    reset(): void;
    /** Send queued events now (and retry failed batches without waiting for the back-off). */
    flush(): void;
    /** The visitor's consent, driven by the site or the GTM web tag; see {@link ConsentMode}. */
    consent(state: 'granted' | 'denied'): void;
    /** Register a plugin once under a name. */
    use(name: string, plugin: Plugin): void;
}
type Command = keyof PipesApi;
/** `window.pipes`: a function taking a command and its arguments (or a callback run once the script has loaded), plus the commands as methods. */
export interface Pipes extends PipesApi {
    <C extends Command>(command: C, ...args: Parameters<PipesApi[C]>): ReturnType<PipesApi[C]> | void;
    (ready: (pipes: Pipes) => void): void;
    /** Calls queued before the script loaded (each an `arguments` object or array). */
    q?: ArrayLike<unknown>[];
    /** The tracker's version, set once the script has loaded. */
    v?: string;
}
/** One event on the wire (format v1). */
export interface WireEvent {
    event_id: string;
    type: 'page' | 'screen' | 'track' | 'identify';
    event: string;
    /** ISO 8601 time at which the event happened in the browser. */
    ts: string;
    /** Null while consent mode `cookieless` has no consent. */
    anonymous_id: string | null;
    session_id: string | null;
    user_id?: string;
    properties: Props;
    context: {
        /** URLs without fragment and with only allow-listed query parameters. */
        page: {
            url: string;
            path: string;
            referrer: string;
            title: string;
        };
        screen: {
            width: number;
            height: number;
        };
        viewport: {
            width: number;
            height: number;
        };
        locale: string;
        timezone: string;
        library: {
            name: 'pipes.js';
            version: string;
        };
        /** `none` when no consent mode is configured, otherwise the consent state when the event was queued. */
        consent: 'none' | 'pending' | 'granted' | 'denied';
    };
}
/** The body of `POST <endpoint>` (sent as text/plain), and the value of `e` in the `GET <endpoint>?e=` pixel fallback (one event). */
export interface WireBatch {
    v: 1;
    /** Stable across retries of the same batch, so storage can ignore a batch it already has. */
    batch_id: string;
    /** ISO 8601 time of this attempt. */
    sent_at: string;
    events: WireEvent[];
}
declare global {
    interface Window {
        pipes: Pipes;
    }
    /** The tracker, callable as `pipes(…)` as well as `window.pipes(…)`. */
    var pipes: Pipes;
}
export {};

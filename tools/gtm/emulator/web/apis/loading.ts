// What templates load into the page: scripts, hidden iframes, pixels. Each call is checked against the
// permission's URL patterns; callbacks run after the load ends, as the browser's load and error events do.
// injectScript with a cache token loads a URL once per token: later calls wait for that load, or hear at once how
// it ended. [3P: stape's paraphrase of the API page ("only one script element will be created for this URL",
// callbacks queued until it loads). UNVERIFIED: that the cache is per URL and token, and that a failed cached load
// fails later calls rather than trying again.]
import { expectArg } from '../../api/args.ts';
import { defineApi, type ApiDefinition, type ApiEnvironment } from '../../api/define.ts';
import type { ContainerOf } from '../container.ts';

const WEB = ['WEB'] as const;

/** Runs the callback that matches how `load` ended, as a task of the sandbox (so that its failures are reported). */
function settleWith(env: ApiEnvironment, load: Promise<void>, onSuccess: unknown, onFailure: unknown): void {
  const call = (callback: unknown) => () => {
    if (typeof callback === 'function') env.scheduler.later(() => callback());
  };
  const done = load.then(call(onSuccess), call(onFailure));
  env.scheduler.track(done);
}

export const injectScriptApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'injectScript',
    contexts: WEB,
    permission: (url) => [[url]],
    create: (env) => (url: unknown, onSuccess: unknown, onFailure: unknown, cacheToken: unknown) => {
      expectArg('injectScript', 0, 'url', url, 'string');
      expectArg('injectScript', 1, 'onSuccess', onSuccess, 'function', true);
      expectArg('injectScript', 2, 'onFailure', onFailure, 'function', true);
      expectArg('injectScript', 3, 'cacheToken', cacheToken, 'string', true);
      const { page, scripts } = containerOf(env);
      let load: Promise<void>;
      if (cacheToken === undefined) {
        load = page.load('script', url as string);
      } else {
        const key = JSON.stringify([cacheToken, url]);
        load = scripts.get(key) ?? page.load('script', url as string);
        scripts.set(key, load);
      }
      settleWith(env, load, onSuccess, onFailure);
    },
  });

export const injectHiddenIframeApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'injectHiddenIframe',
    contexts: WEB,
    permission: (url) => [[url]],
    create: (env) => (url: unknown, onSuccess: unknown) => {
      expectArg('injectHiddenIframe', 0, 'url', url, 'string');
      expectArg('injectHiddenIframe', 1, 'onSuccess', onSuccess, 'function', true);
      settleWith(env, containerOf(env).page.load('iframe', url as string), onSuccess, undefined);
    },
  });

/** The browser calls onFailure for any response that is not an image, although the request was sent. */
export const sendPixelApi = (containerOf: ContainerOf): ApiDefinition =>
  defineApi({
    name: 'sendPixel',
    contexts: WEB,
    permission: (url) => [[url]],
    create: (env) => (url: unknown, onSuccess: unknown, onFailure: unknown) => {
      expectArg('sendPixel', 0, 'url', url, 'string');
      expectArg('sendPixel', 1, 'onSuccess', onSuccess, 'function', true);
      expectArg('sendPixel', 2, 'onFailure', onFailure, 'function', true);
      settleWith(env, containerOf(env).page.load('pixel', url as string), onSuccess, onFailure);
    },
  });

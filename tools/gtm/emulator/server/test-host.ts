// The server runtime as the template test runner uses it (runTemplateTests(text, { host: serverTestHost() })), the
// way GTM's template editor runs server templates: no container around the template. Each test sandbox gets its own
// request (a blank GET / unless given), response and message listeners; runContainer fires no tags (its
// callbacks still run); a TAG runs for one event whose data is `event`. Outbound HTTP is real, as the editor's is.
import type { ApiEnvironment, Host } from '../api/define.ts';
import { serverApis } from './apis/index.ts';
import { createRequest, type RequestInit } from './request.ts';
import { ContainerEvent, createServices, Exchange, NO_TAGS, RunScope, type ServerSettings } from './scope.ts';

export interface ServerTestHostOptions extends ServerSettings {
  /** the request the template sees (default: GET /, no headers, no body) */
  request?: RequestInit;
  /** the event data a TAG (or MACRO) runs with (default {}) */
  event?: Record<string, unknown>;
  /** what getClientName returns before a claim, and the claiming client's name (default '') */
  clientName?: string;
}

export function serverTestHost(options: ServerTestHostOptions = {}): Host {
  const services = createServices(options);
  const scopes = new WeakMap<ApiEnvironment, RunScope>();
  const scopeOf = (env: ApiEnvironment): RunScope => {
    let scope = scopes.get(env);
    if (scope) return scope;
    const isClient = env.templateType === 'CLIENT';
    scope = new RunScope({
      exchange: new Exchange(createRequest(options.request ?? { url: '/' })),
      services,
      role: env.templateType,
      clientName: options.clientName ?? '',
      ...(isClient ? {} : { event: new ContainerEvent(options.event ?? {}) }),
      runner: NO_TAGS,
      requireBinding: false,
    });
    scopes.set(env, scope);
    // A test's code runs in one go: the client has returned once the microtasks queued meanwhile run, so a claim from
    // any callback comes too late, as in GTM. The APIs are made at the template's first require of a server API,
    // which GTM templates make at the top of their code; one first required inside a callback is not caught.
    const made = scope;
    queueMicrotask(() => (made.clientReturned = true));
    return scope;
  };
  return { apis: serverApis(scopeOf) };
}

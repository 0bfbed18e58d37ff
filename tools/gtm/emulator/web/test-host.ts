// The web runtime as the template test runner takes it: every sandbox (each test scenario) gets a fresh page and
// container, so that cookies, globals, the data layer and consent set by one scenario do not leak into the next.
import type { ApiEnvironment, Host } from '../api/define.ts';
import { webApiDefinitions } from './apis/index.ts';
import { WebContainer, type WebContainerOptions } from './container.ts';
import { MemoryPage } from './memory-page.ts';
import type { Page } from './page.ts';

export interface WebTestHostOptions {
  /** the page of each scenario (default: a MemoryPage at https://www.example.com/) */
  page?: () => Page;
  container?: WebContainerOptions;
}

export function webTestHost(options: WebTestHostOptions = {}): Host {
  const containers = new WeakMap<ApiEnvironment, WebContainer>();
  const containerOf = (env: ApiEnvironment): WebContainer => {
    let container = containers.get(env);
    if (!container) {
      container = new WebContainer(options.page?.() ?? new MemoryPage(), { containerId: env.containerVersion.containerId, ...options.container });
      containers.set(env, container);
    }
    return container;
  };
  return { apis: webApiDefinitions(containerOf) };
}

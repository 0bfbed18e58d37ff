// The browser bundle's entry (the global PipesGtmWeb): a container over the real page, whose sandboxes run template
// code in an iframe realm. Template code is linted in Node before it reaches the page, so loads skip the linter.
//
//   const container = PipesGtmWeb.start({ containerId: 'GTM-LOCAL', debugMode: true });
//   const sandbox = container.load({ code, permissions, templateType: 'TAG', name: 'my-tag' });
//   const [result] = await container.runTags([{ id: 'my-tag', sandbox, data }]);
import { BrowserPage } from '../browser-page.ts';
import { WebContainer, type WebContainerOptions } from '../container.ts';

export { BrowserPage } from '../browser-page.ts';
export { WebContainer } from '../container.ts';
export { Sandbox } from '../../sandbox.ts';

/** A container on this page; its loads do not lint (the bundle has no linter). */
export function start(options: WebContainerOptions = {}): WebContainer {
  return new WebContainer(new BrowserPage(), { ...options, lint: false });
}

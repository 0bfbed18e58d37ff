// The web runtime of the emulator: web templates' host APIs over a page (docs/emulator.md, "Web runtime").
// Node: MemoryPage (tests set the page up) and webTestHost (the template test runner). Browser: BrowserPage and the
// bundle (build.ts), which runs template code in an iframe realm.
export type { LoadKind, Page, PageStorage } from './page.ts';
export { MemoryPage, type LoadOutcome, type LoadRecord, type MemoryPageOptions } from './memory-page.ts';
export type { SameSite, StoredCookie } from './cookie-jar.ts';
export { BrowserPage } from './browser-page.ts';
export { WebContainer, type ContainerOf, type LoadOptions, type TagResult, type TagRun, type TagStatus, type TemplateCode, type WebContainerOptions } from './container.ts';
export { ConsentState, type ConsentListener, type ConsentValue } from './consent.ts';
export { DataLayerModel } from './data-layer.ts';
export { Policies, type PolicyFunction } from './policies.ts';
export { webApiDefinitions } from './apis/index.ts';
export { webTestHost, type WebTestHostOptions } from './test-host.ts';
export { webTemplateCode } from './template-code.ts';

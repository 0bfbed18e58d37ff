// Shared by the web runtime's tests: a container on a MemoryPage and sandboxes of a few lines of code in it, with
// permissions written as settings (through the toolchain's encoder, as the emulator's own tests do).
import type { TemplateType } from '../../api/define.ts';
import type { Sandbox } from '../../sandbox.ts';
import { section } from '../../test/helpers.ts';
import { WebContainer, type WebContainerOptions } from '../container.ts';
import { MemoryPage, type MemoryPageOptions } from '../memory-page.ts';

export type Settings = Record<string, Record<string, unknown>>;

export interface Setup {
  page?: MemoryPageOptions;
  container?: WebContainerOptions;
}

export function pageWith(setup: Setup = {}): { page: MemoryPage; container: WebContainer } {
  const page = new MemoryPage(setup.page);
  return { page, container: new WebContainer(page, { log: () => undefined, ...setup.container }) };
}

/** A sandbox of `code` in the container, on the virtual clock (asynchronous work runs in `settle`). */
export function sandboxIn(container: WebContainer, code: string, permissions: Settings = {}, templateType: TemplateType = 'MACRO'): Sandbox {
  return container.load({ code, permissions: section('WEB', permissions), templateType, name: 'template' }, { clock: 'virtual' });
}

/** What the code returns, as host data; throws what it throws. */
export function evaluateIn(container: WebContainer, code: string, permissions: Settings = {}): unknown {
  const box = sandboxIn(container, code, permissions);
  const result = box.run({});
  if (result.error !== undefined) throw result.error;
  return box.boundary.copyToHost(result.value);
}

/** The message of the error the code ends with. */
export function failureIn(container: WebContainer, code: string, permissions: Settings = {}): string {
  const { error } = sandboxIn(container, code, permissions).run({});
  const message = (error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') throw new Error(`expected the code to fail, but it ${error === undefined ? 'returned' : `threw ${String(error)}`}`);
  return message;
}

/** Runs the code, then its asynchronous work; returns the sandbox (whose boundary reads values back). */
export async function runToEnd(container: WebContainer, code: string, permissions: Settings = {}, data: Record<string, unknown> = {}): Promise<Sandbox> {
  const box = sandboxIn(container, code, permissions);
  const result = box.run(data);
  if (result.error !== undefined) throw result.error;
  await box.scheduler.settle();
  return box;
}

/** access_globals settings for keys with the given flags ('rwx'). */
export function globals(keys: Record<string, string>): Settings {
  return {
    access_globals: {
      keys: Object.entries(keys).map(([key, flags]) => ({ key, read: flags.includes('r'), write: flags.includes('w'), execute: flags.includes('x') })),
    },
  };
}

/** The page's gtag(), as sites define it: pushes its arguments object to the data layer array. */
export function gtag(dataLayer: unknown): (...args: unknown[]) => void {
  return function (..._args: unknown[]): void {
    (dataLayer as unknown[]).push(arguments);
  };
}

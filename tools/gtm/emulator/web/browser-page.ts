// The page the browser bundle runs on: the real window and document. Loads are the elements GTM adds: an async
// script, a hidden iframe, an image.
import type { LoadKind, Page, PageStorage } from './page.ts';

export class BrowserPage implements Page {
  readonly window: Record<string, unknown>;

  constructor(private readonly win: Window & typeof globalThis = window) {
    this.window = win as unknown as Record<string, unknown>;
  }

  readCookies(): string {
    return this.win.document.cookie;
  }

  writeCookie(cookie: string): void {
    this.win.document.cookie = cookie;
  }

  url(): string {
    return this.win.location.href;
  }

  referrer(): string {
    return this.win.document.referrer;
  }

  title(): string {
    return this.win.document.title;
  }

  characterSet(): string {
    return this.win.document.characterSet;
  }

  localStorage(): PageStorage | undefined {
    try {
      return this.win.localStorage ?? undefined;
    } catch {
      // storage blocked by the browser's settings: reading the property throws
      return undefined;
    }
  }

  load(kind: LoadKind, url: string): Promise<void> {
    const { document } = this.win;
    return new Promise((resolve, reject) => {
      const failed = (): void => reject(new Error(`${kind} ${url} failed to load`));
      if (kind === 'pixel') {
        const image = new this.win.Image(1, 1);
        image.onload = () => resolve();
        image.onerror = failed;
        image.src = url;
        return;
      }
      let element: HTMLScriptElement | HTMLIFrameElement;
      if (kind === 'script') {
        element = document.createElement('script');
        element.async = true;
      } else {
        element = document.createElement('iframe');
        element.setAttribute('aria-hidden', 'true');
        element.style.display = 'none';
        element.width = element.height = '0';
      }
      element.onload = () => resolve();
      element.onerror = failed;
      element.src = url;
      (document.body ?? document.head ?? document.documentElement).appendChild(element);
    });
  }
}

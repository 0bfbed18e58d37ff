// The demo shop's web server (Fastify): its pages, its own script and styles, the container script at /gtm.js
// where GTM's would be, and whatever plugins the stack registers beside it (the event inspector).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { transpileTypeScript } from '../transpile.ts';
import * as pages from './pages.ts';

export interface DemoSiteOptions {
  /** 0 (the default) picks a free port */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** the GTM container script the pages load from /gtm.js; asked for once, when first requested */
  containerScript: () => Promise<string>;
  /** more routes on the same origin, e.g. the event inspector under its prefix */
  extend?: (app: FastifyInstance) => void;
}

export interface DemoSite {
  /** http://localhost:PORT: the site and the sGTM must share the host name for their cookies to be first-party */
  url: string;
  port: number;
  close(): Promise<void>;
}

const BROWSER = join(import.meta.dirname, 'browser');
const HTML = 'text/html; charset=utf-8';

export async function startDemoSite(options: DemoSiteOptions): Promise<DemoSite> {
  const app = demoApp(options);
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { url: `http://localhost:${port}`, port, close: () => app.close() };
}

function demoApp(options: DemoSiteOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  const siteScript = transpileTypeScript(readFileSync(join(BROWSER, 'site.ts'), 'utf8'), 'site.ts');
  const siteStyles = readFileSync(join(BROWSER, 'site.css'), 'utf8');
  let container: Promise<string> | undefined;

  // the site and the sGTM share cookies only on one host name (ports do not separate cookies, host names do)
  app.addHook('onRequest', async (request, reply) => {
    const host = request.headers.host ?? '';
    if (host.startsWith('127.0.0.1:')) return reply.redirect(`http://localhost:${host.slice('127.0.0.1:'.length)}${request.url}`, 307);
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });
  const page = (path: string, render: (url: string) => string) =>
    app.get(path, async (request, reply) => reply.type(HTML).send(render(request.url.split('?')[0]!)));

  page('/', pages.homePage);
  page('/shop', pages.shopPage);
  app.get<{ Params: { slug: string } }>('/shop/:slug', async (request, reply) => {
    const product = pages.PRODUCTS.find((p) => p.slug === request.params.slug);
    return product ? reply.type(HTML).send(pages.productPage(product)) : reply.code(404).type(HTML).send(pages.notFoundPage());
  });
  app.get<{ Querystring: { q?: string } }>('/search', async (request, reply) => reply.type(HTML).send(pages.searchPage(request.query.q ?? '')));
  page('/subscribe', pages.subscribePage);
  page('/welcome', pages.welcomePage);
  page('/account', pages.accountPage);
  page('/privacy', pages.privacyPage);
  page('/app', pages.appPage);
  page('/app/*', pages.appPage);
  app.get('/static/site.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(siteScript));
  app.get('/static/site.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(siteStyles));
  app.get('/gtm.js', async (_request, reply) => {
    container ??= options.containerScript();
    return reply.type('text/javascript; charset=utf-8').send(await container);
  });
  app.setNotFoundHandler(async (_request, reply) => reply.code(404).type(HTML).send(pages.notFoundPage()));
  options.extend?.(app);
  return app;
}

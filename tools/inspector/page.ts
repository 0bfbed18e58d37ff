// The inspector's one HTML page: markup with the script (page/client.ts, transpiled once) and the style sheet inlined,
// so it works offline and without a build step. A Content-Security-Policy allows exactly those two inline blocks (by
// hash) and connections to this server: even a rendering mistake could not run a stored string as script.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transpileTypeScript } from '../transpile.ts';

export interface PageSettings {
  /** Absolute path of the event stream, e.g. /inspector/events/stream. */
  streamUrl: string;
  maxRows: number;
  /** gs://BUCKET */
  bucket: string;
  /** gs://BUCKET/PREFIX/events/v1/ */
  eventsLocation: string;
  /** gs://BUCKET/PREFIX/rejected/v1/ */
  rejectedLocation: string;
}

export interface Page {
  html: string;
  /** The Content-Security-Policy header to send with it. */
  csp: string;
}

interface Assets {
  script: string;
  style: string;
  csp: string;
}

let assets: Assets | undefined;

function loadAssets(): Assets {
  const dir = join(import.meta.dirname, 'page');
  const script = transpileTypeScript(readFileSync(join(dir, 'client.ts'), 'utf8'), 'client.ts');
  const style = readFileSync(join(dir, 'style.css'), 'utf8');
  // Inlined text must not be able to close its own element.
  if (/<\/script/i.test(script) || /<\/style/i.test(style)) throw new Error('inspector page assets must not contain </script or </style');
  const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  const csp = [
    "default-src 'none'",
    `script-src ${hash(script)}`,
    `style-src ${hash(style)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { script, style, csp };
}

export function renderPage(settings: PageSettings): Page {
  assets ??= loadAssets();
  const data = {
    'data-stream': settings.streamUrl,
    'data-max-rows': String(settings.maxRows),
    'data-bucket': settings.bucket,
    'data-events-location': settings.eventsLocation,
  };
  const attributes = Object.entries(data)
    .map(([name, value]) => `${name}="${escapeHtml(value)}"`)
    .join(' ');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Pipes inspector</title>
<style>${assets.style}</style>
</head>
<body ${attributes}>
<header>
  <h1>Pipes inspector</h1>
  <p class="where">${escapeHtml(settings.eventsLocation)}</p>
  <span id="live" class="live" data-state="connecting" role="status"><span class="dot"></span><span id="live-text">connecting…</span></span>
</header>
<ul class="counters" aria-label="Counters">
  <li><strong id="count-events">0</strong>events</li>
  <li><strong id="count-batches">0</strong>batches</li>
  <li><strong id="count-rejected">0</strong>rejected events</li>
  <li><strong id="count-rejected-batches">0</strong>rejected batches</li>
  <li id="unreadable" hidden><strong id="count-unreadable">0</strong>unreadable lines</li>
</ul>
<div id="error" class="error" role="alert" hidden><p><strong>Cannot read the bucket.</strong> Still trying. <span id="error-text"></span></p></div>
<main>
<section aria-labelledby="events-title">
  <div class="toolbar">
    <h2 id="events-title">Stored events, newest first</h2>
    <input id="filter" type="search" placeholder="Filter by event name or anonymous id" aria-label="Filter by event name or anonymous id" autocomplete="off">
    <span id="shown"></span>
  </div>
  <div class="columns" aria-hidden="true"><span>received</span><span>event</span><span>page path</span><span>anon id</span><span>session</span><span>user id</span><span>consent</span></div>
  <div id="events"></div>
  <div id="empty" class="empty"></div>
</section>
<section id="rejected-section" aria-labelledby="rejected-title">
  <h2 id="rejected-title">Rejected batches <span class="where">${escapeHtml(settings.rejectedLocation)}</span></h2>
  <div id="rejected"></div>
  <p id="no-rejected">None.</p>
</section>
</main>
<script type="module">${assets.script}</script>
</body>
</html>
`;
  return { html, csp: assets.csp };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

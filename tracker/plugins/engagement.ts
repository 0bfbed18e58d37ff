// Engagement: `engagement` events with the time the visitor was active on the page (engaged_ms) and how far down
// they scrolled (scroll_depth, percent), reported when the page is hidden and when an app route changes.
import { register } from './register.ts';
import { onRouteChange } from './route.ts';

/** Activity counts for at most this long: a pause longer than that is reading, or away, not engagement. */
const IDLE = 5e3;

register('engagement', (pipes) => {
  let engaged = 0;
  let depth = 0;
  let last = 0;
  const active = (): void => {
    const t = Date.now();
    if (last) engaged += Math.min(t - last, IDLE);
    last = t;
  };
  const scrolled = (): void => {
    active();
    const seen = ((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100;
    depth = Math.max(depth, Math.min(100, Math.round(seen)));
  };
  const report = (path: string): void => {
    if (engaged || depth) pipes.track('engagement', { engaged_ms: engaged, scroll_depth: depth, path });
    engaged = depth = last = 0;
  };
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'touchstart']) addEventListener(type, active, { capture: true, passive: true });
  addEventListener('scroll', scrolled, { capture: true, passive: true });
  // Capture listeners on window run before the core's own (on document, and on window without capture), so the
  // event is queued before the core hands the queue to sendBeacon. Browsers do not all fire visibilitychange when a
  // page unloads, hence pagehide as well; the second report finds nothing new and sends nothing.
  const hidden = (): void => report(location.pathname);
  addEventListener('visibilitychange', () => document.visibilityState == 'hidden' && hidden(), true);
  addEventListener('pagehide', hidden, true);
  onRouteChange(report);
});

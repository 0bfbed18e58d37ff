// Route changes of single-page apps: calls back with the previous path when history navigation changed the path.
// Only real path changes count (not a replaceState that keeps the path, nor a fragment change), and changes within
// one task count once, so a router's push-then-redirect yields one page view.

export function onRouteChange(changed: (previousPath: string) => void): void {
  let path = location.pathname;
  let pending = 0;
  const check = (): void => {
    pending = 0;
    const previous = path;
    if ((path = location.pathname) != previous) changed(previous);
  };
  const later = (): void => void (pending ||= setTimeout(check) as unknown as number);
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      later();
    };
  }
  addEventListener('popstate', later);
}

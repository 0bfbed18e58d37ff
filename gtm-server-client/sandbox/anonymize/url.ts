// URLs reduced to what a model needs: scheme, host and path, plus the allow-listed query parameters. Fragments and
// user:password@ go. Plain string work (no parseUrl), so relative URLs and odd inputs are handled the same way.

/** Whether a query parameter name is kept: `utm_*` matches every name starting with utm_, other entries exactly. */
function queryNameAllowed(name: string, allowlist: string[]): boolean {
  return allowlist.some((entry) =>
    entry.charAt(entry.length - 1) === '*' ? name.indexOf(entry.substring(0, entry.length - 1)) === 0 : name === entry,
  );
}

/** A string the client treats as a URL: absolute http(s), or a path starting with '/', without whitespace. */
export function isUrlLike(text: string): boolean {
  const lower = text.substring(0, 8).toLowerCase();
  const shaped = lower.indexOf('http://') === 0 || lower.indexOf('https://') === 0 || text.charAt(0) === '/';
  return shaped && [' ', '\t', '\n', '\r'].every((space) => text.indexOf(space) === -1);
}

function withoutCredentials(address: string): string {
  const scheme = address.indexOf('//');
  if (scheme === -1) return address;
  const start = scheme + 2;
  const slash = address.indexOf('/', start);
  const end = slash === -1 ? address.length : slash;
  const at = address.substring(start, end).lastIndexOf('@');
  return at === -1 ? address : address.substring(0, start) + address.substring(start + at + 1);
}

export function reduceUrl(url: string, allowlist: string[]): string {
  const hash = url.indexOf('#');
  const withoutFragment = hash === -1 ? url : url.substring(0, hash);
  const question = withoutFragment.indexOf('?');
  const address = withoutCredentials(question === -1 ? withoutFragment : withoutFragment.substring(0, question));
  if (question === -1) return address;
  const kept = withoutFragment
    .substring(question + 1)
    .split('&')
    .filter((pair) => pair !== '' && queryNameAllowed(pair.split('=')[0], allowlist));
  return kept.length > 0 ? address + '?' + kept.join('&') : address;
}

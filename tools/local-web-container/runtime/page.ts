// What GTM reads from the page: the element of a click or form event, URL components, the page's own URL. Nothing
// here reads a form field's value: element text leaves out textarea contents (a textarea's text is its value) and
// inputs and selects have no text of their own.

/** The element's text content, trimmed, without the contents of textarea elements. */
export function elementText(element: Element): string {
  if (element instanceof HTMLTextAreaElement) return '';
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node instanceof HTMLTextAreaElement ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let text = '';
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.nodeType === Node.TEXT_NODE) text += node.nodeValue;
  return text.trim();
}

/** A link's resolved href, a form's resolved action (the page itself without one), else ''. */
function elementUrl(element: Element): string {
  if (element instanceof HTMLAnchorElement || element instanceof HTMLAreaElement) return element.href;
  if (element instanceof HTMLFormElement) return new URL(element.getAttribute('action') ?? '', document.baseURI).href;
  return '';
}

/**
 * A click or form event as GTM pushes it, with the element's properties the Click and Form variables read.
 * Attributes rather than properties: a form's `id` or `action` property is its field of that name, if it has one.
 */
export function elementEvent(event: string, element: Element): Record<string, unknown> {
  return {
    event,
    'gtm.element': element,
    'gtm.elementClasses': element.getAttribute('class') ?? '',
    'gtm.elementId': element.getAttribute('id') ?? '',
    'gtm.elementTarget': element.getAttribute('target') ?? '',
    'gtm.elementUrl': elementUrl(element),
    'gtm.elementText': elementText(element),
  };
}

export interface UrlOptions {
  queryKey?: string;
  stripWww?: boolean;
}

/** A URL component, as GTM's URL variable gives it: URL, PROTOCOL, HOST, PORT, PATH, QUERY, FRAGMENT. */
export function urlPart(url: URL, component: string, { queryKey, stripWww }: UrlOptions = {}): unknown {
  switch (component) {
    case 'PROTOCOL':
      return url.protocol.slice(0, -1);
    case 'HOST':
      return stripWww ? url.hostname.replace(/^www\./, '') : url.hostname;
    case 'PORT':
      return url.port || (url.protocol === 'https:' ? '443' : '80');
    case 'PATH':
      return url.pathname;
    case 'QUERY':
      return queryKey ? (url.searchParams.get(queryKey) ?? undefined) : url.search.slice(1);
    case 'FRAGMENT':
      return url.hash.slice(1);
    default:
      return url.href;
  }
}

/** The page's URL built-ins (URL, HOST, PATH) and the referrer. */
export function pageValue(part: string): unknown {
  return part === 'REFERRER' ? document.referrer : urlPart(new URL(location.href), part);
}

// GTM writes the JSON sections (INFO, TEMPLATE_PARAMETERS, the permissions) the way Gson's pretty printer does with
// its default HTML-safe escaping: two-space indentation, `"key": value`, empty arrays and objects as `[]` and `{}`,
// `<` `>` `&` `=` `'` as \u003c \u003e \u0026 \u003d \u0027, other characters from U+0020 up (non-ASCII and emoji
// included) as they are. Keys keep the order they are given in.

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\t': '\\t',
  '\b': '\\b',
  '\n': '\\n',
  '\r': '\\r',
  '\f': '\\f',
};

// Control characters, the two JavaScript line terminators, the quote and backslash, and the HTML-sensitive five.
const ESCAPED = /[\u0000-\u001f"\\\u2028\u2029<>&=']/g;

export function gtmJsonString(value: string): string {
  const escaped = value.replace(ESCAPED, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

/**
 * `value` as GTM's export writes it. Object properties whose value is undefined are left out, as JSON.stringify
 * does; anything else JSON cannot hold (undefined in an array, NaN, Infinity, functions, bigints) is an error.
 */
export function formatGtmJson(value: unknown): string {
  return write(value, '', '$');
}

function write(value: unknown, indent: string, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${path} is ${value}, which JSON cannot hold`);
      return String(value);
    case 'string':
      return gtmJsonString(value);
    case 'object': {
      const inner = `${indent}  `;
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        const items = value.map((item, i) => inner + write(item, inner, `${path}[${i}]`));
        return `[\n${items.join(',\n')}\n${indent}]`;
      }
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      if (entries.length === 0) return '{}';
      const members = entries.map(([k, v]) => `${inner}${gtmJsonString(k)}: ${write(v, inner, `${path}.${k}`)}`);
      return `{\n${members.join(',\n')}\n${indent}}`;
    }
    default:
      throw new TypeError(`${path} is ${typeof value}, which JSON cannot hold`);
  }
}

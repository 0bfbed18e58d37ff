// Where each character of a YAML string scalar's value comes from in the YAML text, so that a finding in a test's
// code points at its line and column in the .tpl. GTM writes test code as block literals (`code: |-`) or, more
// often, as double-quoted strings with escapes and folded lines.
import type { Scalar } from 'yaml';

/**
 * offsets[i] is the source offset of value[i]; offsets[value.length] is where the scalar's text ends. Undefined for
 * styles this does not map (folded blocks) or when the mapping does not reproduce the parser's value.
 * `parentIndent` is the column of the scalar's key, which an explicit block indentation indicator counts from.
 */
export function scalarOffsets(source: string, scalar: Scalar, parentIndent: number): number[] | undefined {
  const [start, end] = scalar.range ?? [];
  if (start === undefined || end === undefined || typeof scalar.value !== 'string') return undefined;
  let decoded: Decoded | undefined;
  switch (scalar.type) {
    case 'QUOTE_DOUBLE':
      decoded = decodeFlow(source, start + 1, end - 1, 'double');
      break;
    case 'QUOTE_SINGLE':
      decoded = decodeFlow(source, start + 1, end - 1, 'single');
      break;
    case 'PLAIN':
      decoded = decodeFlow(source, start, end, 'plain');
      break;
    case 'BLOCK_LITERAL':
      decoded = decodeBlockLiteral(source, start, end, parentIndent);
      break;
    default:
      return undefined;
  }
  if (!decoded || decoded.chars.join('') !== scalar.value) return undefined;
  return [...decoded.offsets, decoded.end];
}

interface Decoded {
  chars: string[];
  offsets: number[];
  end: number;
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Flow scalars (quoted and plain): escapes in double quotes, '' in single quotes, and line folding. */
function decodeFlow(source: string, from: number, to: number, style: 'double' | 'single' | 'plain'): Decoded | undefined {
  const chars: string[] = [];
  const offsets: number[] = [];
  // literal blanks before a line break are not content; escaped ones (`\ `) are
  const literalBlank: boolean[] = [];
  const push = (c: string, at: number, literal = false): void => {
    chars.push(c);
    offsets.push(at);
    literalBlank.push(literal && isBlank(c));
  };
  let i = from;
  while (i < to) {
    const c = source[i]!;
    if (style === 'double' && c === '\\') {
      const next = source[i + 1];
      if (next === '\n') {
        i += 2;
        while (i < to && isBlank(source[i])) i++;
        continue;
      }
      if (next !== undefined && HEX_LENGTH[next] !== undefined) {
        const hex = source.slice(i + 2, i + 2 + HEX_LENGTH[next]);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== HEX_LENGTH[next]) return undefined;
        for (const unit of String.fromCodePoint(parseInt(hex, 16)).split('')) push(unit, i);
        i += 2 + hex.length;
        continue;
      }
      const escaped = next === undefined ? undefined : ESCAPES[next];
      if (escaped === undefined) return undefined;
      push(escaped, i);
      i += 2;
      continue;
    }
    if (style === 'single' && c === "'" && source[i + 1] === "'") {
      push("'", i);
      i += 2;
      continue;
    }
    if (c === '\n') {
      while (literalBlank[literalBlank.length - 1]) {
        chars.pop();
        offsets.pop();
        literalBlank.pop();
      }
      // a line break folds to a space; each empty line after it stays a line break
      let j = i + 1;
      const emptyLines: number[] = [];
      for (;;) {
        while (j < to && isBlank(source[j])) j++;
        if (source[j] !== '\n' || j >= to) break;
        emptyLines.push(j);
        j++;
      }
      if (emptyLines.length === 0) push(' ', i);
      else for (const at of emptyLines) push('\n', at);
      i = j;
      continue;
    }
    push(c, i, true);
    i++;
  }
  if (style === 'plain') {
    while (literalBlank[literalBlank.length - 1]) {
      chars.pop();
      offsets.pop();
      literalBlank.pop();
    }
  }
  return { chars, offsets, end: style === 'plain' ? to : to + 1 };
}

/** `|`, `|-`, `|+` with an optional indentation indicator: lines kept as they are, minus the indentation. */
function decodeBlockLiteral(source: string, from: number, to: number, parentIndent: number): Decoded | undefined {
  const headerEnd = source.indexOf('\n', from);
  if (headerEnd < 0 || headerEnd >= to) return { chars: [], offsets: [], end: to };
  const header = /^\|([1-9]?)([+-]?)([1-9]?)\s*(?:#.*)?$/.exec(source.slice(from, headerEnd));
  if (!header) return undefined;
  const explicit = header[1] || header[3];
  const chomping = header[2];

  const lines: { start: number; text: string }[] = [];
  for (let lineStart = headerEnd + 1; lineStart < to; ) {
    const lineEnd = source.indexOf('\n', lineStart);
    const stop = lineEnd < 0 || lineEnd > to ? to : lineEnd;
    lines.push({ start: lineStart, text: source.slice(lineStart, stop) });
    lineStart = stop + 1;
  }
  const firstText = lines.find((l) => l.text.trim() !== '');
  const indent = explicit ? parentIndent + Number(explicit) : firstText ? /^ */.exec(firstText.text)![0].length : 0;

  const chars: string[] = [];
  const offsets: number[] = [];
  for (const line of lines) {
    const content = line.text.length > indent ? line.text.slice(indent) : '';
    for (let k = 0; k < content.length; k++) {
      chars.push(content[k]!);
      offsets.push(line.start + indent + k);
    }
    chars.push('\n');
    offsets.push(line.start + line.text.length);
  }
  if (chomping !== '+') {
    let keep = chars.length;
    while (keep > 0 && chars[keep - 1] === '\n') keep--;
    if (chomping === '' && keep > 0 && keep < chars.length) keep++;
    chars.length = keep;
    offsets.length = keep;
  }
  const end = offsets.length > 0 ? offsets[offsets.length - 1]! + 1 : headerEnd;
  return { chars, offsets, end };
}

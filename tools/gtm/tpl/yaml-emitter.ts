// GTM writes ___TESTS___ with SnakeYAML's emitter (block style, indentation 2, lines folded at 80 columns, Unicode
// written as is), so that is what this reproduces, step for step, for the one kind of document it needs: block
// mappings and sequences of string scalars. The `yaml` package picks other styles and folds elsewhere.
//
// How SnakeYAML picks a string's style: a string with a line break asks for a literal block (`|`); everything else
// asks for a plain scalar. The emitter grants plain when nothing in the string would read differently (YAML 1.1
// types such as `yes` or `1.0`, indicators, leading or trailing spaces); literal when no line ends with a space, the
// string does not end with a space and it has no tab, CR or other special character; otherwise the string is
// double-quoted, or single-quoted when it asked for plain, cannot have it, and holds no special character. Columns
// count UTF-16 units, as Java's do.

const BEST_WIDTH = 80;
const BEST_INDENT = 2;
const LINE_BREAKS = '\n\u0085\u2028\u2029';
const BLANK_OR_END = '\0 \t';

const MULTILINE = new RegExp(`[${LINE_BREAKS}]`);

const isBreak = (c: string | undefined): boolean => c !== undefined && c !== '' && LINE_BREAKS.includes(c);

// SnakeYAML's implicit resolvers (YAML 1.1), tried for the first character they are registered under. A string that
// any of them matches would read back as another type, so it cannot be written plain.
const RESOLVERS: readonly { first: string; pattern: RegExp }[] = [
  { first: 'yYnNtTfFoO', pattern: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/ },
  {
    first: '-+0123456789',
    pattern: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  },
  {
    first: '-+.0123456789',
    pattern: /^(?:[-+]?(?:\.[0-9]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  },
  { first: '<', pattern: /^(?:<<)$/ },
  { first: '~nN\0', pattern: /^(?:~|null|Null|NULL| )$/ },
  {
    first: '0123456789',
    pattern: /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  },
  { first: '=', pattern: /^(?:=)$/ },
];

function readsAsString(value: string): boolean {
  if (value === '') return false; // the empty plain scalar is null
  return !RESOLVERS.some((r) => r.first.includes(value[0]!) && r.pattern.test(value));
}

const DOUBLE_QUOTED_ESCAPES: Readonly<Record<string, string>> = {
  '\0': '0',
  '\u0007': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\u000b': 'v',
  '\f': 'f',
  '\r': 'r',
  '\u001b': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00a0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
};

/** The characters SnakeYAML may write unescaped in a double-quoted scalar (its isPrintable, per UTF-16 unit). */
function isPrintable(code: number): boolean {
  return (
    (code >= 0x20 && code <= 0x7e) ||
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    code === 0x85 ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd)
  );
}

interface Analysis {
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
  allowBlock: boolean;
}

/** SnakeYAML's Emitter.analyzeScalar, with Unicode allowed, reduced to the answers a block context needs. */
function analyze(scalar: string): Analysis {
  if (scalar === '') return { allowBlockPlain: true, allowSingleQuoted: true, allowBlock: false };
  let blockIndicators = scalar.startsWith('---') || scalar.startsWith('...');
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let followedByWhitespace = scalar.length === 1 || (BLANK_OR_END + '\r' + LINE_BREAKS).includes(String.fromCodePoint(scalar.codePointAt(1)!));
  let previousSpace = false;
  let previousBreak = false;
  let index = 0;
  while (index < scalar.length) {
    const code = scalar.codePointAt(index)!;
    const c = String.fromCodePoint(code);
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) blockIndicators = true;
      if ((c === '?' || c === ':' || c === '-') && followedByWhitespace) blockIndicators = true;
    } else {
      if (c === ':' && followedByWhitespace) blockIndicators = true;
      if (c === '#' && precededByWhitespace) blockIndicators = true;
    }
    const lineBreak = isBreak(c);
    if (!(c === '\n' || (code >= 0x20 && code <= 0x7e))) {
      const unicode = code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || code >= 0x10000;
      if (!unicode) special = true;
    }
    const last = index === scalar.length - 1;
    if (c === ' ') {
      if (index === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (lineBreak) {
      if (index === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    index += c.length;
    precededByWhitespace = BLANK_OR_END.includes(c) || lineBreak;
    followedByWhitespace = true;
    // SnakeYAML looks one character further than the next one here, and counts a break just read as whitespace.
    if (index + 1 < scalar.length) {
      const nextIndex = index + String.fromCodePoint(scalar.codePointAt(index)!).length;
      if (nextIndex < scalar.length) {
        followedByWhitespace = BLANK_OR_END.includes(String.fromCodePoint(scalar.codePointAt(nextIndex)!)) || lineBreak;
      }
    }
  }
  let allowBlockPlain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak);
  let allowSingleQuoted = true;
  let allowBlock = !trailingSpace;
  if (breakSpace) allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowBlockPlain = allowSingleQuoted = allowBlock = false;
  if (blockIndicators) allowBlockPlain = false;
  return { allowBlockPlain, allowSingleQuoted, allowBlock };
}

/** SnakeYAML's emitter state while writing one block-style document. */
export class YamlEmitter {
  private out = '';
  private column = 0;
  private whitespace = true;
  private indention = true;
  /** the indentation of the collection being written */
  indent = 0;

  text(): string {
    return this.out;
  }

  /** A plain mapping key of the mapping at `indent` (these documents' keys are fixed words). */
  key(name: string): void {
    this.writeIndent();
    this.writePlain(name, false);
    this.writeIndicator(':', false, false, false);
  }

  /** The `-` of a block sequence item. */
  sequenceItem(): void {
    this.writeIndent();
    this.writeIndicator('-', true, false, true);
  }

  emptyFlowSequence(): void {
    this.writeIndicator('[', true, true, false);
    this.writeIndicator(']', false, false, false);
  }

  /** A string value written after its key, in the style SnakeYAML picks, one level deeper than the key. */
  scalar(value: string): void {
    const saved = this.indent;
    this.indent += BEST_INDENT;
    const analysis = analyze(value);
    if (MULTILINE.test(value)) {
      if (analysis.allowBlock) this.writeLiteral(value);
      else this.writeDoubleQuoted(value);
    } else if (analysis.allowBlockPlain && readsAsString(value)) {
      this.writePlain(value, true);
    } else if (analysis.allowSingleQuoted) {
      this.writeSingleQuoted(value);
    } else {
      this.writeDoubleQuoted(value);
    }
    this.indent = saved;
  }

  /** Goes to `indent` on a fresh line (ending the current one unless it holds only indentation), as SnakeYAML does
   * before each node and at the document's end. */
  writeIndent(): void {
    if (!this.indention || this.column > this.indent || (this.column === this.indent && !this.whitespace)) {
      this.writeLineBreak('\n');
    }
    if (this.indent > this.column) {
      this.whitespace = true;
      this.out += ' '.repeat(this.indent - this.column);
      this.column = this.indent;
    }
  }

  private writeLineBreak(lineBreak: string): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.out += lineBreak;
  }

  private write(data: string): void {
    this.out += data;
    this.column += data.length;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace: boolean, indentation: boolean): void {
    this.write(this.whitespace || !needWhitespace ? indicator : ` ${indicator}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indentation;
  }

  // Plain and single-quoted scalars never hold a line break here (those ask for a literal block), so only the
  // folding at spaces is needed from SnakeYAML's writers.
  private writePlain(text: string, split: boolean): void {
    if (text === '') return;
    if (!this.whitespace) this.write(' ');
    this.whitespace = false;
    this.indention = false;
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            this.write(text.slice(start, end));
          }
          start = end;
        }
      } else if (ch === undefined || ch === ' ') {
        this.write(text.slice(start, end));
        start = end;
      }
      spaces = ch === ' ';
    }
  }

  private writeSingleQuoted(text: string): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && start !== 0 && end !== text.length) {
            this.writeIndent();
          } else {
            this.write(text.slice(start, end));
          }
          start = end;
        }
      } else if ((ch === undefined || ch === ' ' || ch === "'") && start < end) {
        this.write(text.slice(start, end));
        start = end;
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== undefined) spaces = ch === ' ';
    }
    this.writeIndicator("'", false, false, false);
  }

  private writeDoubleQuoted(text: string): void {
    this.writeIndicator('"', true, false, false);
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      const code = ch === undefined ? -1 : ch.charCodeAt(0);
      if (ch === undefined || '"\\\u0085\u2028\u2029\ufeff'.includes(ch) || code < 0x20 || code > 0x7e) {
        if (start < end) {
          this.write(text.slice(start, end));
          start = end;
        }
        if (ch !== undefined) {
          let data: string;
          const named = DOUBLE_QUOTED_ESCAPES[ch];
          if (named !== undefined) data = `\\${named}`;
          else if (isPrintable(code)) data = ch;
          else if (code <= 0xff) data = `\\x${code.toString(16).padStart(2, '0')}`;
          else if (code >= 0xd800 && code <= 0xdbff && end + 1 < text.length) {
            end++;
            data = `\\U${text.codePointAt(end - 1)!.toString(16).padStart(8, '0')}`;
          } else data = `\\u${code.toString(16).padStart(4, '0')}`;
          this.write(data);
          start = end + 1;
        }
      }
      if (0 < end && end < text.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > BEST_WIDTH) {
        this.write(start >= end ? '\\' : `${text.slice(start, end)}\\`);
        if (start < end) start = end;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text[start] === ' ') this.write('\\');
      }
    }
    this.writeIndicator('"', false, false, false);
  }

  private writeLiteral(text: string): void {
    let hints = '';
    if (isBreak(text[0]) || text[0] === ' ') hints += String(BEST_INDENT);
    const lastChar = text[text.length - 1];
    if (!isBreak(lastChar)) hints += '-';
    else if (text.length === 1 || isBreak(text[text.length - 2])) hints += '+';
    this.writeIndicator(`|${hints}`, true, false, false);
    this.writeLineBreak('\n');
    let breaks = true;
    let start = 0;
    for (let end = 0; end <= text.length; end++) {
      const ch = text[end];
      if (breaks) {
        if (ch === undefined || !isBreak(ch)) {
          for (const br of text.slice(start, end)) this.writeLineBreak(br);
          if (ch !== undefined) this.writeIndent();
          start = end;
        }
      } else if (ch === undefined || isBreak(ch)) {
        this.out += text.slice(start, end);
        if (ch === undefined) this.writeLineBreak('\n');
        start = end;
      }
      if (ch !== undefined) breaks = isBreak(ch);
    }
  }
}

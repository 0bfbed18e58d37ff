// Server regexes are RE2 (https://github.com/google/re2/wiki/Syntax). RE2 has no backtracking features:
// backreferences, lookahead and lookbehind, atomic groups and possessive quantifiers are syntax errors, and repeat
// counts stop at 1000. RE2 spellings JavaScript lacks are translated: (?P<name>…), \A, \z, \Q…\E, POSIX classes
// such as [[:alpha:]], and leading flag groups such as (?i). The rest of the syntax the two share; what JavaScript
// then rejects is reported too.

export type Translation = { source: string; flags: string } | { error: string };

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const MAX_REPEAT = 1000;

export function translateRe2(pattern: string): Translation {
  let flags = '';
  let rest = pattern;
  // Flag groups at the very start apply to the whole pattern, which JavaScript expresses with flags.
  for (let match = /^\(\?([imsU]+)\)/.exec(rest); match; match = /^\(\?([imsU]+)\)/.exec(rest)) {
    if (match[1]!.includes('U')) return { error: 'the U (ungreedy) flag has no JavaScript equivalent in this emulator' };
    flags += match[1];
    rest = rest.slice(match[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '\\') {
      const next = rest[i + 1];
      if (next === undefined) return { error: 'the pattern ends with a lone backslash' };
      if (/[1-9]/.test(next) && !inClass) return { error: `backreferences (\\${next}) are not supported by RE2` };
      if (next === 'k' && rest[i + 2] === '<') return { error: 'named backreferences (\\k<…>) are not supported by RE2' };
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2);
        const literal = rest.slice(i + 2, end === -1 ? rest.length : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? rest.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && next === 'z') out += '$(?![\\s\\S])';
      else if (next === 'C') return { error: '\\C (any byte) is not supported in this emulator' };
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(i));
      if (posix) {
        const range = POSIX_CLASSES[posix[2]!];
        if (!range) return { error: `unknown POSIX class [:${posix[2]}:]` };
        if (posix[1]) return { error: 'negated POSIX classes ([:^…:]) are not supported in this emulator' };
        out += range;
        i += posix[0].length - 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a ] right after [ or [^ is a literal
      const literalClose = rest.startsWith(']', i + 1) ? 1 : rest.startsWith('^]', i + 1) ? 2 : 0;
      out += rest.slice(i + 1, i + 1 + literalClose).replace(']', '\\]');
      i += literalClose;
      continue;
    }
    if (c === '(' && rest[i + 1] === '?') {
      const head = rest.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(head)) return { error: 'lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported by RE2' };
      if (head.startsWith('P=')) return { error: 'named backreferences ((?P=name)) are not supported by RE2' };
      if (head.startsWith('>')) return { error: 'atomic groups ((?>…)) are not supported by RE2' };
      if (head.startsWith('#')) return { error: 'comments ((?#…)) are not supported by RE2' };
      if (head.startsWith('P<')) {
        out += '(?<';
        i += 3;
        continue;
      }
      if (/^[imsU-]+[:)]/.test(head)) return { error: 'flag groups inside the pattern are not supported in this emulator; put them at its start' };
    }
    if (c === '{') {
      const repeat = /^\{(\d+)(?:,(\d*))?\}/.exec(rest.slice(i));
      if (repeat && (Number(repeat[1]) > MAX_REPEAT || Number(repeat[2] || 0) > MAX_REPEAT)) {
        return { error: `repeat counts above ${MAX_REPEAT} are not supported by RE2` };
      }
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && rest[i + 1] === '+') return { error: 'possessive quantifiers are not supported by RE2' };
    out += c;
  }
  if (inClass) return { error: 'a character class ([…) is not closed' };
  return { source: out, flags };
}

// Redaction of personal data written into free text: e-mail addresses, phone numbers, payment card numbers, IP
// addresses, and the admin's own RE2 patterns. Each kind is found with a global RE2 regex; built-in candidates are
// checked once more (digit counts, the Luhn sum, octet ranges) before every occurrence is replaced by a token.
const createRegex = require('createRegex');
const logToConsole = require('logToConsole');
const testRegex = require('testRegex');

export interface RedactionOptions {
  emails: boolean;
  phones: boolean;
  cards: boolean;
  ips: boolean;
  /** RE2 patterns whose matches become [redacted] */
  extraPatterns: string[];
}

export type Redact = (text: string) => string;

interface Detector {
  pattern: string;
  token: string;
  /**
   * A necessary condition for a match, checked with plain string work before the regex runs: most keys and values
   * (words, small numbers) cannot hold the pattern, and skipping the regex for them is most of the per-event cost.
   */
  mayMatch: (text: string) => boolean;
  accept: (candidate: string) => boolean;
}

const DIGITS = '0123456789';

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

function digitsOf(text: string): number[] {
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const d = DIGITS.indexOf(text.charAt(i));
    if (d !== -1) digits.push(d);
  }
  return digits;
}

/** The Luhn checksum every payment card number satisfies (and 9 in 10 random digit strings do not). */
function passesLuhn(digits: number[]): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits[digits.length - 1 - i];
    sum += i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
  }
  return sum % 10 === 0;
}

const always = (): boolean => true;

// `%40` is @ as it appears inside URLs.
const EMAIL: Detector = {
  pattern: '[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}',
  token: '[email]',
  // the shortest match is a@b.cc
  mayMatch: (text) => text.length >= 6 && (text.indexOf('@') !== -1 || text.indexOf('%40') !== -1),
  accept: always,
};

// Card numbers start with 2 to 6 (Mastercard, Amex, Visa, Discover, JCB, UnionPay…); millisecond timestamps, the
// commonest long digit runs, start with 1 and so are never mistaken for cards.
const CARD: Detector = {
  pattern: '\\b[2-6](?:[ -]?[0-9]){12,18}\\b',
  token: '[card]',
  // a first digit and twelve more
  mayMatch: (text) => text.length >= 13 && hasDigit(text),
  accept: looksLikeCardNumber,
};

function looksLikeCardNumber(text: string): boolean {
  const digits = digitsOf(text);
  return digits.length >= 13 && digits.length <= 19 && digits[0] >= 2 && digits[0] <= 6 && passesLuhn(digits);
}

// International numbers (+…, %2B… inside URLs, 00…) with 8 to 15 digits, and the (555) 123-4567 / 555-123-4567
// forms. Bare digit runs are left alone: they are far more often order numbers and timestamps than phone numbers.
const PHONE: Detector = {
  pattern: '(?:\\+|%2B|\\b00)[1-9][0-9 ().-]{6,20}[0-9]\\b|(?:\\([0-9]{3}\\)|\\b[0-9]{3})[ .-]?[0-9]{3}[ .-][0-9]{4}\\b',
  token: '[phone]',
  // the shortest match is +1 and eight more characters
  mayMatch: (text) => text.length >= 9 && hasDigit(text),
  accept: (candidate) => {
    const count = digitsOf(candidate.split('%2B').join('')).length;
    return count >= 8 && count <= 15;
  },
};

const IPV4_OR_IPV6 =
  '\\b(?:[0-9]{1,3}\\.){3}[0-9]{1,3}\\b' +
  '|\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b' +
  '|\\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4}\\b';

const IP: Detector = {
  pattern: IPV4_OR_IPV6,
  token: '[ip]',
  // IPv4 needs dots, IPv6 colons; the shortest match is a::b
  mayMatch: (text) => text.length >= 4 && (text.indexOf('.') !== -1 || text.indexOf(':') !== -1),
  accept: (candidate) =>
    candidate.indexOf(':') === -1
      ? candidate.split('.').every((octet) => digitsOf(octet).reduce((n, d) => n * 10 + d, 0) <= 255)
      : candidate.split(':').filter((group) => group !== '').length >= 3,
};

/** A redaction function for these options; regexes are compiled once per request. */
export function makeRedactor(options: RedactionOptions): Redact {
  // E-mails first (they contain digits), cards before phones (a spaced card number also looks like a phone).
  const detectors = [options.emails ? EMAIL : undefined, options.cards ? CARD : undefined, options.phones ? PHONE : undefined, options.ips ? IP : undefined]
    .filter((d): d is Detector => d !== undefined)
    .map((d) => ({ regex: createRegex(d.pattern, 'g'), detector: d }));
  // A global regex keeps its position between testRegex calls, so the test uses a second, non-global copy.
  const extra = options.extraPatterns
    .map((pattern) => ({ pattern: pattern, test: createRegex(pattern), all: createRegex(pattern, 'g') }))
    .filter((regex) => {
      if (!regex.test || !regex.all) logToConsole('Pipes client: skipped the redaction pattern ' + regex.pattern + ', which is not valid RE2');
      return regex.test && regex.all;
    }) as { test: GtmRegex; all: GtmRegex }[];

  return (text) => {
    let out = text;
    for (const entry of detectors) {
      const found = entry.regex && entry.detector.mayMatch(out) ? out.match(entry.regex) : null;
      if (!found) continue;
      for (const candidate of found) {
        if (entry.detector.accept(candidate)) out = out.split(candidate).join(entry.detector.token);
      }
    }
    for (const regex of extra) {
      if (testRegex(regex.test, out)) out = out.replace(regex.all, '[redacted]');
    }
    return out;
  };
}

/** Keys whose values are secrets whatever they look like (compared lower-case, without - and _). */
const SENSITIVE_WORDS = ['password', 'passwd', 'secret', 'creditcard', 'cardnumber'];
const SENSITIVE_KEYS = ['pwd', 'pin', 'cvv', 'cvc', 'ssn', 'iban'];

export function isSensitiveKey(key: string): boolean {
  const name = key.toLowerCase().split('-').join('').split('_').join('');
  return SENSITIVE_KEYS.indexOf(name) !== -1 || SENSITIVE_WORDS.some((word) => name.indexOf(word) !== -1);
}

// The user agent reduced to browser family, operating system and device class: enough to tell traffic apart,
// too little to fingerprint (no versions, no device models). Bots are recognised by the words they announce.

export type Device = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other';

export interface ReducedUserAgent {
  browser: string;
  os: string;
  device: Device;
}

/** Substrings of lower-cased user agents of crawlers, monitors, headless browsers and HTTP libraries. */
const BOT_MARKERS = [
  'bot',
  'crawl',
  'spider',
  'slurp',
  'headless',
  'lighthouse',
  'pagespeed',
  'phantomjs',
  'selenium',
  'puppeteer',
  'facebookexternalhit',
  'python-requests',
  'python-urllib',
  'curl/',
  'wget/',
  'go-http-client',
  'okhttp',
  'node-fetch',
  'axios/',
  'java/',
  'scrapy',
];

/** First match wins: Edge, Opera and Samsung Internet also announce Chrome, Chrome also announces Safari. */
const BROWSERS: [string[], string][] = [
  [['edg/', 'edge/', 'edga/', 'edgios/'], 'Edge'],
  [['opr/', 'opera'], 'Opera'],
  [['samsungbrowser'], 'Samsung Internet'],
  [['firefox/', 'fxios/'], 'Firefox'],
  [['chrome/', 'chromium/', 'crios/'], 'Chrome'],
  [['msie ', 'trident/'], 'Internet Explorer'],
  [['safari/'], 'Safari'],
];

/** iOS before macOS (iPhones say "like Mac OS X"), ChromeOS and Android before Linux. */
const SYSTEMS: [string[], string][] = [
  [['windows'], 'Windows'],
  [['iphone', 'ipad', 'ipod'], 'iOS'],
  [['android'], 'Android'],
  [['cros '], 'ChromeOS'],
  [['mac os x', 'macintosh'], 'macOS'],
  [['linux'], 'Linux'],
];

function has(text: string, words: string[]): boolean {
  return words.some((word) => text.indexOf(word) !== -1);
}

function firstMatch(text: string, table: [string[], string][]): string {
  const hit = table.filter((row) => has(text, row[0]))[0];
  return hit ? hit[1] : 'Other';
}

/** Cubot is a phone maker whose user agents say so: not a bot. */
function lowerWithoutBrands(userAgent: string): string {
  return userAgent.toLowerCase().split('cubot').join('');
}

export function looksLikeBot(userAgent: string): boolean {
  return has(lowerWithoutBrands(userAgent), BOT_MARKERS);
}

export function reduceUserAgent(userAgent: string): ReducedUserAgent {
  const ua = lowerWithoutBrands(userAgent);
  const os = firstMatch(ua, SYSTEMS);
  let device: Device;
  if (has(ua, BOT_MARKERS)) device = 'bot';
  else if (has(ua, ['ipad', 'tablet']) || (os === 'Android' && ua.indexOf('mobile') === -1)) device = 'tablet';
  else if (has(ua, ['mobi', 'iphone', 'ipod']) || os === 'Android') device = 'mobile';
  else if (['Windows', 'macOS', 'Linux', 'ChromeOS'].indexOf(os) !== -1) device = 'desktop';
  else device = 'other';
  return { browser: firstMatch(ua, BROWSERS), os: os, device: device };
}

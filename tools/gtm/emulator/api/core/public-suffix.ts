// The registrable domain (eTLD+1) of a host name by the Public Suffix List algorithm (https://publicsuffix.org/list/):
// the longest matching rule wins, `*` rules match any one label, `!` rules are exceptions.
//
// FALLBACK: the rule list below is a small excerpt of the real list (about 9,000 rules), enough for common
// domains. Hosts under suffixes it lacks fall back to the default rule `*` (the last label is the suffix), so
// `a.b.example.com.mx` gives `com.mx` where GTM gives `example.com.mx`. Replace it with a maintained copy of the list
// (the npm packages `tldts` or `psl` ship one) before relying on computeEffectiveTldPlusOne for such domains.
const FALLBACK_RULES = [
  // generic
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'io', 'co', 'app', 'dev', 'ai', 'me', 'tv', 'eu', 'xyz', 'online', 'site', 'shop', 'store', 'cloud',
  // country codes with second-level registrations
  'uk', 'co.uk', 'org.uk', 'me.uk', 'ltd.uk', 'plc.uk', 'net.uk', 'ac.uk', 'gov.uk', 'sch.uk', 'nhs.uk', 'police.uk',
  'au', 'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'asn.au', 'id.au',
  'nz', 'co.nz', 'org.nz', 'net.nz', 'govt.nz', 'ac.nz',
  'jp', 'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp', 'ad.jp', 'ed.jp', 'gr.jp', 'lg.jp',
  'br', 'com.br', 'net.br', 'org.br', 'gov.br', 'edu.br',
  'mx', 'com.mx', 'org.mx', 'gob.mx', 'edu.mx', 'net.mx',
  'ar', 'com.ar', 'gob.ar', 'org.ar', 'net.ar',
  'in', 'co.in', 'net.in', 'org.in', 'gov.in', 'ac.in', 'firm.in', 'gen.in', 'ind.in',
  'za', 'co.za', 'org.za', 'gov.za', 'ac.za', 'net.za',
  'cn', 'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn',
  'hk', 'com.hk', 'org.hk', 'net.hk', 'edu.hk', 'gov.hk',
  'sg', 'com.sg', 'net.sg', 'org.sg', 'edu.sg', 'gov.sg',
  'kr', 'co.kr', 'or.kr', 'ne.kr', 'go.kr', 'ac.kr',
  'tr', 'com.tr', 'net.tr', 'org.tr', 'gov.tr', 'edu.tr',
  'de', 'fr', 'nl', 'be', 'ch', 'at', 'it', 'es', 'pt', 'se', 'no', 'dk', 'fi', 'pl', 'cz', 'ie', 'ru', 'ua', 'ca', 'us',
  // wildcard and exception examples of the list's own test cases
  '*.ck', '!www.ck', '*.kawasaki.jp', '!city.kawasaki.jp',
  // private section: hosting platforms whose customers each get a registrable name
  'github.io', 'gitlab.io', 'herokuapp.com', 'appspot.com', 'web.app', 'firebaseapp.com', 'netlify.app', 'vercel.app', 'pages.dev', 'workers.dev',
  'blogspot.com', 'cloudfront.net', 'azurewebsites.net', 'run.app',
];

const RULES = new Set(FALLBACK_RULES);

/** The eTLD+1 of a lower-case host name, or '' when the host is itself a public suffix or not a domain name. */
export function registrableDomain(host: string): string {
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.some((label) => label === '')) return '';
  let suffixLength = 1; // the default rule `*`
  for (let i = 0; i < labels.length; i++) {
    const candidate = labels.slice(i).join('.');
    const wildcard = ['*', ...labels.slice(i + 1)].join('.');
    if (RULES.has(`!${candidate}`)) {
      suffixLength = labels.length - i - 1;
      break;
    }
    if (RULES.has(candidate) || (i + 1 < labels.length && RULES.has(wildcard))) {
      suffixLength = labels.length - i;
      break;
    }
  }
  return labels.length > suffixLength ? labels.slice(labels.length - suffixLength - 1).join('.') : '';
}

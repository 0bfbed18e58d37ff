// The network instead of the host: IPv4 addresses cut to /24 (a.b.c.0), IPv6 to /48 (x:y:z::). Anything that is
// not a well-formed address gives undefined, so an unexpected format is dropped rather than stored whole.

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';

function valueOf(text: string, base: number, maxLength: number): number {
  if (text.length < 1 || text.length > maxLength) return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const d = (base === 10 ? DIGITS : HEX).indexOf(text.charAt(i));
    if (d === -1) return -1;
    n = n * base + d;
  }
  return n;
}

function ipv4Octets(text: string): number[] | undefined {
  const octets = text.split('.').map((part) => valueOf(part, 10, 3));
  return octets.length === 4 && octets.every((n) => n >= 0 && n <= 255) ? octets : undefined;
}

/** The eight 16-bit groups, or undefined. Accepts :: compression and a trailing embedded IPv4 address. */
function ipv6Groups(text: string): number[] | undefined {
  const halves = text.toLowerCase().split('%')[0].split('::');
  if (halves.length > 2) return undefined;
  const parsed: number[][] = [];
  for (let h = 0; h < halves.length; h++) {
    const groups: number[] = [];
    const parts = halves[h] === '' ? [] : halves[h].split(':');
    for (let i = 0; i < parts.length; i++) {
      const embedded = h === halves.length - 1 && i === parts.length - 1 ? ipv4Octets(parts[i]) : undefined;
      if (embedded) {
        groups.push(embedded[0] * 256 + embedded[1], embedded[2] * 256 + embedded[3]);
        continue;
      }
      const group = valueOf(parts[i], 16, 4);
      if (group === -1) return undefined;
      groups.push(group);
    }
    parsed.push(groups);
  }
  if (parsed.length === 1) return parsed[0].length === 8 ? parsed[0] : undefined;
  const missing = 8 - parsed[0].length - parsed[1].length;
  if (missing < 1) return undefined;
  const zeros: number[] = [];
  for (let i = 0; i < missing; i++) zeros.push(0);
  return parsed[0].concat(zeros, parsed[1]);
}

export function truncateIp(address: string): string | undefined {
  let text = address.trim();
  if (text.charAt(0) === '[') text = text.substring(1, text.indexOf(']') === -1 ? 1 : text.indexOf(']'));
  const v4 = ipv4Octets(text);
  if (v4) return v4[0] + '.' + v4[1] + '.' + v4[2] + '.0';
  const groups = ipv6Groups(text);
  if (!groups) return undefined;
  const mappedIpv4 = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mappedIpv4) return Math.floor(groups[6] / 256) + '.' + (groups[6] % 256) + '.' + Math.floor(groups[7] / 256) + '.0';
  return hex(groups[0]) + ':' + hex(groups[1]) + ':' + hex(groups[2]) + '::';
}

/** Lower-case hexadecimal without leading zeros, as IPv6 addresses are written. */
function hex(n: number): string {
  let text = HEX.charAt(n % 16);
  for (let rest = Math.floor(n / 16); rest > 0; rest = Math.floor(rest / 16)) text = HEX.charAt(rest % 16) + text;
  return text;
}

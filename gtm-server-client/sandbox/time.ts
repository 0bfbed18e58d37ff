// Dates without Date (the sandbox has none): epoch milliseconds to and from RFC 3339, and the bucket's partitions.
// Plain TypeScript, no require. Day arithmetic after Howard Hinnant's civil-calendar algorithms, proleptic Gregorian.

const DIGITS = '0123456789';

/**
 * Math.floor(a / b) for integers, b > 0, without Math: in GTM Math.floor is an API call, and every event's
 * timestamp takes several. The remainder and the division of a multiple of b are exact in doubles.
 */
function floorDiv(a: number, b: number): number {
  const remainder = a % b;
  return (a - remainder) / b - (remainder < 0 ? 1 : 0);
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = floorDiv(y, 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = floorDiv(153 * (month > 2 ? month - 3 : month + 9) + 2, 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = floorDiv(z, 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = floorDiv(dayOfEra - floorDiv(dayOfEra, 1460) + floorDiv(dayOfEra, 36524) - floorDiv(dayOfEra, 146096), 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + floorDiv(yearOfEra, 4) - floorDiv(yearOfEra, 100));
  const shiftedMonth = floorDiv(5 * dayOfYear + 2, 153);
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year: year, month: month, day: dayOfYear - floorDiv(153 * shiftedMonth + 2, 5) + 1 };
}

function number(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + DIGITS.indexOf(text.charAt(i));
  return n;
}

function pad(n: number, width: number): string {
  let text = '' + n;
  while (text.length < width) text = '0' + text;
  return text;
}

/** Epoch milliseconds of a timestamp that validate.ts accepted (fractions beyond milliseconds cut). */
export function timestampMillis(timestamp: string): number {
  let at = 19;
  let millis = 0;
  if (timestamp.charAt(at) === '.') {
    let scale = 100;
    for (at = 20; at < timestamp.length && DIGITS.indexOf(timestamp.charAt(at)) !== -1; at++) {
      millis += scale * DIGITS.indexOf(timestamp.charAt(at));
      scale = scale / 10;
    }
  }
  let offsetMinutes = 0;
  if (timestamp.charAt(at) !== 'Z') {
    const sign = timestamp.charAt(at) === '-' ? -1 : 1;
    offsetMinutes = sign * (number(timestamp, at + 1, at + 3) * 60 + number(timestamp, at + 4, at + 6));
  }
  const days = daysFromCivil(number(timestamp, 0, 4), number(timestamp, 5, 7), number(timestamp, 8, 10));
  const seconds = number(timestamp, 11, 13) * 3600 + number(timestamp, 14, 16) * 60 + number(timestamp, 17, 19);
  return (days * 86400 + seconds - offsetMinutes * 60) * 1000 + Math.floor(millis);
}

/** 2025-05-22T20:30:30.456Z */
export function isoTimestamp(millis: number): string {
  const days = Math.floor(millis / 86400000);
  const date = civilFromDays(days);
  const inDay = millis - days * 86400000;
  return (
    pad(date.year, 4) + '-' + pad(date.month, 2) + '-' + pad(date.day, 2) + 'T' +
    pad(Math.floor(inDay / 3600000), 2) + ':' + pad(Math.floor(inDay / 60000) % 60, 2) + ':' +
    pad(Math.floor(inDay / 1000) % 60, 2) + '.' + pad(inDay % 1000, 3) + 'Z'
  );
}

/** The Hive-style partition values of a moment, in UTC: dt=YYYY-MM-DD, hr=HH. */
export function partitionOf(millis: number): { dt: string; hr: string } {
  const iso = isoTimestamp(millis);
  return { dt: iso.substring(0, 10), hr: iso.substring(11, 13) };
}

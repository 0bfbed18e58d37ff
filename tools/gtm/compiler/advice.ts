// TypeScript reports a missing standard-library method as "Property 'x' does not exist" (and may suggest another
// `lib`); say instead what GTM's sandbox offers.
import ts from 'typescript';
import { ABSENT_METHODS } from '../lint/index.ts';

const MISSING_PROPERTY = new Set([2339, 2550, 2551]);

/** A replacement message for a diagnostic about a method the sandbox lacks, or undefined for any other diagnostic. */
export function sandboxMethodMessage(d: ts.Diagnostic): string | undefined {
  if (!MISSING_PROPERTY.has(d.code) || !d.file || d.start === undefined) return;
  const name = d.file.text.slice(d.start, d.start + (d.length ?? 0));
  const absent = Object.hasOwn(ABSENT_METHODS, name) ? ABSENT_METHODS[name] : undefined;
  return absent ? `GTM's sandbox has no ${name}() (its standard library is smaller than ES5's): write ${absent.instead}.` : undefined;
}

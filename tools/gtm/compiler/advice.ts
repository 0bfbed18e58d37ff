// TypeScript reports a missing standard-library method as "Property 'x' does not exist"; say what the sandbox offers.
import ts from 'typescript';
import { ABSENT_METHODS } from '../lint/index.ts';

const MISSING_PROPERTY = new Set([2339, 2551]);

export function adviceForMissingMember(d: ts.Diagnostic): string | undefined {
  if (!MISSING_PROPERTY.has(d.code) || !d.file || d.start === undefined) return;
  const name = d.file.text.slice(d.start, d.start + (d.length ?? 0));
  const absent = Object.hasOwn(ABSENT_METHODS, name) ? ABSENT_METHODS[name] : undefined;
  return absent ? `GTM's sandbox has no ${name}(); write ${absent.instead}.` : undefined;
}

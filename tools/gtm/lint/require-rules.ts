// GTM finds the APIs (and so the permissions) a template needs by reading its require('name') calls, so every
// require must name an API of the template's context with one string literal.
import type * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { apiInContext, apiNames, type Context } from '../api/catalog.ts';
import { findingAt, type Finding } from './finding.ts';
import type { Reference } from './scope.ts';

export interface RequireCall {
  call: acorn.CallExpression;
  /** the API name when the argument is one string literal */
  name: string | undefined;
}

/** Calls of the sandbox's own `require` (not of a local function that happens to be called require). */
export function requireCalls(program: acorn.Program, references: Map<acorn.Identifier, Reference>): RequireCall[] {
  const calls: RequireCall[] = [];
  walk.simple(program, {
    CallExpression(call) {
      if (!isSandboxRequire(call.callee, references)) return;
      const [arg] = call.arguments;
      const literal = call.arguments.length === 1 && arg?.type === 'Literal' && typeof arg.value === 'string';
      calls.push({ call, name: literal ? (arg.value as string) : undefined });
    },
  });
  return calls;
}

function isSandboxRequire(node: acorn.AnyNode, references: Map<acorn.Identifier, Reference>): node is acorn.Identifier {
  return node.type === 'Identifier' && node.name === 'require' && references.get(node)?.binding === undefined;
}

export function requireFindings(
  references: Map<acorn.Identifier, Reference>,
  calls: readonly RequireCall[],
  context: Context,
): Finding[] {
  const findings: Finding[] = [];
  const callees = new Set(calls.map((c) => c.call.callee));
  for (const { call, name } of calls) {
    if (name === undefined) {
      findings.push(findingAt(call, 'require-literal', "require() takes exactly one string literal, the API's name, as in require('getUrl'): GTM reads these literals to find the permissions a template needs"));
    } else if (!apiInContext(name, context)) {
      findings.push(findingAt(call.arguments[0]!, 'unknown-api', unknownApiMessage(name, context)));
    }
  }
  // `const r = require;` hides the API name from GTM's permission detection
  for (const [id, ref] of references) {
    if (id.name === 'require' && !ref.binding && !callees.has(id)) {
      findings.push(findingAt(id, 'require-literal', "use require only as a direct call with the API's name: require('getUrl')"));
    }
  }
  return findings;
}

function unknownApiMessage(name: string, context: Context): string {
  const where = context === 'WEB' ? 'web' : 'server';
  const other: Context = context === 'WEB' ? 'SERVER' : 'WEB';
  if (apiInContext(name, other)) {
    return `'${name}' is not an API of ${where} templates (it only exists in ${other === 'SERVER' ? 'server' : 'web'} templates); GTM rejects require('${name}') here`;
  }
  const near = nearestApi(name, context);
  return `Unknown API '${name}': ${where} templates cannot require it${near ? `; did you mean require('${near}')?` : "; see the GTM API list for this context"}`;
}

/** An API name that differs only in letter case or by at most two edits (encodeURIComponent → encodeUriComponent). */
function nearestApi(name: string, context: Context): string | undefined {
  const candidates = apiNames(context);
  const lower = name.toLowerCase();
  const sameLetters = candidates.find((c) => c.toLowerCase() === lower);
  if (sameLetters) return sameLetters;
  let best: { name: string; distance: number } | undefined;
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: c, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

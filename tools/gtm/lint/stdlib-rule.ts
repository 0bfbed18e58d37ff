// Calls of ES methods the sandbox's standard library lacks. The receiver's type is unknown to a linter of plain
// JavaScript (x.includes may be an array's or an API object's), so these are warnings; the TypeScript side judges
// them exactly with the sandbox library's types.
import type * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import { API_CATALOG } from '../api/catalog.ts';
import { findingAt, type Finding } from './finding.ts';
import type { Reference } from './scope.ts';
import type { RequireCall } from './require-rules.ts';
import { ABSENT_METHODS } from './stdlib.ts';

export function stdlibFindings(
  program: acorn.Program,
  references: Map<acorn.Identifier, Reference>,
  requires: readonly RequireCall[],
): Finding[] {
  const requireCallNodes = new Set<acorn.Node>(requires.map((r) => r.call));
  // API objects (Object, JSON, templateStorage, Firestore, …) have their own methods: Object.keys is fine
  const isApiObject = (receiver: acorn.Node): boolean => {
    if (requireCallNodes.has(receiver)) return true;
    if (receiver.type !== 'Identifier') return false;
    const id = receiver as acorn.Identifier;
    const init = references.get(id)?.binding?.init;
    return Object.hasOwn(API_CATALOG, id.name) || (init !== undefined && requireCallNodes.has(init));
  };
  const findings: Finding[] = [];
  walk.simple(program, {
    CallExpression(call) {
      const callee = call.callee;
      if (callee.type !== 'MemberExpression') return;
      const name = methodName(callee);
      if (name === undefined || !Object.hasOwn(ABSENT_METHODS, name) || isApiObject(callee.object)) return;
      const absent = ABSENT_METHODS[name]!;
      const on = absent.on.join(' and ');
      findings.push(
        findingAt(
          callee.property,
          'stdlib-method',
          `${name}() is not in GTM's standard library: on ${on} values it is undefined in the sandbox; use ${absent.instead}`,
          'warning',
        ),
      );
    },
  });
  return findings;
}

function methodName(member: acorn.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (member.computed && member.property.type === 'Literal' && typeof member.property.value === 'string') return member.property.value;
  return undefined;
}

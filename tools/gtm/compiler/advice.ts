// Clearer words for TypeScript errors that template authors meet most: a standard-library method the sandbox lacks
// (TypeScript suggests another `lib`), and a field of `data` the template does not declare (TypeScript prints the
// whole computed type of `data`).
import ts from 'typescript';
import { ABSENT_METHODS } from '../lint/index.ts';

const MISSING_PROPERTY = new Set([2339, 2550, 2551]);

/** A replacement message for a diagnostic, or undefined to keep TypeScript's. */
export function sandboxMessage(d: ts.Diagnostic, checker: ts.TypeChecker): string | undefined {
  if (!MISSING_PROPERTY.has(d.code) || !d.file || d.start === undefined) return;
  const name = d.file.text.slice(d.start, d.start + (d.length ?? 0));
  const access = propertyAccessAt(d.file, d.start);
  if (access && ts.isIdentifier(access.expression) && access.expression.text === 'data') {
    const fields = checker.getTypeAtLocation(access.expression).getProperties().map((p) => p.name).sort();
    return `data has no field '${name}': the template's parameters (template.ts) give ${fields.length > 0 ? fields.join(', ') : 'no fields'}.`;
  }
  const absent = Object.hasOwn(ABSENT_METHODS, name) ? ABSENT_METHODS[name] : undefined;
  return absent ? `GTM's sandbox has no ${name}() (its standard library is smaller than ES5's): write ${absent.instead}.` : undefined;
}

function propertyAccessAt(file: ts.SourceFile, position: number): ts.PropertyAccessExpression | undefined {
  const visit = (node: ts.Node): ts.PropertyAccessExpression | undefined => {
    if (position < node.getStart(file) || position >= node.getEnd()) return;
    if (ts.isPropertyAccessExpression(node) && node.name.getStart(file) === position) return node;
    return ts.forEachChild(node, visit);
  };
  return visit(file);
}

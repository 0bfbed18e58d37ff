// Points a definition problem at the template.ts text that caused it.
import ts from 'typescript';

type Position = { line: number; column: number };

/**
 * Finds what a definition problem's path (`parameters[2].subParams[0] (name "x")`, `permissions.send_pixel`) names in
 * template.ts, by following the path through the object literal given to defineTemplate for as long as it is written
 * out literally. A search for the name instead would point at the first field of that name (the original, not the
 * duplicate; another table's column) or at an unrelated key spelled alike (a field named `type`).
 */
export function definitionLocator(file: string, text: string): (path: string) => Position {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
    }
  }
  // The value an expression stands for, through parentheses, `as`, `satisfies` and top-level constants.
  const valueOf = (node: ts.Expression, seen = new Set<string>()): ts.Expression => {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
      return valueOf(node.expression, seen);
    }
    if (ts.isIdentifier(node) && constants.has(node.text) && !seen.has(node.text)) {
      return valueOf(constants.get(node.text)!, seen.add(node.text));
    }
    return node;
  };
  const exported = source.statements.find(ts.isExportAssignment);
  let root = exported ? valueOf(exported.expression) : undefined;
  if (root && ts.isCallExpression(root) && root.arguments[0]) root = valueOf(root.arguments[0]);

  /** The node written for one step of a path, and the value it holds. */
  const step = (node: ts.Expression, key: string): [ts.Node, ts.Expression] | undefined => {
    const index = /^\[(\d+)\]$/.exec(key)?.[1];
    if (index !== undefined) {
      if (!ts.isArrayLiteralExpression(node)) return undefined;
      const elements = node.elements.slice(0, Number(index) + 1);
      const element = elements[Number(index)];
      // after a spread, element positions no longer match the array's indexes
      return element && !elements.some(ts.isSpreadElement) ? [element, valueOf(element)] : undefined;
    }
    if (!ts.isObjectLiteralExpression(node)) return undefined;
    const property = node.properties.find(
      (p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && propertyName(p.name) === key,
    );
    if (property && ts.isPropertyAssignment(property)) return [property, valueOf(property.initializer)];
    if (property && ts.isShorthandPropertyAssignment(property)) return [property, valueOf(property.name)];
    return undefined;
  };

  return (path) => {
    if (!root || !ts.isObjectLiteralExpression(root)) return { line: 1, column: 1 };
    let at: ts.Node = root;
    let value: ts.Expression = root;
    let whole = true;
    for (const key of path.replace(/ \(name .*\)$/, '').match(/\[\d+\]|[^.[\]]+/g) ?? []) {
      const next = step(value, key);
      if (!next) {
        whole = false;
        break;
      }
      [at, value] = next;
    }
    // A field reached in full is shown at its name, the word a reader looks for.
    const name = whole && / \(name /.test(path) ? step(value, 'name') : undefined;
    const { line, character } = source.getLineAndCharacterOfPosition((name?.[0] ?? at).getStart(source));
    return { line: line + 1, column: character + 1 };
  };
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

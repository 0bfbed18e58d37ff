// Rewrites of TypeScript that the sandbox cannot run as written but that have an exact sandbox equivalent:
// require() and the Object/Math/JSON globals become API imports, `delete` becomes Object.delete, template literals
// become concatenation, and object-literal shorthands become their long forms.
// Everything else the sandbox lacks is left in place for the lint pass to report.
import ts from 'typescript';

/** Modules `gtm-api:<name>` stand for `require('<name>')`; the bundler turns them into one top-level require each. */
export const API_MODULE_PREFIX = 'gtm-api:';

/** Globals of the sandbox library that GTM only offers through `require`. */
const REQUIRED_GLOBALS = new Set(['Object', 'Math', 'JSON']);

export function loweringTransformer(
  checker: ts.TypeChecker,
  isLibFile: (fileName: string) => boolean,
  onApiUse: (api: string, node: ts.Node) => void,
): ts.TransformerFactory<ts.SourceFile> {
  const declaredInLib = (node: ts.Node): boolean => {
    const symbol = checker.getSymbolAtLocation(node);
    const declarations = symbol?.declarations ?? [];
    return declarations.length > 0 && declarations.every((d) => isLibFile(d.getSourceFile().fileName));
  };

  return (context) => (sourceFile) => {
    const f = context.factory;
    const apiBindings = new Map<string, ts.Identifier>();
    const importsToAdd: string[] = [];

    const apiBinding = (api: string, usedBy?: ts.Node): ts.Identifier => {
      if (usedBy) onApiUse(api, usedBy);
      let id = apiBindings.get(api);
      if (!id) {
        id = f.createIdentifier(`__gtm_${api}`);
        apiBindings.set(api, id);
        importsToAdd.push(api);
      }
      return id;
    };

    const requiredApi = (node: ts.Node): string | undefined => {
      if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require') return;
      const [arg] = node.arguments;
      if (node.arguments.length !== 1 || !arg || !ts.isStringLiteralLike(arg)) return;
      return declaredInLib(node.expression) ? arg.text : undefined;
    };

    const visit = (node: ts.Node): ts.Node => {
      const api = requiredApi(node);
      if (api !== undefined) return apiBinding(api, node);

      if (ts.isIdentifier(node) && REQUIRED_GLOBALS.has(node.text) && isValuePosition(node) && declaredInLib(node)) {
        return apiBinding(node.text, node);
      }

      if (ts.isDeleteExpression(node)) {
        let target: ts.Expression = node.expression;
        while (ts.isParenthesizedExpression(target)) target = target.expression;
        if (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
          const key = ts.isPropertyAccessExpression(target)
            ? f.createStringLiteral(target.name.text)
            : (ts.visitNode(target.argumentExpression, visit) as ts.Expression);
          const object = ts.visitNode(target.expression, visit) as ts.Expression;
          const call = f.createCallExpression(f.createPropertyAccessExpression(apiBinding('Object', node), 'delete'), undefined, [
            object,
            key,
          ]);
          return ts.setTextRange(call, node);
        }
      }

      // Object literal shorthands are ES2015 sugar the sandbox may not parse; their long forms mean the same.
      if (ts.isShorthandPropertyAssignment(node) && !node.objectAssignmentInitializer) {
        const symbol = checker.getShorthandAssignmentValueSymbol(node);
        const isGlobal =
          REQUIRED_GLOBALS.has(node.name.text) && !!symbol?.declarations?.every((d) => isLibFile(d.getSourceFile().fileName));
        const value = isGlobal ? apiBinding(node.name.text, node) : f.createIdentifier(node.name.text);
        return ts.setTextRange(f.createPropertyAssignment(node.name.text, value), node);
      }
      if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent) && !node.asteriskToken && !node.modifiers?.length && node.body) {
        const visited = ts.visitEachChild(node, visit, context);
        const fn = f.createFunctionExpression(undefined, undefined, undefined, undefined, visited.parameters, undefined, visited.body!);
        return ts.setTextRange(f.createPropertyAssignment(visited.name, ts.setTextRange(fn, node)), node);
      }

      if (ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTaggedTemplateExpression(node.parent)) {
        return ts.setTextRange(f.createStringLiteral(node.text), node);
      }
      if (ts.isTemplateExpression(node) && !ts.isTaggedTemplateExpression(node.parent)) {
        let result: ts.Expression = f.createStringLiteral(node.head.text);
        for (const span of node.templateSpans) {
          const expression = ts.visitNode(span.expression, visit) as ts.Expression;
          result = f.createBinaryExpression(result, ts.SyntaxKind.PlusToken, expression);
          if (span.literal.text !== '') {
            result = f.createBinaryExpression(result, ts.SyntaxKind.PlusToken, f.createStringLiteral(span.literal.text));
          }
        }
        return ts.setTextRange(result, node);
      }

      return ts.visitEachChild(node, visit, context);
    };

    // `const x = require('api')` at the top of a module becomes an import so that the bundle has one binding per API.
    const statements: ts.Statement[] = [];
    for (const statement of sourceFile.statements) {
      const api = topLevelRequire(statement, requiredApi);
      if (api) {
        onApiUse(api.api, api.call);
        apiBindings.set(api.api, api.name);
        statements.push(apiImport(f, api.name, api.api));
        continue;
      }
      statements.push(ts.visitNode(statement, visit) as ts.Statement);
    }
    const imports = importsToAdd.map((api) => apiImport(f, apiBindings.get(api)!, api));
    return f.updateSourceFile(sourceFile, [...imports, ...statements]);
  };
}

function apiImport(f: ts.NodeFactory, name: ts.Identifier, api: string): ts.ImportDeclaration {
  return f.createImportDeclaration(
    undefined,
    f.createImportClause(false, f.createIdentifier(name.text), undefined),
    f.createStringLiteral(API_MODULE_PREFIX + api),
  );
}

function topLevelRequire(
  statement: ts.Statement,
  requiredApi: (node: ts.Node) => string | undefined,
): { name: ts.Identifier; api: string; call: ts.Expression } | undefined {
  if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) return;
  if (statement.modifiers?.length) return;
  const [declaration] = statement.declarationList.declarations;
  if (statement.declarationList.declarations.length !== 1 || !declaration) return;
  if (!ts.isIdentifier(declaration.name) || !declaration.initializer || declaration.type) return;
  const api = requiredApi(declaration.initializer);
  return api === undefined ? undefined : { name: declaration.name, api, call: declaration.initializer };
}

/** True where an identifier reads a variable (not a property name, declaration name or type). */
function isValuePosition(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return false;
  if (ts.isShorthandPropertyAssignment(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isTypeQueryNode(parent)) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent)) && parent.name === node) {
    return false;
  }
  return true;
}

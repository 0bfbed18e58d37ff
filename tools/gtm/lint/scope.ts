// Resolves every identifier the code reads or writes to its declaration, or to nothing (a free name, which the
// sandbox only has a handful of). Declarations count for their whole scope, as hoisting makes them in JavaScript.
import type * as acorn from 'acorn';

export interface Binding {
  name: string;
  /** the initial value of `const x = …` / `let x = …` / `var x = …`, which tells API aliases apart */
  init?: acorn.Expression;
}

export type FunctionKind = 'program' | 'function' | 'arrow';

export interface Reference {
  binding: Binding | undefined;
  /** the innermost function around the reference: `arguments` only exists in a plain `function` */
  functionKind: FunctionKind;
}

interface Scope {
  parent: Scope | undefined;
  bindings: Map<string, Binding>;
  functionKind: FunctionKind;
  /** where `var` and function declarations go */
  isFunctionScope: boolean;
}

/** Every identifier in a reading or writing position, with what it resolves to. */
export function analyzeScopes(program: acorn.Program): Map<acorn.Identifier, Reference> {
  const references = new Map<acorn.Identifier, Reference>();
  const root = newScope(undefined, 'program', true);
  hoist(program.body, root);
  declareLexical(program.body, root);
  for (const statement of program.body) visit(statement, root, references);
  return references;
}

/** The names a script declares at its top level (a test setup's names are visible to every scenario). */
export function topLevelNames(program: acorn.Program): string[] {
  const root = newScope(undefined, 'program', true);
  hoist(program.body, root);
  declareLexical(program.body, root);
  return [...root.bindings.keys()];
}

function newScope(parent: Scope | undefined, functionKind: FunctionKind, isFunctionScope: boolean): Scope {
  return { parent, bindings: new Map(), functionKind, isFunctionScope };
}

function declare(scope: Scope, id: acorn.Identifier, init?: acorn.Expression | null): void {
  scope.bindings.set(id.name, init ? { name: id.name, init } : { name: id.name });
}

function declarePattern(scope: Scope, pattern: acorn.Pattern, init?: acorn.Expression | null): void {
  if (pattern.type === 'Identifier') declare(scope, pattern, init);
  else for (const id of patternIdentifiers(pattern)) declare(scope, id);
}

function patternIdentifiers(pattern: acorn.Pattern): acorn.Identifier[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern];
    case 'ObjectPattern':
      return pattern.properties.flatMap((p) => patternIdentifiers(p.type === 'RestElement' ? p : p.value));
    case 'ArrayPattern':
      return pattern.elements.flatMap((e) => (e ? patternIdentifiers(e) : []));
    case 'RestElement':
      return patternIdentifiers(pattern.argument);
    case 'AssignmentPattern':
      return patternIdentifiers(pattern.left);
    case 'MemberExpression':
      return [];
  }
}

/** `var` and function declarations anywhere in a function body (not in nested functions) belong to its scope. */
function hoist(statements: readonly acorn.AnyNode[], scope: Scope): void {
  for (const statement of statements) {
    switch (statement.type) {
      case 'VariableDeclaration':
        if (statement.kind === 'var') for (const d of statement.declarations) declarePattern(scope, d.id, d.init);
        break;
      case 'FunctionDeclaration':
        if (statement.id) declare(scope, statement.id);
        break;
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        if (statement.declaration) hoist([statement.declaration], scope);
        break;
      case 'ImportDeclaration':
        for (const s of statement.specifiers) declare(scope, s.local);
        break;
      case 'BlockStatement':
      case 'StaticBlock':
        hoist(statement.body, scope);
        break;
      case 'IfStatement':
        hoist(statement.alternate ? [statement.consequent, statement.alternate] : [statement.consequent], scope);
        break;
      case 'ForStatement':
        hoist(statement.init ? [statement.init, statement.body] : [statement.body], scope);
        break;
      case 'ForInStatement':
      case 'ForOfStatement':
        hoist([statement.left, statement.body], scope);
        break;
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        hoist([statement.body], scope);
        break;
      case 'SwitchStatement':
        for (const c of statement.cases) hoist(c.consequent, scope);
        break;
      case 'TryStatement':
        hoist([statement.block, ...(statement.handler ? [statement.handler.body] : []), ...(statement.finalizer ? [statement.finalizer] : [])], scope);
        break;
    }
  }
}

/** `let`, `const`, `class` and function declarations directly in a block belong to the block. */
function declareLexical(statements: readonly acorn.AnyNode[], scope: Scope): void {
  for (const statement of statements) {
    const declaration = statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration' ? statement.declaration : statement;
    if (!declaration) continue;
    if (declaration.type === 'VariableDeclaration' && declaration.kind !== 'var') {
      for (const d of declaration.declarations) declarePattern(scope, d.id, d.init);
    } else if ((declaration.type === 'ClassDeclaration' || declaration.type === 'FunctionDeclaration') && declaration.id) {
      declare(scope, declaration.id);
    }
  }
}

function resolve(scope: Scope | undefined, name: string): Binding | undefined {
  for (let s = scope; s; s = s.parent) {
    const binding = s.bindings.get(name);
    if (binding) return binding;
  }
  return undefined;
}

type References = Map<acorn.Identifier, Reference>;

function reference(id: acorn.Identifier, scope: Scope, references: References): void {
  references.set(id, { binding: resolve(scope, id.name), functionKind: scope.functionKind });
}

function visit(node: acorn.AnyNode | null | undefined, scope: Scope, references: References): void {
  if (!node) return;
  switch (node.type) {
    case 'Identifier':
      reference(node, scope, references);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      visitFunction(node, scope, references);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const inner = newScope(scope, scope.functionKind, false);
      if (node.id) declare(inner, node.id);
      visit(node.superClass, inner, references);
      visit(node.body, inner, references);
      return;
    }
    case 'BlockStatement':
    case 'StaticBlock': {
      const block = newScope(scope, scope.functionKind, false);
      declareLexical(node.body, block);
      for (const s of node.body) visit(s, block, references);
      return;
    }
    case 'VariableDeclaration':
      for (const d of node.declarations) {
        visitPatternDefaults(d.id, scope, references);
        visit(d.init, scope, references);
      }
      return;
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const loop = newScope(scope, scope.functionKind, false);
      const head = node.type === 'ForStatement' ? node.init : node.left;
      if (head?.type === 'VariableDeclaration') declareLexical([head], loop);
      if (node.type === 'ForStatement') {
        visit(node.init, loop, references);
        visit(node.test, loop, references);
        visit(node.update, loop, references);
      } else {
        if (node.left.type === 'VariableDeclaration') visit(node.left, loop, references);
        else visitAssignmentTarget(node.left, loop, references);
        visit(node.right, loop, references);
      }
      visit(node.body, loop, references);
      return;
    }
    case 'SwitchStatement': {
      visit(node.discriminant, scope, references);
      const cases = newScope(scope, scope.functionKind, false);
      declareLexical(node.cases.flatMap((c) => c.consequent), cases);
      for (const c of node.cases) {
        visit(c.test, cases, references);
        for (const s of c.consequent) visit(s, cases, references);
      }
      return;
    }
    case 'CatchClause': {
      const handler = newScope(scope, scope.functionKind, false);
      if (node.param) {
        declarePattern(handler, node.param);
        visitPatternDefaults(node.param, handler, references);
      }
      visit(node.body, handler, references);
      return;
    }
    case 'AssignmentExpression':
      visitAssignmentTarget(node.left, scope, references);
      visit(node.right, scope, references);
      return;
    case 'MemberExpression':
      visit(node.object, scope, references);
      if (node.computed) visit(node.property, scope, references);
      return;
    case 'Property':
    case 'MethodDefinition':
    case 'PropertyDefinition':
      if (node.computed) visit(node.key, scope, references);
      visit(node.value, scope, references);
      return;
    case 'LabeledStatement':
      visit(node.body, scope, references);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
    case 'ImportDeclaration':
      return;
    case 'ExportSpecifier':
      if (node.local.type === 'Identifier') reference(node.local, scope, references);
      return;
    case 'ExportAllDeclaration':
      return;
    default:
      for (const child of children(node)) visit(child, scope, references);
  }
}

function visitFunction(
  fn: acorn.Function & { type: string },
  scope: Scope,
  references: References,
): void {
  const inner = newScope(scope, fn.type === 'ArrowFunctionExpression' ? 'arrow' : 'function', true);
  // a function expression's own name is visible inside it (a declaration's name was declared around it)
  if (fn.type === 'FunctionExpression' && fn.id) declare(inner, fn.id);
  for (const param of fn.params) declarePattern(inner, param);
  for (const param of fn.params) visitPatternDefaults(param, inner, references);
  if (fn.body.type === 'BlockStatement') {
    hoist(fn.body.body, inner);
    declareLexical(fn.body.body, inner);
    for (const s of fn.body.body) visit(s, inner, references);
  } else {
    visit(fn.body, inner, references);
  }
}

/** In a declared pattern, the names are bindings; default values and computed keys are read. */
function visitPatternDefaults(pattern: acorn.Pattern, scope: Scope, references: References): void {
  switch (pattern.type) {
    case 'ObjectPattern':
      for (const p of pattern.properties) {
        if (p.type === 'RestElement') visitPatternDefaults(p, scope, references);
        else {
          if (p.computed) visit(p.key, scope, references);
          visitPatternDefaults(p.value, scope, references);
        }
      }
      return;
    case 'ArrayPattern':
      for (const e of pattern.elements) if (e) visitPatternDefaults(e, scope, references);
      return;
    case 'RestElement':
      visitPatternDefaults(pattern.argument, scope, references);
      return;
    case 'AssignmentPattern':
      visitPatternDefaults(pattern.left, scope, references);
      visit(pattern.right, scope, references);
      return;
    case 'MemberExpression':
      visit(pattern, scope, references);
      return;
    case 'Identifier':
      return;
  }
}

/** In an assignment, every name in the target is written, so it must resolve like a read. */
function visitAssignmentTarget(target: acorn.Pattern, scope: Scope, references: References): void {
  switch (target.type) {
    case 'Identifier':
    case 'MemberExpression':
      visit(target, scope, references);
      return;
    case 'ObjectPattern':
      for (const p of target.properties) {
        if (p.type === 'RestElement') visitAssignmentTarget(p, scope, references);
        else {
          if (p.computed) visit(p.key, scope, references);
          visitAssignmentTarget(p.value, scope, references);
        }
      }
      return;
    case 'ArrayPattern':
      for (const e of target.elements) if (e) visitAssignmentTarget(e, scope, references);
      return;
    case 'RestElement':
      visitAssignmentTarget(target.argument, scope, references);
      return;
    case 'AssignmentPattern':
      visitAssignmentTarget(target.left, scope, references);
      visit(target.right, scope, references);
      return;
  }
}

const NOT_CHILDREN = new Set(['type', 'start', 'end', 'loc', 'range']);

function children(node: acorn.AnyNode): acorn.AnyNode[] {
  const result: acorn.AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (NOT_CHILDREN.has(key)) continue;
    if (Array.isArray(value)) for (const v of value) if (isNode(v)) result.push(v);
    if (isNode(value)) result.push(value);
  }
  return result;
}

function isNode(value: unknown): value is acorn.AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

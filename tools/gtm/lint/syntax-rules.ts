// The syntax GTM's sandbox does not run. Its language is "a subset based on ECMAScript 5.1" plus arrow functions
// and let/const (developers.google.com/tag-manager/templates/sandboxed-javascript); what published templates use
// beyond that (for...of, switch, typeof, let/const loop heads) is allowed because the GTM editor accepted it.
// Constructs no published template uses are errors too: the message says how to write them in accepted syntax.
import type * as acorn from 'acorn';
import * as walk from 'acorn-walk';
import type { Context } from '../api/catalog.ts';
import { findingAt, type Finding, type Located } from './finding.ts';

type Report = (node: Located, rule: string, message: string) => void;

const UNVERIFIED = 'no published GTM template uses it, so GTM acceptance is unverified';

export function syntaxFindings(program: acorn.Program, context: Context): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (node, rule, message) => findings.push(findingAt(node, rule, message));
  walk.fullAncestor(program, (node, _state, ancestors) => {
    const parent = ancestors[ancestors.length - 2];
    check(node as acorn.AnyNode, parent as acorn.AnyNode | undefined, context, report);
  });
  return findings;
}

function check(node: acorn.AnyNode, parent: acorn.AnyNode | undefined, context: Context, report: Report): void {
  switch (node.type) {
    case 'NewExpression':
      report(node, 'new', "`new` is not available: the sandbox has no constructors. Build values with object and array literals, or use the API's factory (on the server, Promise.create(fn) instead of new Promise(fn))");
      return;
    case 'MetaProperty':
      if (node.meta.name === 'new') report(node, 'new', '`new.target` is not available: the sandbox has no constructors; pass what the function needs as a parameter');
      else report(node, 'import-export', '`import.meta` is not available: template code is a single script, not a module');
      return;
    case 'ThisExpression':
      report(node, 'this', '`this` is not available in the sandbox; pass the object as a parameter instead');
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      report(node, 'class', 'classes are not available (they need `new` and `this`); use functions that take and return plain objects');
      return;
    case 'Literal':
      if (node.regex) report(node, 'regex-literal', regexMessage(context));
      else if (node.bigint !== undefined) report(node, 'bigint', 'BigInt literals are not available; use plain numbers');
      return;
    case 'ObjectPattern':
    case 'ArrayPattern':
      report(node, 'destructuring', 'destructuring is not available; read the parts one by one (const a = obj.a; const first = list[0];)');
      return;
    case 'RestElement':
      if (isFunction(parent)) report(node, 'rest', 'rest parameters are not available; in a `function`, read the extra arguments from `arguments`');
      return;
    case 'AssignmentPattern':
      if (isFunction(parent)) report(node, 'default-parameter', 'default parameter values are not available; set the default in the body: if (x === undefined) x = value;');
      return;
    case 'SpreadElement':
      report(node, 'spread', 'spread syntax (...) is not available; join arrays with concat (a.concat(b)), copy object keys with a for...in loop, and pass call arguments one by one');
      return;
    case 'TryStatement':
      report(node, 'try', 'try/catch/finally is not available; check values before using them instead (JSON.parse returns undefined for bad input)');
      return;
    case 'ThrowStatement':
      report(node, 'throw', 'throw is not available; return early, and in a tag call data.gtmOnFailure()');
      return;
    case 'UnaryExpression':
      if (node.operator === 'void') report(node, 'void', 'the void operator is not available; write undefined');
      if (node.operator === 'delete') report(node, 'delete', "the delete operator is not available; use require('Object').delete(obj, key)");
      return;
    case 'BinaryExpression':
      if (node.operator === 'in') report(node, 'in-operator', "the `in` operator is not available (for...in loops are); test obj.hasOwnProperty(key) or obj[key] !== undefined");
      if (node.operator === 'instanceof') report(node, 'instanceof', "instanceof is not available (there are no constructors); use getType(value) (require('getType')), which returns 'array', 'object', 'string', …");
      if (node.operator === '**') report(node, 'exponent', "the ** operator is not available; use Math.pow(a, b) (const Math = require('Math'))");
      return;
    case 'LogicalExpression':
      if (node.operator === '??') report(node, 'nullish', '?? is not available; write (a === undefined || a === null ? b : a), or a || b when no falsy value is valid');
      return;
    case 'AssignmentExpression':
      if (node.operator === '**=') report(node, 'exponent', "the **= operator is not available; write x = Math.pow(x, n) (const Math = require('Math'))");
      if (node.operator === '??=' || node.operator === '||=' || node.operator === '&&=') {
        const op = node.operator.slice(0, 2);
        report(node, 'logical-assignment', `${node.operator} is not available; write x = x ${op === '??' ? '=== undefined || x === null ? value : x' : `${op} value`}`);
      }
      return;
    case 'Property':
      if (parent?.type !== 'ObjectExpression') return;
      if (node.kind !== 'init') report(node, 'accessor', 'getters and setters are not available; store the value in a plain property, or use a function property');
      else if (node.method) report(node, 'method-shorthand', `method shorthand is not allowed (${UNVERIFIED}); write name: function (…) { … }`);
      else if (node.shorthand) report(node, 'shorthand-property', `shorthand properties are not allowed (${UNVERIFIED}); write the key and the value: { name: name }`);
      if (node.computed) report(node, 'computed-key', `computed keys are not allowed in object literals (${UNVERIFIED}); create the object, then assign obj[key] = value`);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      const at = parent && isMethodValue(parent, node) ? parent : node;
      if (node.async) report(at, 'async', asyncMessage(context, 'async functions are'));
      if (node.generator) report(at, 'generator', 'generator functions are not available; return an array, or take a callback');
      return;
    }
    case 'AwaitExpression':
      report(node, 'async', asyncMessage(context, '`await` is'));
      return;
    case 'ForOfStatement':
      if (node.await) report(node, 'async', asyncMessage(context, '`for await` is'));
      return;
    case 'YieldExpression':
      report(node, 'generator', '`yield` is not available (there are no generators); return an array, or take a callback');
      return;
    case 'LabeledStatement':
      report(node, 'label', 'labels are not available; leave nested loops with a flag variable, or move the loops into a function and return');
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
      if (node.label) report(node, 'label', `labeled ${node.type === 'BreakStatement' ? 'break' : 'continue'} is not available; use a flag variable, or move the loops into a function and return`);
      return;
    case 'ChainExpression':
      // one finding per chain, however many ?. it has
      report(node, 'optional-chaining', 'optional chaining (?.) is not available; test first: a && a.b (or a ? a.b() : undefined)');
      return;
    case 'TemplateLiteral':
      if (parent?.type !== 'TaggedTemplateExpression') report(node, 'template-literal', "template literals are not available; use string concatenation: 'a' + x + 'b'");
      return;
    case 'TaggedTemplateExpression':
      report(node, 'tagged-template', 'tagged templates are not available; call the function with the strings and values as arguments');
      return;
    case 'WithStatement':
      report(node, 'with', '`with` is not available; name the object in each property access');
      return;
    case 'DebuggerStatement':
      report(node, 'debugger', "debugger statements are not available; remove it (log with logToConsole, require('logToConsole'))");
      return;
    case 'SequenceExpression':
      report(node, 'sequence', `the comma operator is not allowed (${UNVERIFIED}); write separate statements`);
      return;
    case 'DoWhileStatement':
      report(node, 'do-while', `do...while is not allowed (${UNVERIFIED}); write while (true) { …; if (!condition) break; }`);
      return;
    case 'ImportDeclaration':
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
    case 'ExportAllDeclaration':
    case 'ImportExpression':
      report(node, 'import-export', "import and export are not available: template code is one script. Get GTM APIs with const name = require('name'); a variable template returns its value with `return`");
      return;
  }
}

function isFunction(node: acorn.AnyNode | undefined): boolean {
  return node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression';
}

/** A method's function starts at its parameters; the construct the user wrote starts at the property. */
function isMethodValue(parent: acorn.AnyNode, fn: acorn.AnyNode): boolean {
  return (parent.type === 'Property' || parent.type === 'MethodDefinition') && parent.value === fn && (parent.type === 'MethodDefinition' || parent.method || parent.kind !== 'init');
}

function regexMessage(context: Context): string {
  return context === 'SERVER'
    ? "regular expression literals are not available; use createRegex(pattern, flags) and testRegex(regex, text) (require both)"
    : 'regular expression literals are not available (web templates have no regex API); use string methods such as indexOf, split and replace with a string';
}

function asyncMessage(context: Context, what: string): string {
  return context === 'SERVER'
    ? `${what} not available; use promises: Promise.create((resolve, reject) => …) and .then(…) (const Promise = require('Promise'))`
    : `${what} not available, and web templates have no promises; pass callbacks`;
}

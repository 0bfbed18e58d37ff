// Builds every template of the repository: definition + sandbox TypeScript → template.tpl.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { compileTemplate } from './compiler/compile.ts';
import { checkDefinition, infoJson, parametersJson, type TemplateDefinition } from './define/index.ts';
import { BuildError, type Diagnostic } from './diagnostic.ts';
import { inferPermissions } from './permissions/index.ts';
import { writeTemplateFile } from './tpl/index.ts';

/** The files of one template, by the folder convention of docs/toolchain.md. */
export interface TemplateSource {
  dir: string;
  definition: string;
  entry: string;
  tests: string | undefined;
  output: string;
}

export function templateSource(dir: string): TemplateSource {
  const abs = resolve(dir);
  const tests = join(abs, 'sandbox', 'tests.ts');
  return {
    dir: abs,
    definition: join(abs, 'template.ts'),
    entry: join(abs, 'sandbox', 'main.ts'),
    tests: existsSync(tests) ? tests : undefined,
    output: join(abs, 'template.tpl'),
  };
}

const SKIP = new Set(['node_modules', '.git', 'dist', 'data']);

/** Every folder under `root` holding a template.ts beside a sandbox/main.ts. */
export function findTemplates(root: string): TemplateSource[] {
  const found: TemplateSource[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (entries.some((e) => e.name === 'template.ts' && e.isFile()) && existsSync(join(dir, 'sandbox', 'main.ts'))) {
      found.push(templateSource(dir));
    }
    for (const e of entries) {
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name));
    }
  };
  walk(resolve(root));
  return found.sort((a, b) => a.dir.localeCompare(b.dir));
}

export async function loadDefinition(file: string): Promise<TemplateDefinition> {
  const module = (await import(pathToFileURL(file).href)) as { default?: TemplateDefinition };
  if (!module.default) {
    throw new BuildError([{ file, line: 1, column: 1, message: 'template.ts must `export default defineTemplate({ … })`' }]);
  }
  return module.default;
}

/** The .tpl text of one template; throws a BuildError with every problem found. */
export async function buildTemplate(source: TemplateSource): Promise<string> {
  const definition = await loadDefinition(source.definition);
  const locate = definitionLocator(source.definition, readFileSync(source.definition, 'utf8'));
  const fileExists = (relativePath: string): boolean => existsSync(resolve(source.dir, relativePath));
  const problems: Diagnostic[] = checkDefinition(definition, { fileExists }).map((p) => ({
    ...locate(p.path),
    file: source.definition,
    message: `${p.path}: ${p.message}`,
    rule: 'definition',
  }));
  if (problems.length > 0) throw new BuildError(problems);

  const compiled = await compileTemplate({
    context: definition.info.context,
    type: definition.info.type,
    entry: source.entry,
    tests: source.tests,
  });

  const inferred = inferPermissions({
    context: definition.info.context,
    usedApis: compiled.apis,
    settings: definition.permissions,
  });
  if (inferred.problems.length > 0) {
    throw new BuildError(
      inferred.problems.map((p) => {
        const use = compiled.apis.find((a) => a.name === p.api);
        const at = use ?? { file: source.definition, ...locate(`permissions.${p.permission}`) };
        return { file: at.file, line: at.line, column: at.column, message: p.message, rule: 'permissions' };
      }),
    );
  }

  const thumbnail = definition.info.brand.thumbnail;
  const thumbnailDataUrl = thumbnail
    ? `data:image/png;base64,${readFileSync(resolve(source.dir, thumbnail)).toString('base64')}`
    : undefined;
  return writeTemplateFile({
    termsOfService: true,
    info: infoJson(definition, thumbnailDataUrl),
    parameters: parametersJson(definition),
    context: definition.info.context,
    code: compiled.code,
    permissions: inferred.permissions,
    tests: compiled.tests ?? { scenarios: [] },
    notes: definition.notes,
  });
}

export interface BuildResult {
  source: TemplateSource;
  /** 'written' or 'unchanged' on success, 'stale' when checking found a difference */
  status: 'written' | 'unchanged' | 'stale' | 'failed';
  error?: BuildError;
}

/** Builds templates; with `check`, writes nothing and reports the committed files that differ from a fresh build. */
export async function buildTemplates(sources: TemplateSource[], opts: { check: boolean }): Promise<BuildResult[]> {
  const results: BuildResult[] = [];
  for (const source of sources) {
    try {
      const text = await buildTemplate(source);
      const current = existsSync(source.output) ? readFileSync(source.output, 'utf8') : undefined;
      if (current === text) results.push({ source, status: 'unchanged' });
      else if (opts.check) results.push({ source, status: 'stale' });
      else {
        writeFileSync(source.output, text);
        results.push({ source, status: 'written' });
      }
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      results.push({ source, status: 'failed', error });
    }
  }
  return results;
}

type Position = { line: number; column: number };

/**
 * Finds what a definition problem's path (`parameters[2].subParams[0] (name "x")`, `permissions.send_pixel`) names in
 * template.ts, by following the path through the object literal given to defineTemplate for as long as it is written
 * out literally. A search for the name instead would point at the first field of that name (the original, not the
 * duplicate; another table's column) or at an unrelated key spelled alike (a field named `type`).
 */
function definitionLocator(file: string, text: string): (path: string) => Position {
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

export function displayPath(file: string): string {
  return relative(process.cwd(), file) || dirname(file);
}

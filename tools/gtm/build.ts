// Builds every template of the repository: definition + sandbox TypeScript → template.tpl.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileTemplate } from './compiler/compile.ts';
import { checkDefinition, infoJson, parametersJson, type TemplateDefinition } from './define/index.ts';
import { definitionLocator } from './define/locate.ts';
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

export function displayPath(file: string): string {
  return relative(process.cwd(), file) || dirname(file);
}

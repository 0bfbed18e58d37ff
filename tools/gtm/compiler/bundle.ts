// Joins the emitted modules into one script with rollup: scope hoisting, tree shaking, one require per API.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { rollup, type RollupError } from 'rollup';
import type { Diagnostic } from '../diagnostic.ts';
import { API_MODULE_PREFIX } from './lower.ts';
import { resolveModule, type EmittedModule } from './typescript-stage.ts';

const VIRTUAL = '\0';
/** `import text from './file?text'` embeds the file's text (see api/sandbox/common.d.ts). */
const TEXT_SUFFIX = '?text';
const TEXT_MODULE = `${VIRTUAL}text:`;

export interface Bundle {
  code: string;
  /** source map from `code` back to the TypeScript files (absolute paths) */
  map: string;
}

export async function bundleModules(entry: string, modules: Map<string, EmittedModule>): Promise<Bundle | Diagnostic[]> {
  const problems: Diagnostic[] = [];
  let bundle;
  try {
    bundle = await rollup({
      input: entry,
      treeshake: {
        // An unused API binding is dropped, so an unused require never asks for a permission.
        moduleSideEffects: (id) => !id.startsWith(VIRTUAL),
        propertyReadSideEffects: true,
      },
      onwarn: (warning) => {
        if (warning.code === 'EMPTY_BUNDLE') return;
        problems.push({
          file: warning.loc?.file ?? warning.id ?? entry,
          line: warning.loc?.line ?? 1,
          column: (warning.loc?.column ?? 0) + 1,
          message: warning.message,
          rule: `rollup:${warning.code ?? 'warning'}`,
        });
      },
      plugins: [
        {
          name: 'sandbox-modules',
          resolveId(source, importer) {
            if (source.startsWith(API_MODULE_PREFIX)) return VIRTUAL + source;
            if (source.endsWith(TEXT_SUFFIX) && importer) {
              return TEXT_MODULE + resolve(dirname(importer), source.slice(0, -TEXT_SUFFIX.length));
            }
            if (!importer) return modules.has(source) ? source : null;
            return resolveModule(source, importer, modules) ?? null;
          },
          load(id) {
            if (id.startsWith(TEXT_MODULE)) {
              const file = id.slice(TEXT_MODULE.length);
              if (!existsSync(file)) this.error(`cannot embed ${file}: no such file (build it first?)`);
              return `export default ${JSON.stringify(readFileSync(file, 'utf8'))};\n`;
            }
            if (id.startsWith(VIRTUAL)) {
              const api = id.slice(VIRTUAL.length + API_MODULE_PREFIX.length);
              // pure: looking an API up has no effect, so an API whose only users were tree-shaken goes too
              return `const ${api} = /*#__PURE__*/ require('${api}');\nexport default ${api};\n`;
            }
            const module = modules.get(id);
            return module ? { code: module.code, map: module.map } : null;
          },
        },
      ],
    });
  } catch (error) {
    return [rollupDiagnostic(error as RollupError, entry)];
  }
  if (problems.length > 0) return problems;
  const { output } = await bundle.generate({
    format: 'es',
    sourcemap: 'hidden',
    generatedCode: { constBindings: true, arrowFunctions: true, objectShorthand: false },
    freeze: false,
    sourcemapPathTransform: (relativePath, mapPath) => new URL(relativePath, `file://${mapPath}`).pathname,
  });
  await bundle.close();
  const [chunk] = output;
  return { code: chunk.code, map: JSON.stringify(chunk.map) };
}

function rollupDiagnostic(error: RollupError, entry: string): Diagnostic {
  return {
    file: error.loc?.file ?? error.id ?? entry,
    line: error.loc?.line ?? 1,
    column: (error.loc?.column ?? 0) + 1,
    message: error.message,
    rule: `rollup:${error.code ?? 'error'}`,
  };
}

// Builds the browser bundle on demand: `PipesGtmWeb`, one script (IIFE) that a page loads to run web templates
// (browser/entry.ts). Nothing is committed: the local stack and the browser tests call buildBrowserBundle(), which
// compiles the sources with TypeScript's transpiler and bundles them with rollup, the same way every time.
//
// Node-only modules are replaced: the emulator's realm by the iframe realm, the linter by a stub (code is linted in
// Node), node:crypto and Buffer/setImmediate by browser shims; tldts (computeEffectiveTldPlusOne, a server API)
// by a stub, to keep the Public Suffix List out of the page.
//   node --import tsx tools/gtm/emulator/web/build.ts [out.js]   writes the bundle (default: stdout)
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { rollup, type Plugin } from 'rollup';
import { transpileTypeScript } from '../../../transpile.ts';

const WEB = import.meta.dirname;
const EMULATOR = join(WEB, '..');
const SHIMS = join(WEB, 'browser', 'node-shims.ts');
const TLDTS_STUB = '\0pipes:tldts';

/** Modules of the Node build and what the bundle uses instead. */
const REPLACED: Readonly<Record<string, string>> = {
  [join(EMULATOR, 'realm.ts')]: join(WEB, 'browser', 'realm.ts'),
  [join(EMULATOR, '..', 'lint', 'index.ts')]: join(WEB, 'browser', 'lint.ts'),
};

/** Node globals the core uses, imported from the shims where a module names them. */
const NODE_GLOBALS = ['Buffer', 'setImmediate'];

function browserBuild(): Plugin {
  return {
    name: 'pipes-browser-build',
    resolveId(source, importer) {
      if (source === 'node:crypto') return SHIMS;
      if (source === 'tldts') return TLDTS_STUB;
      if (!importer || !source.startsWith('.')) return null;
      const path = resolve(dirname(importer), source);
      return REPLACED[path] ?? path;
    },
    load(id) {
      if (id === TLDTS_STUB) return "export function getDomain() { throw new Error('computeEffectiveTldPlusOne is a server API'); }";
      return null;
    },
    async transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      let output = transpileTypeScript(code, id);
      const used = id === SHIMS ? [] : NODE_GLOBALS.filter((name) => new RegExp(`\\b${name}\\b`).test(output));
      if (used.length > 0) output = `import { ${used.join(', ')} } from ${JSON.stringify(SHIMS)};\n${output}`;
      return { code: output, map: null };
    },
  };
}

let cached: Promise<string> | undefined;

/** The bundle's source (built once per process). */
export function buildBrowserBundle(): Promise<string> {
  cached ??= (async () => {
    const bundle = await rollup({ input: join(WEB, 'browser', 'entry.ts'), plugins: [browserBuild()], onwarn: (warning) => { throw new Error(`browser bundle: ${warning.message}`); } });
    try {
      const { output } = await bundle.generate({ format: 'iife', name: 'PipesGtmWeb', generatedCode: 'es2015' });
      return output[0].code;
    } finally {
      await bundle.close();
    }
  })();
  return cached;
}

if (process.argv[1] === import.meta.filename) {
  const code = await buildBrowserBundle();
  if (process.argv[2]) writeFileSync(process.argv[2], code);
  else process.stdout.write(code);
}

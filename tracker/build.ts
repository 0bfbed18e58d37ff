// Builds the tracker: dist/pipes.js (the core), one dist/pipes-<plugin>.js per plugin, dist/pipes.d.ts, and the
// minified snippet. TypeScript is only transpiled here (the root tsconfig type-checks it); the output is
// byte-for-byte reproducible and committed, and test/dist.test.ts fails when it is stale.
import terserPlugin from '@rollup/plugin-terser';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';
import { transpileTypeScript } from '../tools/transpile.ts';

// Its types describe a CommonJS default export, but Node loads the ES build, whose default export is the plugin itself.
const terser = terserPlugin as unknown as (typeof terserPlugin)['default'];
const root = import.meta.dirname;
const version: string = JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')).version;

/** The plugins the build publishes: every module in plugins/ except the helpers they share. */
export const pluginNames = readdirSync(join(root, 'plugins'))
  .filter((f) => f.endsWith('.ts') && !['register.ts', 'route.ts'].includes(f))
  .map((f) => basename(f, '.ts'))
  .sort();

function transpile(): Plugin {
  return {
    name: 'pipes-transpile',
    transform(code, id) {
      if (!id.endsWith('.ts')) return null;
      const js = transpileTypeScript(code, id);
      return { code: js.replaceAll('PIPES_VERSION', JSON.stringify(version)), map: null };
    },
  };
}

async function bundle(input: string, ecma: 2020 | 5, format: 'iife' | 'es'): Promise<string> {
  const build = await rollup({ input, plugins: [transpile()], onwarn: (w) => { throw new Error(w.message); } });
  const { output } = await build.generate({
    format,
    plugins: [terser({ ecma, compress: { passes: 3, unsafe_arrows: ecma > 5 }, format: { comments: false } })],
  });
  await build.close();
  return output[0].code.trimEnd() + '\n';
}

/** Every built file, by path relative to tracker/. */
export async function build(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  files.set('dist/pipes.js', await bundle(join(root, 'src', 'pipes.ts'), 2020, 'iife'));
  for (const name of pluginNames) files.set(`dist/pipes-${name}.js`, await bundle(join(root, 'plugins', `${name}.ts`), 2020, 'iife'));
  const types = join(root, 'src', 'types.ts');
  files.set('dist/pipes.d.ts', ts.transpileDeclaration(readFileSync(types, 'utf8'), { fileName: types }).outputText);
  files.set('snippet/snippet.min.js', await bundle(join(root, 'snippet', 'snippet.js'), 5, 'es'));
  return files;
}

if (import.meta.url == pathToFileURL(process.argv[1]).href) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (const [path, text] of await build()) {
    writeFileSync(join(root, path), text);
    console.log(`${path}  ${Buffer.byteLength(text)} bytes`);
  }
}

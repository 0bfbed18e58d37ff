// The local web container as one script a page includes: the emulator's web runtime bundle (PipesGtmWeb), the
// page runtime (runtime/boot.ts) and the container configuration read from a GTM container export.
import { join } from 'node:path';
import { rollup } from 'rollup';
import { transpileTypeScript } from '../transpile.ts';
import { buildBrowserBundle } from '../gtm/emulator/web/build.ts';
import { readContainerExport, type ExportOptions } from './export.ts';
import type { ContainerConfig } from './runtime/config.ts';

let runtime: Promise<string> | undefined;

/** runtime/boot.ts as an IIFE defining PipesLocalContainer (built once per process). */
function buildRuntime(): Promise<string> {
  runtime ??= (async () => {
    const bundle = await rollup({
      input: join(import.meta.dirname, 'runtime', 'boot.ts'),
      plugins: [
        {
          name: 'typescript',
          transform(code, id) {
            if (!id.endsWith('.ts')) return null;
            return { code: transpileTypeScript(code, id), map: null };
          },
        },
      ],
      onwarn: (warning) => {
        throw new Error(`local container runtime: ${warning.message}`);
      },
    });
    try {
      const { output } = await bundle.generate({ format: 'iife', name: 'PipesLocalContainer', generatedCode: 'es2015' });
      return output[0].code;
    } finally {
      await bundle.close();
    }
  })();
  return runtime;
}

/** The configuration as a script literal: `<` escaped so that no `</script>` ends an inline script early. */
function literal(config: ContainerConfig): string {
  return JSON.stringify(config).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** One browser script running the export's tags of custom templates; throws ContainerExportError for exports it cannot run. */
export async function buildWebContainerScript(exportJson: unknown, options: ExportOptions = {}): Promise<string> {
  const config = readContainerExport(exportJson, options);
  const [emulator, page] = await Promise.all([buildBrowserBundle(), buildRuntime()]);
  return `${emulator}\n${page}\nPipesLocalContainer.boot(${literal(config)});\n`;
}

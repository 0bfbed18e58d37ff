// The demo's GTM web container: container.json (a container export in GTM's own format, the workspace a marketer
// would build: Pipes tags on page loads, a dataLayer event, a form, logins and the opt-out link) made into the
// script its pages include, with the Pipes tag template built from this repository.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildWebContainerScript } from '../local-web-container/index.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** What the stack or a test may change in the demo container; every Pipes tag carries the same settings. */
export interface DemoContainerOptions {
  /** the sGTM origin, the value of the constant variable `Pipes sGTM URL` */
  serverUrl: string;
  /** the Pipes settings' consent mode (container.json: wait) */
  consentMode?: 'wait' | 'cookieless' | 'ignore';
  /** the Pipes settings' longest wait before sending, in ms (container.json: 1000) */
  flushInterval?: number;
}

interface ExportParameter {
  key?: string;
  value?: string;
}

interface DemoExport {
  containerVersion: {
    tag: { type: string; parameter: ExportParameter[] }[];
    variable: { name: string; parameter: ExportParameter[] }[];
  };
}

export function demoContainerExport(options: DemoContainerOptions): unknown {
  const exported = JSON.parse(readFileSync(join(import.meta.dirname, 'container.json'), 'utf8')) as DemoExport;
  const set = (parameters: ExportParameter[], key: string, value: string | undefined) => {
    const parameter = parameters.find((p) => p.key === key);
    if (parameter && value !== undefined) parameter.value = value;
  };
  const version = exported.containerVersion;
  set(version.variable.find((v) => v.name === 'Pipes sGTM URL')!.parameter, 'value', options.serverUrl);
  for (const tag of version.tag) {
    set(tag.parameter, 'consentMode', options.consentMode);
    set(tag.parameter, 'flushInterval', options.flushInterval?.toString());
  }
  return exported;
}

/** The page script of the demo container, running the committed gtm-web-template/template.tpl. */
export function buildDemoContainer(options: DemoContainerOptions): Promise<string> {
  const template = readFileSync(join(ROOT, 'gtm-web-template', 'template.tpl'), 'utf8');
  return buildWebContainerScript(demoContainerExport(options), { templates: { Pipes: template } });
}

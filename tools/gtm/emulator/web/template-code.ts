// A web template's code as a container loads it, read from the .tpl text and linted here in Node: the browser
// bundle has no linter, so the local stack prepares templates with this before handing them to the page.
import type { TemplateType } from '../api/define.ts';
import { LoadError } from '../errors.ts';
import { lintTemplateFile } from '../../lint/index.ts';
import { readTemplateFile } from '../../tpl/index.ts';
import type { TemplateCode } from './container.ts';

/** The code, permissions and type of a web template's .tpl text; throws LoadError for files GTM would not accept. */
export function webTemplateCode(text: string, name = 'template'): TemplateCode {
  const errors = lintTemplateFile(text).filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    const problems = errors.map(({ line, column, message }) => ({ line, column, message }));
    throw new LoadError(`${name} is not a template GTM accepts:\n${problems.map((p) => `  ${p.line}:${p.column}: ${p.message}`).join('\n')}`, problems);
  }
  const template = readTemplateFile(text);
  if (template.context !== 'WEB') throw new LoadError(`${name} is a server template; the web runtime runs web templates`);
  return { code: template.code, permissions: template.permissions, templateType: template.info['type'] as TemplateType, name };
}

// A whole .tpl file as data, and its exact text. The writer emits GTM's export: sections in GTM's order, JSON and
// YAML in GTM's formatting, and by default GTM's layout (BOM, LF, GTM's spacing). Reading a file GTM exported and
// writing it again gives the same bytes, because every byte comes from formatting the data, not from kept text.
import { TplError } from './errors.ts';
import { formatGtmJson } from './gtm-json.ts';
import { formatSections, parseSections, type SectionName, type SectionSpacing, type SectionText, type TplSection } from './sections.ts';
import { formatTestsYaml, parseTestsYaml, type TemplateTests } from './tests-yaml.ts';

export type TemplateContext = 'WEB' | 'SERVER';

/** The byte-level details of a file that its data does not determine. */
export interface TplLayout {
  bom: boolean;
  lineBreak: '\n' | '\r\n';
  /** Sections whose spacing differs from GTM's, as hand-edited files have. */
  spacing?: Partial<Record<SectionName, SectionSpacing>>;
  /** the file writes an empty permissions section (`[]`), which GTM's export leaves out */
  emptyPermissionsSection?: true;
}

/** GTM's export layout, used when a TemplateFile has no `layout`. */
export const GTM_LAYOUT: Readonly<TplLayout> = { bom: true, lineBreak: '\n' };

export interface TemplateFile {
  /** whether the file has GTM's ___TERMS_OF_SERVICE___ section (ticked in the editor; needed for the Gallery) */
  termsOfService: boolean;
  /** ___INFO___, keys in their order */
  info: Record<string, unknown>;
  /** ___TEMPLATE_PARAMETERS___ */
  parameters: unknown[];
  /** which ___SANDBOXED_JS_…___ section holds the code, and so which permissions section the file has */
  context: TemplateContext;
  code: string;
  /** ___WEB_PERMISSIONS___ or ___SERVER_PERMISSIONS___; GTM leaves the section out when there are none */
  permissions: unknown[];
  tests: TemplateTests | undefined;
  notes: string | undefined;
  /** absent: GTM_LAYOUT; readTemplateFile sets it only for files laid out otherwise */
  layout?: TplLayout;
}

/** The fixed text GTM writes in ___TERMS_OF_SERVICE___. */
export const TERMS_OF_SERVICE_TEXT =
  "By creating or modifying this file you agree to Google Tag Manager's Community\n" +
  'Template Gallery Developer Terms of Service available at\n' +
  'https://developers.google.com/tag-manager/gallery-tos (or such other URL as\n' +
  'Google may provide), as modified from time to time.';

const CODE_SECTION = { WEB: 'SANDBOXED_JS_FOR_WEB_TEMPLATE', SERVER: 'SANDBOXED_JS_FOR_SERVER' } as const;
const PERMISSIONS_SECTION = { WEB: 'WEB_PERMISSIONS', SERVER: 'SERVER_PERMISSIONS' } as const;

export function readTemplateFile(text: string): TemplateFile {
  const parsed = parseSections(text);
  const byName = new Map(parsed.sections.map((s) => [s.name, s]));

  const terms = byName.get('TERMS_OF_SERVICE');
  if (terms && terms.content !== TERMS_OF_SERVICE_TEXT) {
    throw new TplError("___TERMS_OF_SERVICE___ is not GTM's text; restore GTM's paragraph or remove the section", terms.line);
  }

  const web = byName.get(CODE_SECTION.WEB);
  const server = byName.get(CODE_SECTION.SERVER);
  if (web && server) {
    throw new TplError(`a template has one code section; this file has ___${CODE_SECTION.WEB}___ and ___${CODE_SECTION.SERVER}___`, server.line);
  }
  const codeSection = web ?? server;
  if (!codeSection) {
    throw new TplError(`no code section; write ___${CODE_SECTION.WEB}___ (web) or ___${CODE_SECTION.SERVER}___ (server)`, 1);
  }
  const context: TemplateContext = codeSection === web ? 'WEB' : 'SERVER';
  const other = context === 'WEB' ? 'SERVER' : 'WEB';
  const misplaced = byName.get(PERMISSIONS_SECTION[other]);
  if (misplaced) {
    throw new TplError(
      `___${PERMISSIONS_SECTION[other]}___ in a ${context.toLowerCase()} template; its permissions go in ___${PERMISSIONS_SECTION[context]}___`,
      misplaced.line,
    );
  }

  const info = parseJsonSection(byName.get('INFO')!, 'object');
  const parametersSection = byName.get('TEMPLATE_PARAMETERS');
  const permissionsSection = byName.get(PERMISSIONS_SECTION[context]);
  const testsSection = byName.get('TESTS');

  const file: TemplateFile = {
    termsOfService: terms !== undefined,
    info,
    parameters: parametersSection ? parseJsonSection(parametersSection, 'array') : [],
    context,
    code: codeSection.content,
    permissions: permissionsSection ? parseJsonSection(permissionsSection, 'array') : [],
    tests: testsSection ? parseTestsYaml(testsSection.content, testsSection.line) : undefined,
    notes: byName.get('NOTES')?.content,
  };
  const spaced = parsed.sections.filter((s) => s.spacing);
  const emptyPermissionsSection = permissionsSection !== undefined && file.permissions.length === 0;
  if (parsed.bom !== GTM_LAYOUT.bom || parsed.lineBreak !== GTM_LAYOUT.lineBreak || spaced.length > 0 || emptyPermissionsSection) {
    file.layout = { bom: parsed.bom, lineBreak: parsed.lineBreak };
    if (spaced.length > 0) file.layout.spacing = Object.fromEntries(spaced.map((s) => [s.name, s.spacing!]));
    if (emptyPermissionsSection) file.layout.emptyPermissionsSection = true;
  }
  return file;
}

export function writeTemplateFile(t: TemplateFile): string {
  const layout = t.layout ?? GTM_LAYOUT;
  const contents: [SectionName, string | undefined][] = [
    ['TERMS_OF_SERVICE', t.termsOfService ? TERMS_OF_SERVICE_TEXT : undefined],
    ['INFO', formatGtmJson(t.info)],
    ['TEMPLATE_PARAMETERS', formatGtmJson(t.parameters)],
    [CODE_SECTION[t.context], t.code],
    [PERMISSIONS_SECTION[t.context], t.permissions.length > 0 || layout.emptyPermissionsSection ? formatGtmJson(t.permissions) : undefined],
    ['TESTS', t.tests && formatTestsYaml(t.tests)],
    ['NOTES', t.notes],
  ];
  const sections = contents
    .filter((entry): entry is [SectionName, string] => entry[1] !== undefined)
    .map(([name, content]): SectionText => {
      const spacing = layout.spacing?.[name];
      return spacing ? { name, content, spacing } : { name, content };
    });
  return formatSections({ bom: layout.bom, lineBreak: layout.lineBreak, sections });
}

function parseJsonSection(section: TplSection, kind: 'object'): Record<string, unknown>;
function parseJsonSection(section: TplSection, kind: 'array'): unknown[];
function parseJsonSection(section: TplSection, kind: 'object' | 'array'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(section.content);
  } catch (error) {
    // V8 names the offset in most of its messages; without one, the section's first line is the best place.
    // The offset is relative to the section, so it is turned into a file position and left out of the message.
    const message = (error as Error).message;
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? 0);
    const before = section.content.slice(0, offset).split('\n');
    throw new TplError(
      `___${section.name}___ is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
      section.line + before.length - 1,
      before[before.length - 1]!.length + 1,
    );
  }
  const isArray = Array.isArray(value);
  if (kind === 'array' ? !isArray : isArray || typeof value !== 'object' || value === null) {
    throw new TplError(`___${section.name}___ must be a JSON ${kind === 'array' ? 'array ([…])' : 'object ({…})'}`, section.line);
  }
  return value;
}

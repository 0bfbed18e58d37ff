// A .tpl file is a run of sections. GTM writes each as its marker line `___NAME___`, one blank line, the content and
// two blank lines, so its exports end with two blank lines too; they also begin with a UTF-8 BOM.
// parseSections and formatSections are exact inverses: hand-edited spacing or CRLF line breaks are kept, not fixed.
import { TplError } from './errors.ts';

/** Every section GTM knows, in the order its exports write them. */
export const SECTION_NAMES = [
  'TERMS_OF_SERVICE',
  'INFO',
  'TEMPLATE_PARAMETERS',
  'SANDBOXED_JS_FOR_WEB_TEMPLATE',
  'SANDBOXED_JS_FOR_SERVER',
  'WEB_PERMISSIONS',
  'SERVER_PERMISSIONS',
  'TESTS',
  'NOTES',
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** The line breaks between a marker's text and its content (`before`) and after the content (`after`). */
export interface SectionSpacing {
  before: string;
  after: string;
}

/** GTM's spacing: the marker's line break plus one blank line; the content's last line break plus two blank lines. */
export const GTM_SPACING: Readonly<SectionSpacing> = { before: '\n\n', after: '\n\n\n' };

export interface TplSection {
  name: SectionName;
  content: string;
  /** 1-based line of the file where the content starts (GTM's layout: two lines below the marker) */
  line: number;
  /** Only when the file's spacing around this section differs from GTM_SPACING (hand-edited files). */
  spacing?: SectionSpacing;
}

export interface TplSections {
  bom: boolean;
  /** CRLF only when every line break of the file is CRLF; contents and spacing are then given with '\n'. */
  lineBreak: '\n' | '\r\n';
  sections: TplSection[];
}

// A letter at both ends, so that a line of underscores in notes or code is not taken for a marker.
const MARKER = /^___([A-Z][A-Z_]*[A-Z])___$/;

const isSectionName = (name: string): name is SectionName => (SECTION_NAMES as readonly string[]).includes(name);

const markerList = SECTION_NAMES.map((n) => `___${n}___`).join(', ');

export function parseSections(text: string): TplSections {
  const bom = text.startsWith('\uFEFF');
  const unmarked = bom ? text.slice(1) : text;
  const lineBreak = everyLineBreakIsCrlf(unmarked) ? '\r\n' : '\n';
  const body = lineBreak === '\r\n' ? unmarked.replaceAll('\r\n', '\n') : unmarked;

  const markers: { name: SectionName; lineIndex: number; start: number; end: number }[] = [];
  let offset = 0;
  body.split('\n').forEach((line, lineIndex) => {
    const match = MARKER.exec(line);
    if (match) {
      const name = match[1]!;
      if (!isSectionName(name)) {
        throw new TplError(`unknown section ___${name}___; GTM's sections are ${markerList}`, lineIndex + 1);
      }
      const first = markers.find((m) => m.name === name);
      if (first) {
        throw new TplError(`___${name}___ appears twice (first on line ${first.lineIndex + 1}); keep one`, lineIndex + 1);
      }
      markers.push({ name, lineIndex, start: offset, end: offset + line.length });
    } else if (MARKER.test(line.replace(/\r$/, ''))) {
      throw new TplError('this marker line ends with CR while other lines end with LF alone; use one kind of line break', lineIndex + 1);
    }
    offset += line.length + 1;
  });

  if (markers.length === 0 || markers[0]!.start !== 0) {
    throw new TplError('a .tpl file starts with a section marker line: ___TERMS_OF_SERVICE___ or ___INFO___', 1);
  }
  if (!markers.some((m) => m.name === 'INFO')) {
    throw new TplError('no ___INFO___ section; every template has one, with its type, name and container context', 1);
  }

  const sections = markers.map((marker, i): TplSection => {
    const raw = body.slice(marker.end, markers[i + 1]?.start ?? body.length);
    const { before, content, after } = splitSpacing(raw);
    const section: TplSection = { name: marker.name, content, line: marker.lineIndex + 1 + before.length };
    if (before !== GTM_SPACING.before || after !== GTM_SPACING.after) section.spacing = { before, after };
    return section;
  });
  return { bom, lineBreak, sections };
}

/** What formatSections needs of a section: the file line is found from the text, so it is not asked for. */
export type SectionText = Omit<TplSection, 'line'>;

export function formatSections(s: Omit<TplSections, 'sections'> & { sections: readonly SectionText[] }): string {
  const body = s.sections
    .map((section) => {
      const bad = section.content.split('\n').findIndex((line) => MARKER.test(line.replace(/\r$/, '')));
      if (bad >= 0) {
        throw new Error(`the content of ___${section.name}___ has a line that reads as a section marker (its line ${bad + 1}); GTM could not read the file back`);
      }
      const { before, after } = section.spacing ?? GTM_SPACING;
      return `___${section.name}___${before}${section.content}${after}`;
    })
    .join('');
  return (s.bom ? '\uFEFF' : '') + (s.lineBreak === '\r\n' ? body.replaceAll('\n', '\r\n') : body);
}

/**
 * Splits the text between a marker's text and the next marker into spacing and content. GTM's spacing is taken
 * whole when present, so that content starting or ending with blank lines keeps them; otherwise the spacing is every
 * line break there is, and the content has none at that end.
 */
function splitSpacing(raw: string): { before: string; content: string; after: string } {
  const before = raw.startsWith(GTM_SPACING.before) ? GTM_SPACING.before : /^\n*/.exec(raw)![0];
  const rest = raw.slice(before.length);
  const after = rest.endsWith(GTM_SPACING.after) ? GTM_SPACING.after : /\n*$/.exec(rest)![0];
  return { before, content: rest.slice(0, rest.length - after.length), after };
}

function everyLineBreakIsCrlf(text: string): boolean {
  return text.includes('\r\n') && !/(?:^|[^\r])\n/.test(text);
}

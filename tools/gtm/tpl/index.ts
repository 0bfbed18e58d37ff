// The .tpl reader and writer: sections, GTM's JSON formatting, the ___TESTS___ YAML, and the whole file as data.
export { TplError } from './errors.ts';
export { formatGtmJson, gtmJsonString } from './gtm-json.ts';
export {
  formatSections,
  GTM_SPACING,
  parseSections,
  SECTION_NAMES,
  type SectionName,
  type SectionSpacing,
  type SectionText,
  type TplSection,
  type TplSections,
} from './sections.ts';
export {
  GTM_LAYOUT,
  readTemplateFile,
  TERMS_OF_SERVICE_TEXT,
  writeTemplateFile,
  type TemplateContext,
  type TemplateFile,
  type TplLayout,
} from './template-file.ts';
export { formatTestsYaml, parseTestsYaml, type TemplateTests, type TestScenario } from './tests-yaml.ts';

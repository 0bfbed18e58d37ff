export { buildWebContainerScript } from './build.ts';
export { ContainerExportError, readContainerExport, type ExportOptions } from './export.ts';
export type { ContainerConfig, TagConfig, TriggerConfig, VariableConfig, TableRow, Condition, ParameterValue } from './runtime/config.ts';

// A container configuration (the emulator's, plus what sGTM's deployment decides: preview mode, the Google Cloud
// project, how it reaches Google) and the one place it becomes a ServerContainer, with the checks that catch
// configuration mistakes the container itself lets pass (a parameter name the template does not have).
import { LoadError } from '../gtm/emulator/index.ts';
import { ServerContainer, type ServerContainerConfig, type ServerContainerOptions, type ServerSettings, type TemplateInstance } from '../gtm/emulator/server/index.ts';

export interface ContainerConfig extends ServerContainerConfig {
  /** preview mode: logToConsole with environments 'debug' logs, and templateDataStorage lasts one request */
  readonly debugMode?: boolean;
  /** GOOGLE_CLOUD_PROJECT, for BigQuery and Firestore permissions written with that project */
  readonly googleCloudProject?: string;
  /** how the templates reach Google: tokens, keys, outbound routes (settings passed in code win, field by field) */
  readonly settings?: ServerSettings;
}

export type ConfigPath = readonly (string | number)[];

export interface ConfigProblem {
  readonly message: string;
  /** where in a configuration file the problem is, in the file's terms (`clients`, 0, `parameters`, …) */
  readonly path?: ConfigPath;
  /** the problem is the key at `path`, not its value */
  readonly atKey?: boolean;
  /** 1-based, when the problem comes from a file */
  readonly line?: number;
  readonly column?: number;
}

/** A configuration that cannot run; the message lists every problem, as `file:line:column: message` for files. */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly ConfigProblem[],
    readonly file?: string,
  ) {
    super(problems.map((problem) => `${whereIs(problem, file)}${problem.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

function whereIs(problem: ConfigProblem, file: string | undefined): string {
  if (file === undefined) return '';
  return problem.line === undefined ? `${file}: ` : `${file}:${problem.line}:${problem.column ?? 1}: `;
}

export interface OpenOptions {
  settings: ServerSettings;
  /** logToConsole output and the container's own messages */
  log: (args: readonly unknown[]) => void;
}

/** The ServerContainer of a configuration; a ConfigError when a template cannot load or a parameter is unknown. */
export function openContainer(config: ContainerConfig, options: OpenOptions): ServerContainer {
  const containerOptions: ServerContainerOptions = {
    ...config.settings,
    ...options.settings,
    log: options.log,
    ...(config.debugMode === undefined ? {} : { debugMode: config.debugMode }),
    ...(config.googleCloudProject === undefined ? {} : { googleCloudProject: config.googleCloudProject }),
  };
  let container: ServerContainer;
  try {
    container = new ServerContainer(config, containerOptions);
  } catch (error) {
    if (error instanceof LoadError) throw new ConfigError([{ message: error.message }]);
    throw error;
  }
  const problems = [
    ...unknownParameters('clients', 'client', config.clients, container.clients),
    ...unknownParameters('tags', 'tag', config.tags ?? [], container.tags),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return container;
}

type Loaded = ServerContainer['clients'][number];

/** Values for parameters the template does not have would be ignored silently; name them instead. */
function unknownParameters(section: string, role: string, instances: readonly TemplateInstance[], loaded: readonly Loaded[]): ConfigProblem[] {
  return instances.flatMap((instance, index) => {
    const known = parameterNames(loaded.find((l) => l.name === instance.name)!.file.parameters);
    return Object.keys(instance.data ?? {})
      .filter((name) => !known.has(name))
      .map((name) => ({
        message: `${role} "${instance.name}": its template has no parameter "${name}"; its parameters are ${[...known].join(', ') || '(none)'}`,
        path: [section, index, 'parameters', name],
        atKey: true,
      }));
  });
}

/** Every parameter name a template's data can hold: groups' members and radio buttons' nested parameters too. */
function parameterNames(parameters: readonly unknown[]): Set<string> {
  const names = new Set<string>();
  const visit = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const parameter of list as { type?: unknown; name?: unknown; subParams?: unknown; radioItems?: unknown }[]) {
      // a group's name holds no value in the data
      if (typeof parameter.name === 'string' && parameter.type !== 'GROUP') names.add(parameter.name);
      visit(parameter.subParams);
      if (Array.isArray(parameter.radioItems)) for (const item of parameter.radioItems as { subParams?: unknown }[]) visit(item.subParams);
    }
  };
  visit(parameters);
  return names;
}

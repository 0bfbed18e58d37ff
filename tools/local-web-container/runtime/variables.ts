// Variable values at the moment of an event: the export's variables and GTM's built-in variables, read from the
// container's data layer model, the page and the DOM.
import type { WebContainer } from '../../gtm/emulator/web/container.ts';
import { resolveValue, type VariableLookup } from './conditions.ts';
import { AUTO_EVENT_KEYS, BUILT_IN_VARIABLES, EVENT_TRIGGERS_KEY, type ContainerConfig, type ParameterValue, type VariableConfig } from './config.ts';
import { elementText, pageValue, urlPart } from './page.ts';
import { lookupTable, regexTable } from './tables.ts';

/** A read of the container's data layer model: a dotted key (version 2) or the latest push's key (version 1). */
type DataLayerRead = (key: string, version?: 1 | 2) => unknown;

/** The variable lookup of a container: export variables by name, then built-ins. */
export function variableLookup(config: ContainerConfig, container: WebContainer): VariableLookup {
  const variables = new Map(config.variables.map((v) => [v.name, v]));
  const get: DataLayerRead = (key, version) => container.dataLayer.get(key, version);
  const lookup: VariableLookup = (name) => {
    if (name === EVENT_TRIGGERS_KEY) return get(name);
    const variable = variables.get(name);
    if (variable) return variableValue(variable, lookup, get, config);
    return builtInValue(BUILT_IN_VARIABLES[name]!, get, config);
  };
  return lookup;
}

function builtInValue(key: string, get: DataLayerRead, config: ContainerConfig): unknown {
  if (key.startsWith('page:')) return pageValue(key.slice(5));
  switch (key) {
    case 'container:ID':
      return config.containerId;
    case 'container:VERSION':
      return config.containerVersion;
    case 'container:DEBUG':
      return config.debugMode;
    case 'container:RANDOM':
      return Math.floor(Math.random() * 2147483647);
    default:
      return get(key);
  }
}

function withDefault(value: unknown, defaultValue: ParameterValue | undefined, lookup: VariableLookup): unknown {
  return value === undefined && defaultValue !== undefined ? resolveValue(defaultValue, lookup) : value;
}

function text(value: ParameterValue, lookup: VariableLookup): string {
  return String(resolveValue(value, lookup) ?? '');
}

function variableValue(variable: VariableConfig, lookup: VariableLookup, get: DataLayerRead, config: ContainerConfig): unknown {
  switch (variable.type) {
    case 'c':
      return resolveValue(variable.value, lookup);
    case 'v':
      return withDefault(get(variable.key, variable.version), variable.defaultValue, lookup);
    case 'k': {
      const pair = document.cookie.split('; ').find((c) => c.startsWith(variable.cookie + '='));
      const value = pair?.slice(variable.cookie.length + 1);
      return value !== undefined && variable.decode ? decodeURIComponent(value) : value;
    }
    case 'u':
      return urlPart(new URL(variable.source ? text(variable.source, lookup) : location.href, location.href), variable.component, variable);
    case 'aev':
      return withDefault(autoEventValue(variable, get), variable.defaultValue, lookup);
    case 'd': {
      const element = 'id' in variable.selector ? document.getElementById(text(variable.selector.id, lookup)) : document.querySelector(text(variable.selector.css, lookup));
      if (!element) return null;
      return variable.attribute ? element.getAttribute(variable.attribute) : elementText(element);
    }
    case 'smm':
      return lookupTable(resolveValue(variable.input, lookup), variable.rows, variable.defaultValue, lookup);
    case 'remm':
      return regexTable(resolveValue(variable.input, lookup), variable.rows, variable, variable.defaultValue, lookup);
    case 'j':
      return variable.path.split('.').reduce<unknown>((value, part) => (value === undefined || value === null ? undefined : (value as Record<string, unknown>)[part]), window);
    case 'e':
      return get('event');
    case 'ctv':
      return config.containerVersion;
  }
}

/** An Auto-Event Variable: a property of the element (or history change) of the event being processed. */
function autoEventValue(variable: Extract<VariableConfig, { type: 'aev' }>, get: DataLayerRead): unknown {
  const key = AUTO_EVENT_KEYS[variable.varType];
  if (key !== undefined) return get(key);
  if (variable.varType === 'ATTRIBUTE') {
    const element = get('gtm.element');
    return element instanceof Element && variable.attribute ? (element.getAttribute(variable.attribute) ?? undefined) : undefined;
  }
  // URL: a component of the element's URL (a link's href, a form's action)
  const url = get('gtm.elementUrl');
  return typeof url === 'string' && url !== '' ? urlPart(new URL(url, location.href), variable.component ?? 'URL', variable) : undefined;
}

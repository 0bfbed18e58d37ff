// Maps positions in generated JavaScript back to the TypeScript a user wrote.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND, TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';

export interface SourcePosition {
  file: string;
  line: number; // 1-based
  column: number; // 1-based
}

/** `generatedFile` names the code the map belongs to; relative sources resolve against it. Undefined: not from a source. */
export function sourcePositions(map: string, generatedFile: string): (line: number, column: number) => SourcePosition | undefined {
  const trace = new TraceMap(map, pathToFileURL(generatedFile).href);
  return (line, column) => {
    // Try the exact column, then the start of the nearest mapped token on the left: TypeScript maps node starts only.
    for (const bias of [GREATEST_LOWER_BOUND, LEAST_UPPER_BOUND] as const) {
      const original = originalPositionFor(trace, { line, column: column - 1, bias });
      if (original.source !== null && original.line !== null && original.column !== null) {
        const file = original.source.startsWith('file:') ? fileURLToPath(original.source) : original.source;
        return { file, line: original.line, column: original.column + 1 };
      }
    }
    return undefined;
  };
}

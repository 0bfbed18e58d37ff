/**
 * A .tpl text that cannot be read. `line` and `column` are 1-based positions in the whole file, so a tool can report
 * `file:line:column: message`; the message says what is wrong and what to write instead.
 */
export class TplError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column = 1,
  ) {
    super(message);
    this.name = 'TplError';
  }
}

// Messages for the GTM preview console; the logging permission keeps them out of production pages.
const logToConsole = require('logToConsole');

/** What went wrong, always. */
export function problem(message: string): void {
  logToConsole('[Pipes] ' + message);
}

/** What the tag did, with debug logging on. */
export function debug(message: string): void {
  if (data.debug) logToConsole('[Pipes] ' + message);
}

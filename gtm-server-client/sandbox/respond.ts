// Ending a request: status, an optional JSON body, then the response (with whatever headers and cookies were set).
const returnResponse = require('returnResponse');
const setResponseBody = require('setResponseBody');
const setResponseHeader = require('setResponseHeader');
const setResponseStatus = require('setResponseStatus');

export function respond(status: number, body?: object): void {
  setResponseStatus(status);
  if (body) {
    setResponseHeader('content-type', 'application/json');
    setResponseBody(JSON.stringify(body) || '');
  }
  returnResponse();
}

/** For humans reading the answer (curl, devtools); the tracker only looks at the status. */
export function respondWithError(status: number, error: string, reasons?: string[]): void {
  respond(status, reasons ? { error: error, reasons: reasons } : { error: error });
}

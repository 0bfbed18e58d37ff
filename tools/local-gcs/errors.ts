// Errors in the JSON API's shape: {"error":{"code","message","errors":[{"message","domain","reason"}]}}. Clients read
// `code` to decide on retries (408, 429, 5xx) and treat 412 as a failed precondition.

export class GcsError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly headers: Record<string, string>;

  constructor(code: number, reason: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.headers = headers;
  }

  body(): { error: { code: number; message: string; errors: { message: string; domain: string; reason: string }[] } } {
    return { error: { code: this.code, message: this.message, errors: [{ message: this.message, domain: 'global', reason: this.reason }] } };
  }
}

export const invalid = (message: string): GcsError => new GcsError(400, 'invalid', message);
export const required = (parameter: string): GcsError => new GcsError(400, 'required', `Required parameter: ${parameter}`);

export const noSuchObject = (bucket: string, name: string): GcsError =>
  new GcsError(404, 'notFound', `No such object: ${bucket}/${name}`);
export const noSuchBucket = (bucket: string): GcsError =>
  new GcsError(404, 'notFound', `The specified bucket does not exist: ${bucket}`);

export const preconditionFailed = (): GcsError =>
  new GcsError(412, 'conditionNotMet', 'At least one of the pre-conditions you specified did not hold.');

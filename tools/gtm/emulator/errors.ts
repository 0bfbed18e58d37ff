// The errors the emulator raises. Errors thrown into sandbox code end the template's run, as an exception in
// GTM's sandbox does (template code has no try/catch); their messages are what a user reads in test output.

/** Template or test code GTM would not accept; `line`/`column` are 1-based positions in the code given. */
export class LoadError extends Error {
  constructor(
    message: string,
    readonly problems: readonly { line: number; column: number; message: string }[] = [],
  ) {
    super(message);
    this.name = 'LoadError';
  }
}

/** An API refused a call because the template's permissions do not allow it. */
export class PermissionError extends Error {
  constructor(
    readonly api: string,
    readonly permission: string,
    reason: string,
  ) {
    super(`${api}: permission denied by ${permission}: ${reason}`);
    this.name = 'PermissionError';
  }
}

/** An API was called in a way GTM rejects: wrong arguments, unknown names, a call at the wrong time. */
export class ApiError extends Error {
  constructor(
    readonly api: string,
    message: string,
  ) {
    super(`${api}: ${message}`);
    this.name = 'ApiError';
  }
}

/** A host API (request, response, window, cookies…) that no runtime plugged into this sandbox implements yet. */
export class NotAvailableError extends Error {
  constructor(
    readonly api: string,
    readonly context: 'WEB' | 'SERVER',
    objectApi: boolean,
  ) {
    const runtime = context === 'WEB' ? 'web' : 'server';
    super(
      `${api} is not available in this emulator yet (the ${runtime} runtime will provide it); ` +
        `in tests, replace it with ${objectApi ? 'mockObject' : 'mock'}('${api}', …)`,
    );
    this.name = 'NotAvailableError';
  }
}

/** Sandbox code ran longer than allowed, most likely an endless loop. */
export class SandboxTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the code ran longer than ${timeoutMs} ms (an endless loop?) and was stopped`);
    this.name = 'SandboxTimeoutError';
  }
}

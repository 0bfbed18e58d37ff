// What the emulator's core takes from Node, as the browser bundle provides it (build.ts imports these into the
// modules that use them): Buffer's UTF-8 and base64 conversions (toBase64, fromBase64), setImmediate (the
// scheduler's tasks), and node:crypto, whose functions web templates never reach there (sha256 is the web
// runtime's own, on SubtleCrypto; sha256Sync is a server API).

type Encoding = 'utf8' | 'base64' | 'base64url';

class Bytes {
  constructor(private readonly bytes: Uint8Array) {}

  toString(encoding: Encoding = 'utf8'): string {
    if (encoding === 'utf8') return new TextDecoder().decode(this.bytes);
    const base64 = btoa(Array.from(this.bytes, (b) => String.fromCharCode(b)).join(''));
    return encoding === 'base64' ? base64 : base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
}

export const Buffer = {
  from(text: string, encoding: Encoding = 'utf8'): Bytes {
    if (encoding === 'utf8') return new Bytes(new TextEncoder().encode(text));
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''));
    return new Bytes(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  },
};

/** Runs `task` as a macrotask, after pending microtasks: a message to itself, unthrottled unlike setTimeout(0). */
export function setImmediate(task: () => void): void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    task();
  };
  channel.port2.postMessage(undefined);
}

function unavailable(name: string): never {
  throw new Error(`${name} is not available in the browser bundle`);
}

export const createHash = (): never => unavailable('node:crypto createHash');
export const randomBytes = (): never => unavailable('node:crypto randomBytes');

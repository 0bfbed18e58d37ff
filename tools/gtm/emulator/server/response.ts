// The response a container builds (setResponse*, setPixelResponse, setCookie, sendPixelFromBrowser) and sends with
// returnResponse. Until then it is a draft every template of the request writes to; returnResponse freezes it into
// a ContainerResponse, which node-http.ts writes to a Node ServerResponse.

/** The encodings setResponseBody accepts: Node's Buffer encodings. */
export const BODY_ENCODINGS = ['ascii', 'utf8', 'utf16le', 'ucs2', 'base64', 'latin1', 'binary', 'hex'] as const;
export type BodyEncoding = (typeof BODY_ENCODINGS)[number];

export interface ContainerResponse {
  readonly statusCode: number;
  /** lower-case names; Set-Cookie headers are in `cookies` */
  readonly headers: Readonly<Record<string, string>>;
  /** one Set-Cookie header value per cookie, in the order they were set */
  readonly cookies: readonly string[];
  /** the body as setResponseBody received it; `bodyEncoding` says how it becomes bytes */
  readonly body: string;
  readonly bodyEncoding: BodyEncoding;
  /** URLs sendPixelFromBrowser asked the browser to load */
  readonly pixels: readonly string[];
}

/** The bytes of a response's body. */
export function responseBytes(response: ContainerResponse): Buffer {
  return Buffer.from(response.body, response.bodyEncoding);
}

/** A 1×1 transparent GIF. */
const PIXEL_GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

export class ResponseDraft {
  statusCode = 200;
  readonly headers = new Map<string, string>();
  readonly cookies: string[] = [];
  readonly pixels: string[] = [];
  body = '';
  bodyEncoding: BodyEncoding = 'utf8';

  /** Replaces the header (names are case-insensitive); null or undefined removes it. */
  setHeader(name: string, value: string | null | undefined): void {
    if (value === null || value === undefined) this.headers.delete(name.toLowerCase());
    else this.headers.set(name.toLowerCase(), value);
  }

  /** setPixelResponse: a GIF that no cache keeps, status 200. [UNVERIFIED: the exact no-cache headers GTM sets.] */
  setPixel(): void {
    this.statusCode = 200;
    this.setHeader('content-type', 'image/gif');
    this.setHeader('cache-control', 'no-cache, no-store, must-revalidate');
    this.setHeader('pragma', 'no-cache');
    this.setHeader('expires', '0');
    this.body = PIXEL_GIF_BASE64;
    this.bodyEncoding = 'base64';
  }

  freeze(): ContainerResponse {
    return {
      statusCode: this.statusCode,
      headers: Object.fromEntries(this.headers),
      cookies: [...this.cookies],
      body: this.body,
      bodyEncoding: this.bodyEncoding,
      pixels: [...this.pixels],
    };
  }
}

/** A response no template built: an error status with an empty body. */
export function statusResponse(statusCode: number): ContainerResponse {
  const draft = new ResponseDraft();
  draft.statusCode = statusCode;
  return draft.freeze();
}

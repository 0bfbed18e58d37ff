// uploadType=multipart bodies: multipart/related with a JSON metadata part followed by the media part.
import { invalid } from './errors.ts';

export interface MultipartUpload {
  metadata: Record<string, unknown>;
  media: Buffer;
  /** Content-Type of the media part, if it had one. */
  mediaType?: string;
}

export function parseMultipartRelated(body: Buffer, contentType: string): MultipartUpload {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!/^multipart\/related\b/i.test(contentType) || !boundary) {
    throw invalid(`uploadType=multipart needs Content-Type: multipart/related; boundary=…, got '${contentType}'.`);
  }
  const parts = splitParts(body, `--${boundary[1] ?? boundary[2]}`);
  if (parts.length !== 2) {
    throw invalid(`A multipart upload has exactly two parts (JSON metadata, then the media); this one has ${parts.length}.`);
  }
  const [metadataPart, mediaPart] = parts as [Part, Part];
  let metadata: unknown;
  try {
    metadata = JSON.parse(metadataPart.body.toString('utf8') || '{}');
  } catch {
    throw invalid('The first part of a multipart upload must be the object metadata as JSON.');
  }
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw invalid('The first part of a multipart upload must be a JSON object.');
  }
  const result: MultipartUpload = { metadata: metadata as Record<string, unknown>, media: mediaPart.body };
  if (mediaPart.contentType) result.mediaType = mediaPart.contentType;
  return result;
}

interface Part {
  contentType?: string;
  body: Buffer;
}

/** Parts between delimiter lines; CRLF line ends, bare LF tolerated. */
function splitParts(body: Buffer, delimiter: string): Part[] {
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at !== 0 && at !== -1) at = body.indexOf(`\n${delimiter}`) + 1 || -1;
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(`\n${delimiter}`, afterDelimiter);
    if (next === -1) throw invalid('The multipart body ends without its closing boundary.');
    const end = body[next - 1] === 0x0d ? next - 1 : next;
    parts.push(parsePart(body.subarray(afterDelimiter, end)));
    at = next + 1;
  }
  if (at === -1) throw invalid('The multipart body does not contain its boundary.');
  return parts;
}

function parsePart(raw: Buffer): Part {
  // `raw` starts with the line end after the delimiter, then header lines up to an empty line, then the body.
  let contentType: string | undefined;
  let lineStart = raw.indexOf(0x0a) + 1;
  while (lineStart > 0 && lineStart < raw.length) {
    const lineEnd = raw.indexOf(0x0a, lineStart);
    if (lineEnd === -1) break;
    const line = raw.subarray(lineStart, raw[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd).toString('utf8');
    lineStart = lineEnd + 1;
    if (line === '') return contentType ? { contentType, body: raw.subarray(lineStart) } : { body: raw.subarray(lineStart) };
    const header = /^content-type:\s*(.+?)\s*$/i.exec(line);
    if (header) contentType = header[1];
  }
  throw invalid('A part of the multipart body has no empty line between its headers and its content.');
}

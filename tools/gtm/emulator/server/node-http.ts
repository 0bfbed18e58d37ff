// The bridge between node:http and the container's request and response models, for a local server in front of a
// ServerContainer: read an IncomingMessage into a ContainerRequest, write a ContainerResponse to a ServerResponse.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequest, type ContainerRequest } from './request.ts';
import { responseBytes, type ContainerResponse } from './response.ts';

/** The request model of a Node request whose body has been read (`readBody`). */
export function requestFromNode(message: IncomingMessage, body: Uint8Array): ContainerRequest {
  return createRequest({
    method: message.method ?? 'GET',
    url: message.url ?? '/',
    headers: message.headersDistinct,
    body,
    socketAddress: message.socket.remoteAddress ?? '',
  });
}

/** The whole body of a Node request. */
export async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends the response: status, headers, one Set-Cookie header per cookie, and the body decoded from its encoding. */
export function writeNodeResponse(response: ContainerResponse, out: ServerResponse): void {
  out.statusCode = response.statusCode;
  for (const [name, value] of Object.entries(response.headers)) out.setHeader(name, value);
  const setCookie = [...(response.headers['set-cookie'] === undefined ? [] : [response.headers['set-cookie']]), ...response.cookies];
  if (setCookie.length > 0) out.setHeader('set-cookie', setCookie);
  out.end(responseBytes(response));
}

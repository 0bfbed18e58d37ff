// The server runtime of the emulator: sGTM's request cycle (clients, claims, events, tags, the response) and the
// server APIs on top of the sandbox core. docs/emulator.md ("Server runtime") describes it.
export { handleRequest, ServerContainer, type ClientConfig, type FiringRule, type ServerContainerConfig, type ServerContainerOptions, type TagConfig, type TemplateInstance } from './container.ts';
export { serverTestHost, type ServerTestHostOptions } from './test-host.ts';
export { createRequest, type ContainerRequest, type HeaderInit, type RequestInit } from './request.ts';
export { responseBytes, type BodyEncoding, type ContainerResponse } from './response.ts';
export { readBody, requestFromNode, writeNodeResponse } from './node-http.ts';
export { HttpFailure, routedUrl, sendHttp, type HttpResponse, type OutboundRequest, type OutboundRoutes } from './http-client.ts';
export {
  applicationDefaultCredentials,
  authorizedUserCredentials,
  keyFileCredentials,
  metadataServerCredentials,
  serviceAccountCredentials,
  staticTokenCredentials,
  type AdcOptions,
  type GoogleCredentials,
} from './google-auth.ts';
export { KEY_FILE_VARIABLE, keysFromEnvironment, parseKeyFile, type PrivateKeys } from './private-keys.ts';
export type { ServerSettings, TagExecution } from './scope.ts';

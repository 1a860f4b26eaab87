// The environment protocol's public surface: server, client, pool of AppWorld servers, wire schemas, errors.
export { EnvironmentClient } from "./client.js";
export type {
  ClientCommonOptions,
  EmbeddedClientOptions,
  HttpClientOptions,
  InitializeOptions,
  Supervisor,
  TaskDescription,
  TaskInfo,
  WorldSelector,
} from "./client.js";
export type { HttpTransportOptions } from "./http-transport.js";
export { startEnvServer } from "./server.js";
export type { EnvServer, EnvServerOptions } from "./server.js";
export { envServerConfigSchema, parseEnvServerConfig } from "./server-config.js";
export type { EnvServerConfigInput, EnvServerConfigResolved } from "./server-config.js";
export { createEnvHandler, WELCOME_MESSAGE } from "./request-handler.js";
export type { EnvHandler, EnvHandlerOptions, EnvRequest, EnvResponse } from "./request-handler.js";
// AppWorld's task splits (the embedded catalog's too) and the reference policies: the layers above env name them from here.
export { REFERENCE_POLICIES, SPLITS } from "../world/index.js";
export type { ReferencePolicy, Split } from "../world/index.js";
export { startAppWorldPool } from "./appworld-pool.js";
export type { AppWorldLease, AppWorldPool, AppWorldPoolOptions, AppWorldServer } from "./appworld-pool.js";
export {
  BatchExecuteBody,
  CloseAllBody,
  EvaluateBody,
  EvaluationTracker,
  ExecuteBody,
  InitializeBody,
  InitializeOutput,
  ROUTES,
  StateBody,
  TaskBody,
  TaskInfoOutput,
} from "./protocol.js";
export type { EvaluationTrackerWire } from "./protocol.js";
export {
  EnvAuthenticationError,
  EnvBadRequestError,
  EnvCapacityError,
  EnvConnectionError,
  EnvHttpError,
  EnvNotFoundError,
  EnvPayloadTooLargeError,
  EnvProtocolError,
  EnvServerError,
  EnvServerStartError,
  EnvTimeoutError,
  EnvUnprocessableError,
} from "./errors.js";
export type { EnvHttpErrorInit } from "./errors.js";
export type { HostedWorld, OpenWorldOptions, WorldHost } from "./world-host.js";

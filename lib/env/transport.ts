// How an EnvironmentClient reaches a world: in process through the request handler, or over HTTP.
import { createEnvHandler, type EnvHandler, type EnvHandlerOptions, type EnvResponse } from "./request-handler.js";

/** Sends one protocol request and returns the status and JSON body; throws only when no answer came. */
export interface EnvTransport {
  request(method: "GET" | "POST", path: string, body?: unknown): Promise<EnvResponse>;
  /** The URL named in errors: the full URL over HTTP, `embedded:/route` in process. */
  describe(path: string): string;
  dispose(): Promise<void>;
}

// The in-process transport: the same handler the HTTP server uses, with no serialisation in between.
export function createEmbeddedTransport(
  options: EnvHandlerOptions = {},
): EnvTransport & { readonly handler: EnvHandler } {
  const handler = createEnvHandler(options);
  return {
    handler,
    describe: (path) => `embedded:${path}`,
    request: (method, path, body) => handler.handle({ method, path, body }),
    dispose: () => handler.dispose(),
  };
}

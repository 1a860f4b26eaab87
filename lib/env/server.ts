// `agentft world serve`: AppWorld's environment protocol over node:http, in front of one request handler.
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { EnvServerStartError } from "./errors.js";
import { createEnvHandler, type EnvHandler, type EnvResponse } from "./request-handler.js";
import { parseEnvServerConfig, type EnvServerConfigInput } from "./server-config.js";
import type { WorldHost } from "./world-host.js";

/** Options of `startEnvServer`: `envServerConfigSchema` plus where warnings go. */
export type EnvServerOptions = EnvServerConfigInput & {
  readonly onWarning?: (message: string) => void;
  /** The worlds to serve. @default the embedded payments world */
  readonly worldHost?: WorldHost;
};

/**
 * A running server; `close` (or `dispose`, or leaving an `await using` block) stops listening, lets running
 * executions finish and closes every world's REPL. Calling it again waits for the same shutdown.
 */
export interface EnvServer extends AsyncDisposable {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly handler: EnvHandler;
  close(): Promise<void>;
  /** The same as `close`. */
  dispose(): Promise<void>;
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Read the body up to the limit; past it, stop reading and answer 413 (the connection is then closed).
function readBody(request: IncomingMessage, limit: number, route: string): Promise<Buffer> {
  const tooLarge = () =>
    new BodyError(
      413,
      `Request body of POST ${route} is over the server's limit of ${limit} bytes (maxBodyBytes); send smaller code or raise --max-body-bytes.`,
    );
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.removeAllListeners("data");
        request.pause();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function parseJson(buffer: Buffer, route: string): unknown {
  const text = buffer.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BodyError(
      400,
      `Malformed JSON in the body of POST ${route}: ${reason}. Send a JSON object, e.g. {"task_id": "325d6ec_2", "code": "print(1)"}.`,
    );
  }
}

// The token may come as a Bearer header, an X-Agentft-Token header or a `token` query parameter.
function presentedToken(request: IncomingMessage, url: URL): string | undefined {
  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ")) return auth.slice("Bearer ".length).trim();
  const header = request.headers["x-agentft-token"];
  if (typeof header === "string") return header;
  return url.searchParams.get("token") ?? undefined;
}

function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, answer: EnvResponse, close = false): void {
  const text = JSON.stringify(answer.body ?? null);
  response.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...(close ? { connection: "close" } : {}),
  });
  response.end(text);
}

async function serveRequest(
  request: IncomingMessage,
  response: ServerResponse,
  handler: EnvHandler,
  options: { token: string | undefined; maxBodyBytes: number },
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  if (options.token !== undefined && !tokenMatches(options.token, presentedToken(request, url))) {
    const given = presentedToken(request, url) === undefined ? "carries no token" : "carries a wrong token";
    send(
      response,
      {
        status: 401,
        body: {
          detail: `${method} ${url.pathname} ${given}; this server requires one: send \`Authorization: Bearer <token>\`, an \`X-Agentft-Token\` header or \`?token=<token>\`.`,
        },
      },
      true,
    );
    request.resume();
    return;
  }
  let body: unknown;
  try {
    body =
      method === "POST"
        ? parseJson(await readBody(request, options.maxBodyBytes, url.pathname), url.pathname)
        : undefined;
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    send(response, { status: error.status, body: { detail: error.message } }, error.status === 413);
    return;
  }
  send(response, await handler.handle({ method, path: url.pathname, body }));
}

// Start serving; resolves once the port is bound.
export async function startEnvServer(options: EnvServerOptions = {}): Promise<EnvServer> {
  const { onWarning, worldHost, ...rest } = options;
  const config = parseEnvServerConfig(rest);
  const handler = createEnvHandler({
    maxWorlds: config.maxWorlds,
    idleTimeoutS: config.idleTimeoutS,
    sandbox: config.sandbox,
    ...(onWarning ? { onWarning } : {}),
    ...(worldHost ? { worldHost } : {}),
  });
  const inflight = new Set<Promise<void>>();
  let stopping = false;
  const server: Server = createServer((request, response) => {
    if (stopping) {
      // A keep-alive connection may still send after close(); no world may open behind the shutdown.
      send(response, { status: 503, body: { detail: "The environment server is shutting down." } }, true);
      request.resume();
      return;
    }
    const served = serveRequest(request, response, handler, { token: config.token, maxBodyBytes: config.maxBodyBytes })
      .catch((error: unknown) => {
        if (!response.headersSent)
          send(response, { status: 500, body: { detail: `Internal server error: ${String(error)}` } });
      })
      .finally(() => inflight.delete(served));
    inflight.add(served);
  });
  // Agents think between requests; keep idle keep-alive connections longer than node's 5 s default.
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    await handler.dispose();
    throw listenError(error, config.host, config.port);
  }
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = config.host.includes(":") ? `[${config.host}]` : config.host;
  if (!isLoopback(config.host) && config.token === undefined) {
    onWarning?.(
      `The environment server listens on ${config.host}, beyond loopback, without a token: anyone who can reach it can run Python in its sandbox. Set --token.`,
    );
  }
  let closing: Promise<void> | undefined;
  const envServer: EnvServer = {
    url: `http://${hostInUrl}:${port}`,
    host: config.host,
    port,
    handler,
    close() {
      closing ??= (async () => {
        stopping = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        // Running executions finish and are answered; then every world's REPL is closed.
        await Promise.allSettled([...inflight]);
        await handler.dispose();
        server.closeAllConnections();
        await stopped;
      })();
      return closing;
    },
    dispose: () => envServer.close(),
    [Symbol.asyncDispose]: () => envServer.close(),
  };
  return envServer;
}

// EADDRINUSE and friends, as a message that says which address and what to change.
function listenError(error: unknown, host: string, port: number): EnvServerStartError {
  const code = (error as { code?: string }).code ?? "";
  const why =
    code === "EADDRINUSE"
      ? "the address is already in use"
      : code === "EACCES"
        ? "permission denied"
        : code === "EADDRNOTAVAIL"
          ? "this machine has no such address"
          : String(error);
  const hint =
    code === "EADDRINUSE"
      ? "Stop the other server or pick another --port (0 picks a free one)."
      : code === "EACCES"
        ? "Ports below 1024 need root; pick a --port above 1023."
        : "Check --host and --port.";
  return new EnvServerStartError(`Cannot listen on ${host}:${port}: ${why}.`, {
    port,
    logPath: "",
    logTail: "",
    hint,
    cause: error,
  });
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

// Requests to an environment server over HTTP (keep-alive node:http), retrying only what cannot have run twice.
import { Agent, request as httpRequest } from "node:http";
import { request as httpsRequest, Agent as HttpsAgent } from "node:https";
import { describeValue } from "../errors.js";
import { EnvHttpError, EnvTimeoutError } from "./errors.js";
import type { EnvResponse } from "./request-handler.js";
import type { EnvTransport } from "./transport.js";

/** Options of `EnvironmentClient.http`. */
export interface HttpTransportOptions {
  /** Sent as `Authorization: Bearer <token>` (what `agentft world serve --token` expects). */
  readonly token?: string;
  /**
   * Time limit of one request attempt. An AppWorld execution may run up to its `timeout_seconds`
   * (100 s by default there), so keep this above it. @default 180000 @unit milliseconds
   */
  readonly timeoutMs?: number;
  /**
   * Extra attempts for requests that are safe to repeat: any request refused before it reached the server
   * (ECONNREFUSED), reset on a stale keep-alive socket, or answered 502/503, and GET requests whose
   * connection broke. An execution that may have run is never sent twice. @default 2
   */
  readonly maxRetries?: number;
  /** First retry delay, doubled each retry (plus jitter). @default 200 @unit milliseconds */
  readonly retryDelayMs?: number;
}

const RETRY_STATUSES = new Set([502, 503]);
const NOT_DELIVERED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

interface AttemptFailure {
  readonly error: Error & { code?: string };
  readonly timedOut: boolean;
  /** The request went out on a kept-alive socket the server may have just closed (uvicorn closes idle ones after 5 s). */
  readonly reusedSocket: boolean;
}

// One HTTP exchange; resolves to the status and parsed body, rejects with AttemptFailure when no answer came.
function attempt(
  url: URL,
  method: string,
  payload: string | undefined,
  headers: Record<string, string>,
  options: { timeoutMs: number; agent: Agent },
): Promise<EnvResponse> {
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", (error) => reject({ error, timedOut: false, reusedSocket: false } satisfies AttemptFailure));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown = text;
        try {
          body = text === "" ? null : JSON.parse(text);
        } catch {
          // Not JSON (a proxy's HTML page): keep the text for the error message.
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.setTimeout(options.timeoutMs, () => {
      req.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: "ETIMEDOUT" }));
    });
    req.on("error", (error: Error & { code?: string }) =>
      reject({ error, timedOut: error.code === "ETIMEDOUT", reusedSocket: req.reusedSocket } satisfies AttemptFailure),
    );
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function parseBaseUrl(baseUrl: string): URL {
  let base: URL | undefined;
  try {
    base = new URL(baseUrl);
  } catch {
    base = undefined;
  }
  if (!base || (base.protocol !== "http:" && base.protocol !== "https:")) {
    throw new TypeError(
      `Expected the environment server URL to be an http(s) URL such as \`http://127.0.0.1:8000\`, got ${describeValue(baseUrl)}.`,
    );
  }
  return base;
}

// Reject option values that would make every request fail or retry forever, naming the option.
function validateOptions(options: HttpTransportOptions): void {
  const rules: [keyof HttpTransportOptions, (v: number) => boolean, string][] = [
    ["timeoutMs", (v) => Number.isFinite(v) && v > 0, "a positive number of milliseconds"],
    ["maxRetries", (v) => Number.isInteger(v) && v >= 0, "a non-negative integer"],
    ["retryDelayMs", (v) => Number.isFinite(v) && v >= 0, "a non-negative number of milliseconds"],
  ];
  for (const [name, ok, expected] of rules) {
    const value = options[name];
    if (value !== undefined && (typeof value !== "number" || !ok(value))) {
      throw new TypeError(`Expected the \`${name}\` option to be ${expected}, got ${describeValue(value)}.`);
    }
  }
}

// Build a transport to `baseUrl` (e.g. `http://127.0.0.1:8000`).
export function createHttpTransport(baseUrl: string, options: HttpTransportOptions = {}): EnvTransport {
  const base = parseBaseUrl(baseUrl);
  validateOptions(options);
  const timeoutMs = options.timeoutMs ?? 180_000;
  const maxRetries = options.maxRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const agent = base.protocol === "https:" ? new HttpsAgent({ keepAlive: true }) : new Agent({ keepAlive: true });
  // Keep a base path (`http://host/prefix`) in front of every route.
  const root = base.href.endsWith("/") ? base.href : `${base.href}/`;
  const urlFor = (path: string) => new URL(path.replace(/^\//, ""), root);
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return {
    describe: (path) => urlFor(path).toString(),
    async request(method, path, body) {
      const url = urlFor(path);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const sendHeaders =
        payload === undefined
          ? headers
          : { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(payload)) };
      for (let retry = 0; ; retry++) {
        let failure: AttemptFailure | undefined;
        try {
          const answer = await attempt(url, method, payload, sendHeaders, { timeoutMs, agent: agent as Agent });
          if (!RETRY_STATUSES.has(answer.status) || retry >= maxRetries) return answer;
        } catch (caught) {
          failure = caught as AttemptFailure;
          const code = failure.error.code ?? "";
          // Node's documented case: a reset on a reused keep-alive socket means the server closed it before reading.
          const staleSocket = failure.reusedSocket && code === "ECONNRESET";
          const safe = NOT_DELIVERED.has(code) || staleSocket || (method === "GET" && !failure.timedOut);
          if (!safe || retry >= maxRetries) {
            const init = { url: url.toString(), method, cause: failure.error };
            const why = failure.timedOut
              ? `no answer within ${timeoutMs} ms (timeoutMs)`
              : `${code || failure.error.name}: ${failure.error.message}`;
            const hint = code === "ECONNREFUSED" ? "; is the server running? Start one with `agentft world serve`" : "";
            throw failure.timedOut
              ? new EnvTimeoutError(init, why)
              : EnvHttpError.generate(undefined, init, `${why}${hint}`);
          }
        }
        await sleep(retryDelayMs * 2 ** retry * (1 + Math.random() / 2));
      }
    },
    async dispose() {
      agent.destroy();
    },
  };
}

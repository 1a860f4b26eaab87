// Errors of the environment protocol: one class per HTTP failure family, picked by `EnvHttpError.generate`.
import { AgentftError } from "../errors.js";

/** Where a failed request went and what came back; every `EnvHttpError` carries these fields. */
export interface EnvHttpErrorInit {
  /** The full URL (`http://127.0.0.1:8000/execute`), or `embedded:/execute` for the in-process world. */
  readonly url: string;
  /** `GET` or `POST`. */
  readonly method: string;
  /** The parsed answer body (`{"detail": ...}` for AppWorld's errors), or the raw text when it was not JSON. */
  readonly body?: unknown;
  /** The server's own message (`detail` of the answer), when it gave one. */
  readonly serverMessage?: string;
  readonly cause?: unknown;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

// "POST /execute failed with 400 Bad Request: <server message> (<url>)": what, where, why, then the URL.
function buildMessage(status: number | undefined, init: EnvHttpErrorInit, fallback?: string): string {
  const route = routeOf(init.url);
  const what =
    status === undefined ? "failed" : `failed with ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ""}`;
  const why = init.serverMessage ?? fallback;
  if (status !== undefined && status < 300)
    return `${init.method} ${route} answered ${status}, but ${why ?? "not as expected"} (${init.url})`;
  return `${init.method} ${route} ${what}${why ? `: ${why}` : ""} (${init.url})`;
}

function routeOf(url: string): string {
  if (url.startsWith("embedded:")) return url.slice("embedded:".length);
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * A request to an environment server (or the embedded world) that did not succeed. `status` is the HTTP
 * status, undefined when no answer came back (see `EnvConnectionError`). Branch with `instanceof` on the
 * subclasses rather than on numbers.
 */
export class EnvHttpError extends AgentftError {
  readonly status: number | undefined;
  readonly url: string;
  readonly method: string;
  /** The route alone (`/execute`). */
  readonly route: string;
  readonly body: unknown;
  readonly serverMessage: string | undefined;

  constructor(status: number | undefined, init: EnvHttpErrorInit, fallbackMessage?: string) {
    super("env-http", buildMessage(status, init, fallbackMessage), { cause: init.cause });
    this.name = "EnvHttpError";
    this.status = status;
    this.url = init.url;
    this.method = init.method;
    this.route = routeOf(init.url);
    this.body = init.body;
    this.serverMessage = init.serverMessage;
  }

  // Pick the subclass for a status, as openai-node's APIError.generate does.
  static generate(status: number | undefined, init: EnvHttpErrorInit, fallbackMessage?: string): EnvHttpError {
    if (status === undefined) return new EnvConnectionError(init, fallbackMessage);
    if (status === 400) return new EnvBadRequestError(status, init, fallbackMessage);
    if (status === 401 || status === 403) return new EnvAuthenticationError(status, init, fallbackMessage);
    if (status === 404) return new EnvNotFoundError(status, init, fallbackMessage);
    if (status === 413) return new EnvPayloadTooLargeError(status, init, fallbackMessage);
    if (status === 422) return new EnvUnprocessableError(status, init, fallbackMessage);
    if (status === 429) return new EnvCapacityError(status, init, fallbackMessage);
    if (status >= 500) return new EnvServerError(status, init, fallbackMessage);
    return new EnvHttpError(status, init, fallbackMessage);
  }
}

/** 400: AppWorld's own refusals ("AppWorld has not been initialized.", another task's world, ambiguous world) and malformed JSON. */
export class EnvBadRequestError extends EnvHttpError {
  override readonly name = "EnvBadRequestError";
}

/** 401/403: the server wants a token (`--token`) and the request had none or a wrong one. */
export class EnvAuthenticationError extends EnvHttpError {
  override readonly name = "EnvAuthenticationError";
}

/** 404: unknown route or unknown task id. */
export class EnvNotFoundError extends EnvHttpError {
  override readonly name = "EnvNotFoundError";
}

/** 413: the request body is over the server's size limit. */
export class EnvPayloadTooLargeError extends EnvHttpError {
  override readonly name = "EnvPayloadTooLargeError";
}

/** 422: the body is JSON but not the route's shape (a missing `task_id`, `code` not a string, ...). */
export class EnvUnprocessableError extends EnvHttpError {
  override readonly name = "EnvUnprocessableError";
}

/** 429: the server already holds its maximum number of open worlds. */
export class EnvCapacityError extends EnvHttpError {
  override readonly name = "EnvCapacityError";
}

/** 5xx: the server failed; 502 and 503 are retried by the client before this is thrown. */
export class EnvServerError extends EnvHttpError {
  override readonly name = "EnvServerError";
}

/** No answer at all: connection refused or reset, or the answer was not valid for the route. */
export class EnvConnectionError extends EnvHttpError {
  override readonly name: string = "EnvConnectionError";
  constructor(init: EnvHttpErrorInit, fallbackMessage?: string) {
    super(undefined, init, fallbackMessage);
  }
}

/** No answer within the client's `timeoutMs`. */
export class EnvTimeoutError extends EnvConnectionError {
  override readonly name = "EnvTimeoutError";
}

/** The server answered 200 but not with the route's shape: not an AppWorld environment server, or another version. */
export class EnvProtocolError extends EnvHttpError {
  override readonly name = "EnvProtocolError";
}

/** An environment server did not start: `agentft world serve` could not listen, or an AppWorld process did not become ready. */
export class EnvServerStartError extends AgentftError {
  readonly port: number;
  /** The server's log; empty when it has none (our own server failing to listen). */
  readonly logPath: string;
  readonly logTail: string;
  readonly hint: string;
  constructor(
    message: string,
    init: { port: number; logPath: string; logTail: string; hint: string; cause?: unknown },
  ) {
    const tail = init.logTail.trim() ? `\n--- last lines of ${init.logPath} ---\n${init.logTail.trimEnd()}` : "";
    super("env-server-start", `${message}\n${init.hint}${tail}`, { cause: init.cause });
    this.name = "EnvServerStartError";
    this.port = init.port;
    this.logPath = init.logPath;
    this.logTail = init.logTail;
    this.hint = init.hint;
  }
}

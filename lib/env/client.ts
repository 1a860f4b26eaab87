// EnvironmentClient: one typed client for the embedded world (in process), `agentft world serve` and real AppWorld.
import type { z } from "zod";
import { ConfigError, describeValue } from "../errors.js";
import { EnvHttpError, EnvProtocolError } from "./errors.js";
import { createHttpTransport, type HttpTransportOptions } from "./http-transport.js";
import {
  ROUTES,
  TaskInfoOutput,
  WelcomeBody,
  readErrorDetail,
  type InitializeOutputWire,
  type RouteName,
  type EvaluationTrackerWire,
} from "./protocol.js";
import type { EnvHandlerOptions } from "./request-handler.js";
import { createEmbeddedTransport, type EnvTransport } from "./transport.js";

/** The person a task's agent acts for. */
export interface Supervisor {
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly phoneNumber: string;
}

/** What `/initialize` tells about a task. */
export interface TaskInfo {
  readonly taskId: string;
  readonly instruction: string;
  readonly supervisor: Supervisor;
  /** The world's frozen clock, `YYYY-MM-DDTHH:MM:SS`. */
  readonly datetime: string;
}

/** `GET /tasks/{task_id}`: the task without opening a world; the last three are absent from servers that do not send them. */
export interface TaskDescription extends TaskInfo {
  readonly difficulty?: number;
  readonly split?: string;
  readonly allowedApps?: readonly string[];
}

/** Picks among several open worlds of one task (the server's key is `(experimentName, taskId)`). */
export interface WorldSelector {
  /** @default the client's `experimentName`, else none (fine while one world of the task is open) */
  readonly experimentName?: string;
}

/** Options of `initialize`, sent as AppWorld's snake_case keys. */
export interface InitializeOptions extends WorldSelector {
  /** @default 1000 (AppWorld's) */
  readonly maxInteractions?: number;
  /** Per-execution limit. @default the server's (10 s embedded, 100 s AppWorld) @unit seconds */
  readonly timeoutSeconds?: number;
  /** @default 100 (AppWorld's); the embedded world ignores it (each task is deterministic) */
  readonly randomSeed?: number;
}

/** Options every client constructor accepts. */
export interface ClientCommonOptions {
  /** Default `experimentName` of every request that does not give one. */
  readonly experimentName?: string;
}

/** Options of `EnvironmentClient.embedded`: the handler's world options plus the default experiment name. */
export type EmbeddedClientOptions = EnvHandlerOptions & ClientCommonOptions;
/** Options of `EnvironmentClient.http`: token, time-out and retries plus the default experiment name. */
export type HttpClientOptions = HttpTransportOptions & ClientCommonOptions;

function toTaskInfo(wire: InitializeOutputWire): TaskInfo {
  const s = wire.supervisor;
  return {
    taskId: wire.task_id,
    instruction: wire.instruction,
    supervisor: { firstName: s.first_name, lastName: s.last_name, email: s.email, phoneNumber: s.phone_number },
    datetime: wire.datetime,
  };
}

// Talks AppWorld's protocol through a transport; every failure is an EnvHttpError naming the route.
export class EnvironmentClient {
  readonly #transport: EnvTransport;
  readonly #experimentName: string | undefined;
  #disposed: Promise<void> | undefined;
  /** `embedded` or the server's base URL. */
  readonly target: string;

  private constructor(transport: EnvTransport, target: string, options: ClientCommonOptions) {
    this.#transport = transport;
    this.target = target;
    this.#experimentName = options.experimentName;
  }

  // In process: the embedded world behind the same request handler as the server, no HTTP at all.
  static embedded(options: EmbeddedClientOptions = {}): EnvironmentClient {
    const { experimentName, ...handlerOptions } = options;
    return new EnvironmentClient(createEmbeddedTransport(handlerOptions), "embedded", {
      ...(experimentName ? { experimentName } : {}),
    });
  }

  // Over HTTP: `agentft world serve`, or a real `appworld serve environment` server.
  static http(url: string, options: HttpClientOptions = {}): EnvironmentClient {
    const { experimentName, ...transportOptions } = options;
    return new EnvironmentClient(createHttpTransport(url, transportOptions), url, {
      ...(experimentName ? { experimentName } : {}),
    });
  }

  // From a `--env` value: `embedded` (or nothing) for the in-process world, an http(s) URL for a server.
  static connect(env: string | undefined, options: EmbeddedClientOptions & HttpClientOptions = {}): EnvironmentClient {
    if (env === undefined || env === "" || env === "embedded") {
      const { token: _t, timeoutMs: _m, maxRetries: _r, retryDelayMs: _d, ...embedded } = options;
      return EnvironmentClient.embedded(embedded);
    }
    if (/^https?:\/\/[^/]/.test(env)) {
      const { experimentName, token, timeoutMs, maxRetries, retryDelayMs } = options;
      return EnvironmentClient.http(env, {
        experimentName,
        token,
        timeoutMs,
        maxRetries,
        retryDelayMs,
      } as HttpClientOptions);
    }
    throw new ConfigError(
      `Invalid environment ${describeValue(env)}: expected \`embedded\` or the URL of an AppWorld environment server, e.g. \`http://127.0.0.1:8000\`.`,
      [{ path: "env", message: "expected `embedded` or an http(s) URL" }],
    );
  }

  async initialize(taskId: string, options: InitializeOptions = {}): Promise<TaskInfo> {
    const output = await this.#post("initialize", {
      task_id: taskId,
      ...this.#experiment(options),
      ...(options.maxInteractions !== undefined ? { max_interactions: options.maxInteractions } : {}),
      ...(options.timeoutSeconds !== undefined ? { timeout_seconds: options.timeoutSeconds } : {}),
      ...(options.randomSeed !== undefined ? { random_seed: options.randomSeed } : {}),
    });
    return toTaskInfo(output);
  }

  /** Runs Python in the task's REPL; resolves to AppWorld's output string (a failed execution is still a string). */
  execute(taskId: string, code: string, options: WorldSelector = {}): Promise<string> {
    return this.#post("execute", { task_id: taskId, code, ...this.#experiment(options) });
  }

  batchExecute(taskId: string, codes: readonly string[], options: WorldSelector = {}): Promise<string[]> {
    return this.#post("batchExecute", { task_id: taskId, codes: [...codes], ...this.#experiment(options) });
  }

  taskCompleted(taskId: string, options: WorldSelector = {}): Promise<boolean> {
    return this.#post("taskCompleted", { task_id: taskId, ...this.#experiment(options) });
  }

  /** AppWorld's test tracker, or with `report: true` its text report. */
  evaluate(taskId: string, options: WorldSelector & { readonly report: true }): Promise<string>;
  evaluate(taskId: string, options?: WorldSelector & { readonly report?: false }): Promise<EvaluationTrackerWire>;
  async evaluate(
    taskId: string,
    options: WorldSelector & { readonly report?: boolean } = {},
  ): Promise<string | EvaluationTrackerWire> {
    const output = await this.#post("evaluate", {
      task_id: taskId,
      report: options.report === true,
      ...this.#experiment(options),
    });
    if (options.report === true && typeof output !== "string")
      throw this.#protocolError("/evaluate", output, "a text report");
    if (options.report !== true && typeof output === "string")
      throw this.#protocolError("/evaluate", output, "a test tracker object");
    // Parsed by the route's schema in #post: a string or AppWorld's tracker, nothing cast.
    return output;
  }

  async saveState(taskId: string, stateId: string, options: WorldSelector = {}): Promise<void> {
    await this.#post("saveState", { task_id: taskId, state_id: stateId, ...this.#experiment(options) });
  }

  async loadState(taskId: string, stateId: string, options: WorldSelector = {}): Promise<void> {
    await this.#post("loadState", { task_id: taskId, state_id: stateId, ...this.#experiment(options) });
  }

  /** Closes the task's world (its REPL exits). */
  async close(taskId: string, options: WorldSelector = {}): Promise<void> {
    await this.#post("close", { task_id: taskId, ...this.#experiment(options) });
  }

  /** Closes every world on the server, or with `experimentName` only that experiment's. */
  async closeAll(options: WorldSelector = {}): Promise<void> {
    await this.#post("closeAll", this.#experiment(options));
  }

  async getTask(taskId: string): Promise<TaskDescription> {
    const body = await this.#get(`/tasks/${encodeURIComponent(taskId)}`);
    const parsed = TaskInfoOutput.safeParse((body as { output?: unknown } | null)?.output);
    if (!parsed.success)
      throw this.#protocolError(`/tasks/${taskId}`, body, "`{output: {task_id, instruction, supervisor, datetime}}`");
    const { difficulty, split, allowed_apps: apps } = parsed.data;
    return {
      ...toTaskInfo(parsed.data),
      ...(difficulty != null ? { difficulty } : {}),
      ...(split != null ? { split } : {}),
      ...(apps != null ? { allowedApps: apps } : {}),
    };
  }

  /** All API docs (`GET /api_docs`), as the server gives them. */
  apiDocs(): Promise<unknown> {
    return this.#get("/api_docs");
  }

  /** `GET /`: the server's welcome message; pools poll it for readiness. */
  async ping(): Promise<string> {
    const body = await this.#get("/");
    const parsed = WelcomeBody.safeParse(body);
    if (!parsed.success) throw this.#protocolError("/", body, '`{"message": ...}`');
    return parsed.data.message;
  }

  /** Releases the client: in process it closes every world it opened; over HTTP it drops idle connections. */
  dispose(): Promise<void> {
    this.#disposed ??= this.#transport.dispose();
    return this.#disposed;
  }

  /** `await using env = EnvironmentClient.embedded()`: a re-run cell or a thrown error still releases it. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  #experiment(options: WorldSelector): { experiment_name?: string } {
    const name = options.experimentName ?? this.#experimentName;
    return name === undefined ? {} : { experiment_name: name };
  }

  async #post<R extends RouteName>(
    route: R,
    body: z.input<(typeof ROUTES)[R]["body"]>,
  ): Promise<z.output<(typeof ROUTES)[R]["output"]>> {
    const spec = ROUTES[route];
    const answer = await this.#transport.request("POST", spec.path, body);
    if (answer.status !== 200) throw this.#httpError(answer.status, spec.path, "POST", answer.body);
    const output = (answer.body as { output?: unknown } | null)?.output;
    const parsed = spec.output.safeParse(output);
    if (!parsed.success || answer.body === null || typeof answer.body !== "object" || !("output" in answer.body)) {
      throw this.#protocolError(spec.path, answer.body, "`{output: ...}` of the route's shape");
    }
    return parsed.data as z.output<(typeof ROUTES)[R]["output"]>;
  }

  async #get(path: string): Promise<unknown> {
    const answer = await this.#transport.request("GET", path);
    if (answer.status !== 200) throw this.#httpError(answer.status, path, "GET", answer.body);
    return answer.body;
  }

  #httpError(status: number, path: string, method: string, body: unknown): EnvHttpError {
    const serverMessage = readErrorDetail(body);
    return EnvHttpError.generate(status, {
      url: this.#transport.describe(path),
      method,
      body,
      ...(serverMessage ? { serverMessage } : {}),
    });
  }

  #protocolError(path: string, body: unknown, expected: string): EnvProtocolError {
    const text = JSON.stringify(body) ?? String(body);
    return new EnvProtocolError(
      200,
      {
        url: this.#transport.describe(path),
        method: path.startsWith("/tasks/") || path === "/" ? "GET" : "POST",
        body,
      },
      `the answer is not ${expected}: ${text.length > 200 ? `${text.slice(0, 197)}...` : text}. Is ${this.target} an AppWorld environment server?`,
    );
  }
}

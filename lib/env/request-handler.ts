// The semantics of every route, independent of HTTP: the server and the in-process client both call `handle`.
import { z } from "zod";
import {
  CloseAllBody,
  EvaluateBody,
  ExecuteBody,
  BatchExecuteBody,
  InitializeBody,
  StateBody,
  TaskBody,
} from "./protocol.js";
import { parseEnvServerConfig, type EnvServerConfigInput } from "./server-config.js";
import { embeddedWorldHost, type WorldHost } from "./world-host.js";
import { EnvRequestError, WorldRegistry } from "./world-registry.js";

/** A request as the handler sees it: the body already parsed from JSON (undefined when empty). */
export interface EnvRequest {
  readonly method: string;
  /** The path without query string, e.g. `/execute` or `/tasks/325d6ec_2`. */
  readonly path: string;
  readonly body?: unknown;
}

/** The answer: an HTTP status and a JSON-ready body (`{"output": ...}`, `{"detail": ...}` or `GET /`'s message). */
export interface EnvResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Options of the handler: the world part of `envServerConfigSchema`, plus where warnings go. */
export type EnvHandlerOptions = Pick<EnvServerConfigInput, "maxWorlds" | "idleTimeoutS" | "sandbox"> & {
  /** Receives one-time warnings of the world (e.g. running without bubblewrap). */
  readonly onWarning?: (message: string) => void;
  /** The worlds to serve. @default the embedded payments world */
  readonly worldHost?: WorldHost;
};

/** Handles protocol requests against a set of open worlds. */
export interface EnvHandler {
  handle(request: EnvRequest): Promise<EnvResponse>;
  /** Number of task worlds open now. */
  readonly openWorlds: number;
  /** Close worlds idle longer than the time-out at `nowMs`; resolves to how many were closed. */
  closeIdle(nowMs: number): Promise<number>;
  /** Close every world (each REPL exits) and stop the idle sweeper. */
  dispose(): Promise<void>;
}

/** `GET /` answers `{"message": WELCOME_MESSAGE}`; it starts like AppWorld's, which clients may check. */
export const WELCOME_MESSAGE =
  "Welcome to AppWorld Server! This is the agentft embedded payments world, served over AppWorld's environment protocol.";

type Handler = (body: unknown, registry: WorldRegistry, host: WorldHost) => Promise<unknown>;

// Parse a body with the route's schema; failures are FastAPI-style 422s that name the field.
function parseBody<S extends z.ZodType>(schema: S, body: unknown, route: string): z.output<S> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new EnvRequestError(422, `Invalid body for POST ${route}:\n${z.prettifyError(parsed.error)}`);
}

const POST_ROUTES: Readonly<Record<string, Handler>> = {
  "/initialize": async (raw, registry, host) => {
    const body = parseBody(InitializeBody, raw, "/initialize");
    if (!host.findTask(body.task_id)) {
      throw new EnvRequestError(
        404,
        `Unknown task_id \`${body.task_id}\`: no task of this world has that id; list the ids with \`agentft world tasks\`.`,
      );
    }
    const entry = await registry.open(body.task_id, body.experiment_name ?? null, {
      maxInteractions: body.max_interactions ?? undefined,
      timeoutSeconds: body.timeout_seconds ?? undefined,
    });
    return entry.world.info;
  },
  "/execute": async (raw, registry) => {
    const body = parseBody(ExecuteBody, raw, "/execute");
    const entry = registry.find(body.task_id, body.experiment_name);
    return registry.run(entry, (world) => world.execute(body.code));
  },
  "/batch_execute": async (raw, registry) => {
    const body = parseBody(BatchExecuteBody, raw, "/batch_execute");
    const entry = registry.find(body.task_id, body.experiment_name);
    return registry.run(entry, async (world) => {
      const outputs: string[] = [];
      for (const code of body.codes) outputs.push(await world.execute(code));
      return outputs;
    });
  },
  "/task_completed": async (raw, registry) => {
    const body = parseBody(TaskBody, raw, "/task_completed");
    return registry.run(registry.find(body.task_id, body.experiment_name), (world) => world.taskCompleted());
  },
  "/evaluate": async (raw, registry, host) => {
    const body = parseBody(EvaluateBody, raw, "/evaluate");
    const report = await registry.run(registry.find(body.task_id, body.experiment_name), (world) => world.evaluate());
    return body.report ? host.renderReport(report, body.task_id) : report;
  },
  "/save_state": async (raw, registry) => {
    const body = parseBody(StateBody, raw, "/save_state");
    await registry.run(registry.find(body.task_id, body.experiment_name), (world) => world.saveState(body.state_id));
    return null;
  },
  "/load_state": async (raw, registry) => {
    const body = parseBody(StateBody, raw, "/load_state");
    await registry.run(registry.find(body.task_id, body.experiment_name), async (world) => {
      try {
        await world.loadState(body.state_id);
      } catch (error) {
        throw new EnvRequestError(
          400,
          `Cannot load state \`${body.state_id}\` of task ${body.task_id}: ${messageOf(error)}`,
        );
      }
    });
    return null;
  },
  "/close": async (raw, registry) => {
    const body = parseBody(TaskBody, raw, "/close");
    await registry.close(registry.find(body.task_id, body.experiment_name));
    return null;
  },
  "/close_all": async (raw, registry) => {
    const body = parseBody(CloseAllBody, raw, "/close_all");
    await registry.closeAll(body.experiment_name);
    return null;
  },
};

const GET_ROUTES = ["/", "/api_docs", "/tasks/{task_id}"];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Answer a GET: the welcome message, the API docs (unwrapped, as AppWorld) or one task's info.
function handleGet(path: string, host: WorldHost): EnvResponse {
  if (path === "/") return { status: 200, body: { message: WELCOME_MESSAGE } };
  if (path === "/api_docs") return { status: 200, body: host.apiDocs() };
  const match = /^\/tasks\/([^/]+)$/.exec(path);
  if (match) {
    let taskId: string;
    try {
      taskId = decodeURIComponent(match[1] as string);
    } catch {
      return { status: 400, body: { detail: `Malformed task id in GET ${path}: fix its %-escapes.` } };
    }
    const task = host.findTask(taskId);
    if (!task) {
      return {
        status: 404,
        body: { detail: `Unknown task_id \`${taskId}\`: list the ids with \`agentft world tasks\`.` },
      };
    }
    return { status: 200, body: { output: host.describeTask(task) } };
  }
  return notFound("GET", path);
}

function notFound(method: string, path: string): EnvResponse {
  const routes = [...GET_ROUTES.map((r) => `GET ${r}`), ...Object.keys(POST_ROUTES).map((r) => `POST ${r}`)];
  const other = method === "GET" ? POST_ROUTES[path] : method === "POST" ? isGetPath(path) : false;
  if (other)
    return { status: 405, body: { detail: `Method Not Allowed: ${path} takes ${method === "GET" ? "POST" : "GET"}.` } };
  return {
    status: 404,
    body: { detail: `Not Found: no route ${method} ${path}; the routes are ${routes.join(", ")}.` },
  };
}

function isGetPath(path: string): boolean {
  return path === "/" || path === "/api_docs" || /^\/tasks\/[^/]+$/.test(path);
}

// Build a handler over a fresh set of worlds; call `dispose` to close them.
export function createEnvHandler(options: EnvHandlerOptions = {}): EnvHandler {
  const { worldHost, onWarning, ...rest } = options;
  const config = parseEnvServerConfig(rest, "environment handler options");
  const host = worldHost ?? embeddedWorldHost;
  const registry = new WorldRegistry({
    host,
    maxWorlds: config.maxWorlds,
    idleTimeoutMs: config.idleTimeoutS * 1000,
    worldOptions: { sandbox: config.sandbox, ...(onWarning ? { onWarning } : {}) },
  });
  return {
    async handle(request) {
      const path = request.path.length > 1 ? request.path.replace(/\/+$/, "") : request.path;
      try {
        if (request.method === "GET") return handleGet(path, host);
        const route = request.method === "POST" ? POST_ROUTES[path] : undefined;
        if (!route) return notFound(request.method, path);
        return { status: 200, body: { output: await route(request.body, registry, host) } };
      } catch (error) {
        if (error instanceof EnvRequestError) return { status: error.status, body: { detail: error.message } };
        return {
          status: 500,
          body: { detail: `${request.method} ${path} failed inside the server: ${messageOf(error)}` },
        };
      }
    },
    get openWorlds() {
      return registry.size;
    },
    closeIdle: (nowMs) => registry.closeIdle(nowMs),
    dispose: () => registry.dispose(),
  };
}

// Calling an API the way AppWorld's Python `apis.<app>.<api>(**kwargs)` does: the REPL-side checks
// (unknown app, API or parameter), then the server's token check (401), validation (422) and the
// handler, answering with the compact JSON the server would send.
import { encodePythonJson, encodeWithExample, toPlain } from "../python-json.js";
import type { WorldState } from "../state.js";
import { ApiFailure, type ApiContext, type ApiDefinition } from "./define.js";
import { buildApiDoc } from "./docs.js";
import { resolveToken } from "./auth.js";
import { validateArguments } from "./validate.js";
import { APPS, visibleApps } from "./registry.js";
import type { AppInfo } from "./define.js";

function pythonList(names: readonly string[]): string {
  return `[${names.map((n) => `'${n}'`).join(", ")}]`;
}
import type { ApiCaller, ApiResponse } from "./types.js";

/** Options of `callApi` / `createApiCaller`. */
export interface CallOptions {
  /** Apps the task may use; calls to others fail as unknown apps. */
  readonly allowedApps: readonly string[];
}

interface IndexedApi {
  definition: ApiDefinition;
  allowed: Set<string>;
  allowedText: string;
  pathParams: string[];
}

// Per-API lookups computed once, so a call costs microseconds.
const INDEX = new Map<string, Map<string, IndexedApi>>(
  APPS.map((app) => [
    app.name,
    new Map(
      app.apis.map((api) => {
        const names = api.parameters.map((spec) => spec.name);
        const pathParams = names.filter((name) => api.path.includes(`{${name}}`));
        return [api.name, { definition: api, allowed: new Set(names), allowedText: pythonList(names), pathParams }];
      }),
    ),
  ]),
);

const visibleCache = new Map<string, AppInfo[]>();

function visibleFor(allowedApps: readonly string[]): AppInfo[] {
  const key = allowedApps.join(",");
  let apps = visibleCache.get(key);
  if (!apps) {
    apps = visibleApps(allowedApps);
    if (visibleCache.size < 64) visibleCache.set(key, apps);
  }
  return apps;
}

// A failure raised in the REPL before any HTTP answer (status 0: no response exists).
function clientError(message: string): ApiResponse {
  return { status: 0, body: { message }, json: encodePythonJson({ message }), clientError: message };
}

function failure(error: ApiFailure): ApiResponse {
  return { status: error.status, body: error.body, json: encodePythonJson(error.body) };
}

// Runs one API call against the state (mutating it). Never throws for bad input: every problem is an ApiResponse.
export function callApi(
  state: WorldState,
  app: string,
  api: string,
  kwargs: Record<string, unknown>,
  options: CallOptions,
): ApiResponse {
  const apis = options.allowedApps.includes(app) ? INDEX.get(app) : undefined;
  if (!apis) return clientError(`No app named '${app}' found.`);
  const indexed = apis.get(api);
  if (!indexed) return clientError(`No API named '${api}' found in the ${app} app.`);
  const definition = indexed.definition;
  for (const key in kwargs) {
    if (!indexed.allowed.has(key)) {
      return clientError(
        `Unexpected parameter '${key}' passed to the ${api} API of the ${app} app. Allowed parameters are: ${indexed.allowedText}`,
      );
    }
  }
  // An empty path segment matches no route on the server, which the Python client reports as plain text.
  for (const name of indexed.pathParams) {
    if (kwargs[name] === "") return clientError("API not found or some of the passed parameters are invalid.");
  }
  try {
    const auth = definition.auth ? resolveToken(state, app, kwargs.access_token) : undefined;
    const validated = validateArguments(definition, kwargs);
    if (!validated.ok) return failure(new ApiFailure(422, { message: validated.message }));
    const context: ApiContext = {
      state,
      args: validated.args,
      user: auth?.user as ApiContext["user"],
      token: auth?.record.token,
      visibleApps: visibleFor(options.allowedApps),
    };
    const result = definition.handler(context);
    // Handlers build fresh objects; only api_docs answers carry number markers that need converting.
    const body = app === "api_docs" ? toPlain(result) : result;
    return { status: 200, body, json: encodeWithExample(result, definition.response) };
  } catch (error) {
    if (error instanceof ApiFailure) return failure(error);
    throw error;
  }
}

// An ApiCaller bound to one world and its allowed apps (what the executor's `apis` proxy calls).
export function createApiCaller(state: WorldState, options: CallOptions): ApiCaller {
  return (app, api, kwargs) => callApi(state, app, api, kwargs, options);
}

// Every doc of the shipped apps (or of the allowed ones), `{app: {api_name: doc}}`, as AppWorld's GET /api_docs.
export function buildApiDocs(allowedApps?: readonly string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const app of visibleApps(allowedApps)) {
    out[app.name] = Object.fromEntries(app.apis.map((api) => [api.name, toPlain(buildApiDoc(api))]));
  }
  return out;
}

// The same docs as exact Python JSON text (floats keep `.0`, 2**63-1 stays exact).
export function buildApiDocsJson(allowedApps?: readonly string[]): string {
  const out: Record<string, Record<string, unknown>> = {};
  for (const app of visibleApps(allowedApps)) {
    out[app.name] = Object.fromEntries(app.apis.map((api) => [api.name, buildApiDoc(api)]));
  }
  return encodePythonJson(out);
}

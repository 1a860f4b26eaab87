// One definition per API: its documentation and its handler. Validation, `show_api_doc`,
// `show_api_descriptions`, `search_api_docs` and the REPL-side parameter checks are all derived from it.
import { PyFloat, RawNumber } from "../python-json.js";
import type { Person, WorldState } from "../state.js";

export type ParamType = "string" | "integer" | "number" | "boolean" | "list[string]" | "number | integer | string";

/** One parameter. It is required when `default` is absent. */
export interface ParamSpec {
  readonly name: string;
  readonly type: ParamType;
  readonly description: string;
  readonly required: boolean;
  readonly default: unknown;
  readonly ge?: number;
  readonly gt?: number;
  readonly le?: number;
  readonly lt?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly email?: boolean;
  readonly oneOf?: readonly string[];
  /** Exact Python text of the default when a JS number cannot hold it. */
  readonly defaultText?: string;
}

/** What a handler sees: the world, the validated arguments (defaults filled in) and the logged-in user. */
export interface ApiContext {
  readonly state: WorldState;
  readonly args: Record<string, unknown>;
  /** The token's user; set for APIs that need `access_token`. */
  readonly user: Person;
  /** The token string used, for `logout`. */
  readonly token: string | undefined;
  /** The apps this world shows (the task's allowed apps that exist), with their APIs, for `api_docs`. */
  readonly visibleApps: readonly AppInfo[];
}

/** An app as `api_docs` lists it. */
export interface AppInfo {
  readonly name: string;
  readonly description: string;
  readonly apis: readonly ApiDefinition[];
}

export interface ApiDefinition {
  readonly app: string;
  readonly name: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path without the app prefix, e.g. `/transactions/{transaction_id}`. */
  readonly path: string;
  readonly description: string;
  /** Parameters in doc order (sorted as AppWorld sorts them). */
  readonly parameters: readonly ParamSpec[];
  /** Made-up success example as AppWorld prints it; PyFloat marks floats. */
  readonly response: unknown;
  readonly auth: boolean;
  readonly handler: (context: ApiContext) => unknown;
}

/** An app's refusal: the HTTP status and message (or message list, for lookups by fields) of the error body. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: { message: string | string[] },
  ) {
    super(typeof body.message === "string" ? body.message : body.message.join("; "));
    this.name = "ApiFailure";
  }
}

// A 422 business-rule error with AppWorld's `{"message": ...}` body.
export function fail(message: string, status = 422): never {
  throw new ApiFailure(status, { message });
}

// The 409 of a missing resource: "The payment request with id 6104 does not exist."
export function notFound(resource: string, id: unknown): never {
  throw new ApiFailure(409, { message: `The ${resource} with id ${String(id)} does not exist.` });
}

// The 422 of someone else's resource.
export function notYours(resource: string): never {
  throw new ApiFailure(422, { message: `The given ${resource} does not belong to you, so you cannot access it.` });
}

type ParamOptions = Omit<Partial<ParamSpec>, "name" | "type" | "description" | "required">;

function param(type: ParamType, name: string, description: string, options: ParamOptions = {}): ParamSpec {
  const required = !("default" in options);
  return { name, type, description, required, ...options, default: required ? null : options.default };
}

/** Parameter builders; pass `{default: x}` to make a parameter optional. */
export const p = {
  str: (name: string, description: string, options?: ParamOptions) => param("string", name, description, options),
  int: (name: string, description: string, options?: ParamOptions) => param("integer", name, description, options),
  num: (name: string, description: string, options?: ParamOptions) => param("number", name, description, options),
  bool: (name: string, description: string, options?: ParamOptions) => param("boolean", name, description, options),
  list: (name: string, description: string, options?: ParamOptions) =>
    param("list[string]", name, description, options),
  any: (name: string, description: string, options?: ParamOptions) =>
    param("number | integer | string", name, description, options),
};

export const PAGE_INDEX = p.int("page_index", "The index of the page to return.", { default: 0, ge: 0 });
export const PAGE_LIMIT = p.int("page_limit", "The maximum number of results to return per page.", {
  default: 5,
  ge: 1,
  le: 20,
});
export const PAGING = [PAGE_INDEX, PAGE_LIMIT] as const;

function accessToken(app: string): ParamSpec {
  return param("string", "access_token", `Access token obtained from ${app} app login.`);
}

const LATE_ORDER: Record<string, number> = { page_index: 1, page_limit: 2, sort_by: 3, access_token: 4 };

// AppWorld's parameter order: required before optional; inside each, others < page_index < page_limit < sort_by < access_token.
export function sortParameters(parameters: readonly ParamSpec[]): ParamSpec[] {
  return parameters
    .map((spec, index) => ({ spec, index }))
    .sort(
      (a, b) =>
        Number(b.spec.required) - Number(a.spec.required) ||
        (LATE_ORDER[a.spec.name] ?? 0) - (LATE_ORDER[b.spec.name] ?? 0) ||
        a.index - b.index,
    )
    .map(({ spec }) => spec);
}

/** How an app declares an API; `auth` adds the `access_token` parameter. */
export interface ApiDeclaration {
  name: string;
  method: ApiDefinition["method"];
  path: string;
  description: string;
  params?: readonly ParamSpec[];
  response: unknown;
  auth?: boolean;
  handler: (context: ApiContext) => unknown;
}

// Turns an app's declarations into definitions, keeping the declaration order (the `show_api_descriptions` order).
export function defineApp(app: string, declarations: readonly ApiDeclaration[]): ApiDefinition[] {
  return declarations.map((d) => {
    const auth = d.auth ?? false;
    const params = [...(d.params ?? []), ...(auth ? [accessToken(app)] : [])];
    return {
      app,
      name: d.name,
      method: d.method,
      path: d.path,
      description: d.description,
      parameters: sortParameters(params),
      response: d.response,
      auth,
      handler: d.handler,
    };
  });
}

/** Shorthands for response examples: floats, ints printed as floats in docs, datetimes, emails. */
export const F = new PyFloat(0);
export const intShownAsFloat = (value: number): PyFloat => new PyFloat(value, true);
export const DT = "2019-01-01T00:00:00";
export const EMAIL = "user@example.com";
export const MESSAGE = { message: "string" };
export const MAX_INT64 = new RawNumber("9223372036854775807");

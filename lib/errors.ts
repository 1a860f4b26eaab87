import type { z } from "zod";

// The error classes every area shares. Area-specific errors live in <area>/errors.ts and extend these.

/** Base class of every error the library throws on purpose; `code` is stable for programs to branch on. */
export class AgentftError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AgentftError";
    this.code = code;
  }
}

/** One problem found in a config, a file or a request body: where it is and what is wrong. */
export interface ConfigIssue {
  /** Dotted path of the field (`train.trl.max_length`), or `file:line` for a row of a file. */
  readonly path: string;
  readonly message: string;
}

/** Bad input: a config file, CLI flags, a notebook parameter, a data row. Carries every issue found. */
export class ConfigError extends AgentftError {
  readonly issues: readonly ConfigIssue[];
  constructor(message: string, issues: readonly ConfigIssue[] = [], options?: { cause?: unknown }) {
    super("config", message, options);
    this.name = "ConfigError";
    this.issues = issues;
  }
}

/** A required program or system package is missing; the message names the Debian package that provides it. */
export class MissingDependencyError extends AgentftError {
  readonly program: string;
  readonly debianPackage: string;
  constructor(program: string, debianPackage: string, purpose: string) {
    super(
      "missing-dependency",
      `\`${program}\` was not found on PATH; it is needed ${purpose}. Install it with: sudo apt-get install ${debianPackage}`,
    );
    this.name = "MissingDependencyError";
    this.program = program;
    this.debianPackage = debianPackage;
  }
}

/** A bug in agentft itself, never the user's fault: the CLI prints its stack and asks for a report. */
export class InternalError extends AgentftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("internal", message, options);
    this.name = "InternalError";
  }
}

// Render a value for an error message: in backticks with its type, as execa does ("got `-1` (number)").
export function describeValue(value: unknown): string {
  const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  let text: string;
  try {
    text =
      typeof value === "string" || typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return `\`${text}\` (${type})`;
}

/** Where and how `configErrorFromZod` reports: the thing parsed, a path prefix, the input as given. */
export interface ConfigErrorFromZodOptions {
  /** What was parsed, for the first line: `eval options`, `model options`, `$AGENTFT_SERVER options`. */
  readonly subject: string;
  /** The value that was parsed, to quote what each bad field received. */
  readonly input: unknown;
  /** Prepended to every field path, so a nested config names the field as its user wrote it (`model`). */
  readonly pathPrefix?: string;
}

type ZodIssue = z.core.$ZodIssue;

// The one zod → ConfigError conversion: each issue names the field by its full path, the value it
// received and a fix; the zod error stays as `cause` for programs that want its issues.
export function configErrorFromZod(error: z.ZodError, options: ConfigErrorFromZodOptions): ConfigError {
  return configErrorFromIssues(options.subject, configIssuesFromZod(error, options), { cause: error });
}

// The issues of a zod error as `configErrorFromZod` reports them, for a caller that answers with something
// other than a ConfigError (a model told what to correct in its JSON answer).
export function configIssuesFromZod(
  error: z.ZodError,
  options: Pick<ConfigErrorFromZodOptions, "input" | "pathPrefix">,
): ConfigIssue[] {
  return error.issues.map((issue) => {
    const keys = [...(options.pathPrefix ? [options.pathPrefix] : []), ...issue.path];
    const field = renderFieldPath(keys);
    const received = valueAt(options.input, issue.path);
    const got = received.found ? `; got ${describeValue(received.value)}` : "; it is missing";
    const fix = fixFor(issue, field);
    return { path: field, message: `${issue.message}${got}.${fix === undefined ? "" : ` Fix: ${fix}`}` };
  });
}

// The one layout of a ConfigError's message, shared by schema issues and cross-field rules that build their
// issues themselves: what was parsed, then a line per field, path first.
export function configErrorFromIssues(
  subject: string,
  issues: readonly ConfigIssue[],
  options?: { readonly cause?: unknown },
): ConfigError {
  const lines = issues.map((issue) => `✖ \`${issue.path}\`: ${issue.message}`);
  return new ConfigError(`Invalid ${subject}:\n${lines.join("\n")}`, issues, options);
}

// `model.azure.endpoint`, `steps[2].action`; the root itself is `(root)`.
export function renderFieldPath(keys: readonly PropertyKey[]): string {
  let text = "";
  for (const key of keys) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? String(key) : `.${String(key)}`;
  }
  return text === "" ? "(root)" : text;
}

function valueAt(input: unknown, keys: readonly PropertyKey[]): { found: boolean; value?: unknown } {
  let value: unknown = input;
  for (const key of keys) {
    if (value === null || typeof value !== "object" || !(key in (value as object))) return { found: false };
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value === undefined ? { found: false } : { found: true, value };
}

// A custom issue (a cross-field rule) already says what to do, so it gets no generic fix.
function fixFor(issue: ZodIssue, field: string): string | undefined {
  const details = issue as unknown as Readonly<Record<string, unknown>>;
  const limit = details["maximum"] ?? details["minimum"];
  switch (issue.code) {
    case "invalid_type":
      return `give \`${field}\` ${/^[aeiou]/.test(String(details["expected"])) ? "an" : "a"} ${String(details["expected"])}.`;
    case "too_big":
      return `use ${details["inclusive"] === false ? "less than" : "at most"} ${String(limit)} for \`${field}\`.`;
    case "too_small":
      return `use ${details["inclusive"] === false ? "more than" : "at least"} ${String(limit)} for \`${field}\`.`;
    case "invalid_value":
      return `use one of ${((details["values"] as unknown[] | undefined) ?? []).map((v) => `\`${String(v)}\``).join(", ")}.`;
    case "unrecognized_keys":
      return `remove ${((details["keys"] as string[] | undefined) ?? []).map((k) => `\`${k}\``).join(", ")} (a misspelt option?).`;
    case "invalid_format":
      return `give \`${field}\` as a valid ${String(details["format"])}.`;
    case "custom":
      return undefined;
    default:
      return `correct \`${field}\`.`;
  }
}

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
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  return `\`${text}\` (${type})`;
}

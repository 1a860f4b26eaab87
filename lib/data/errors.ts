// Errors of the data area: a bad row names its file, line and field; model endpoints that fail for good.
import { AgentftError, ConfigError } from "../errors.js";

/** A row of a data file that does not have the expected shape. */
export class DataFormatError extends ConfigError {
  readonly file: string;
  readonly line: number;
  readonly field: string | undefined;
  constructor(
    place: { file: string; line: number; field?: string },
    problem: string,
    fix: string,
    options?: { cause?: unknown },
  ) {
    const where = `${place.file}:${place.line}`;
    const subject = place.field === undefined ? "" : ` field \`${place.field}\``;
    super(
      `${where}:${subject} ${problem}. ${fix}`,
      [{ path: where + (place.field ? ` ${place.field}` : ""), message: problem }],
      options,
    );
    this.name = "DataFormatError";
    this.file = place.file;
    this.line = place.line;
    this.field = place.field;
  }
}

/** A synthesis request that failed for good (after retries), or a model answer that never validated. */
export class SynthesisError extends AgentftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("synthesis", message, options);
    this.name = "SynthesisError";
  }
}

/**
 * A chat-completion call failed after every retry (or with a status that is never retried).
 * Carries what a person needs to fix it; never the API key.
 */
export class ModelCallError extends AgentftError {
  /** HTTP status of the last attempt; undefined when no response came (connection refused, timeout). */
  readonly status: number | undefined;
  /** The endpoint's base URL (no credentials). */
  readonly baseUrl: string;
  readonly model: string;
  /** How many requests were sent, the first one included. */
  readonly attempts: number;
  constructor(
    message: string,
    details: { status: number | undefined; baseUrl: string; model: string; attempts: number },
    options?: { cause?: unknown },
  ) {
    super("model-call", message, options);
    this.name = "ModelCallError";
    this.status = details.status;
    this.baseUrl = details.baseUrl;
    this.model = details.model;
    this.attempts = details.attempts;
  }
}

// Errors of the model area: a chat-completion endpoint that failed for good.
import { AgentftError } from "../errors.js";

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

// Errors of the GRPO area.
import { AgentftError } from "../errors.js";

/** A reward request or data row that cannot be scored: wrong column lengths, a bad task id or history. */
export class GrpoInputError extends AgentftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("grpo-input", message, options);
    this.name = "GrpoInputError";
  }
}

// Errors of the Python executor. A failing cell is never an error: it is an output string.
import { AgentftError } from "../../errors.js";
import type { ReplCommand } from "./sandbox.js";

/** The REPL process could not start or died before its handshake: an environment problem, not the cell's. */
export class ReplStartError extends AgentftError {
  readonly command: string;
  readonly sandboxed: boolean;
  readonly reason: string;
  constructor(command: ReplCommand, reason: string) {
    const hint = command.sandboxed
      ? ' If bubblewrap cannot run here, start the executor with `sandbox: "none"`.'
      : " Check that the interpreter runs (set AGENTFT_PYTHON to choose another one).";
    super(
      "repl-start",
      `The Python REPL did not start: ${reason}.${hint}\nCommand: ${command.file} ${command.args.join(" ")}`,
    );
    this.name = "ReplStartError";
    this.command = command.file;
    this.sandboxed = command.sandboxed;
    this.reason = reason;
  }
}

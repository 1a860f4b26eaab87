// Errors of model servers: one that did not come up, explained from its log.
import { AgentftError } from "../errors.js";

/** A server (vLLM, `transformers serve`) that died or never answered; `hint` names the setting to change. */
export class ServerStartError extends AgentftError {
  readonly engine: string;
  readonly port: number;
  readonly logPath: string;
  readonly logTail: string;
  readonly hint: string | undefined;
  constructor(
    summary: string,
    init: { engine: string; port: number; logPath: string; logTail: string; hint?: string; cause?: unknown },
  ) {
    const lines = [summary];
    if (init.hint) lines.push(init.hint);
    lines.push(`Log: ${init.logPath}`);
    if (init.logTail.trim()) lines.push("", init.logTail.trimEnd());
    super("server-start", lines.join("\n"), { cause: init.cause });
    this.name = "ServerStartError";
    this.engine = init.engine;
    this.port = init.port;
    this.logPath = init.logPath;
    this.logTail = init.logTail;
    this.hint = init.hint;
  }
}

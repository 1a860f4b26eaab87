// One REPL forked by the host: start-up handshake, one execution at a time, API calls answered in between.
import type { ApiCaller, ApiResponse } from "../apps/types.js";
import { ReplStartError } from "./errors.js";
import {
  encodeCallResult,
  encodeExecuteRequest,
  parseChildLine,
  type CallMessage,
  type ExecuteRequest,
  type ReadyMessage,
} from "./protocol.js";
import type { ReplChannel, ReplHost } from "./repl-host.js";

/** How one execution ended, seen from the process. */
export type RunOutcome =
  | { readonly kind: "done"; readonly output: string; readonly counted: boolean }
  | { readonly kind: "timeout" }
  | { readonly kind: "died"; readonly reason: string }
  | { readonly kind: "protocol"; readonly error: string };

interface Pending {
  readonly exec: number;
  readonly caller: ApiCaller;
  readonly resolve: (outcome: RunOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

const STDERR_TAIL_CHARS = 4000;
const START_TIMEOUT_MS = 30_000;
/** A protocol line longer than this is not something repl.py writes: the stream is no longer trusted. */
const MAX_LINE_CHARS = 256 * 2 ** 20;

/** A started REPL process. `ready` settles once the child has set up its sandbox layers. */
export class ReplProcess {
  readonly ready: Promise<ReadyMessage>;
  readonly sandboxed: boolean;
  private readonly channel: ReplChannel;
  private partial = "";
  private stderrTail = "";
  private pending: Pending | undefined;
  private exited = false;
  private killed = false;
  private exitReason = "";
  private settleReady!: { resolve: (ready: ReadyMessage) => void; reject: (error: Error) => void };
  private isReady = false;

  constructor(private readonly host: ReplHost) {
    this.sandboxed = host.command.sandboxed;
    this.ready = new Promise((resolve, reject) => (this.settleReady = { resolve, reject }));
    // Callers that never execute must not see an unhandled rejection when a spare process fails.
    this.ready.catch(() => undefined);
    const startTimer = setTimeout(() => {
      this.kill();
      this.onExit(`no handshake within ${START_TIMEOUT_MS / 1000} s`);
    }, START_TIMEOUT_MS);
    // This timer (not unref'd) is what keeps Node alive while a start-up is awaited.
    this.ready.then(
      () => clearTimeout(startTimer),
      () => clearTimeout(startTimer),
    );
    this.channel = host.openChannel({
      onData: (text) => this.onData(text),
      onStderr: (text) => {
        this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      },
      onExit: (reason) => this.onExit(reason),
    });
  }

  /** True until the process exits or is killed. */
  get alive(): boolean {
    return !this.exited && !this.killed;
  }

  // Run one request; resolves with the outcome, never rejects (start-up failures reject `ready` instead).
  async run(request: ExecuteRequest, caller: ApiCaller, hardTimeoutMs: number): Promise<RunOutcome> {
    await this.ready;
    if (this.exited || this.killed) return { kind: "died", reason: this.exitReason || "killed" };
    if (this.pending) throw new Error("ReplProcess.run called while an execution is in flight");
    return new Promise<RunOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.finish({ kind: "timeout" });
        this.kill();
      }, hardTimeoutMs);
      this.pending = { exec: request.exec, caller, resolve, timer };
      this.channel.write(encodeExecuteRequest(request));
    });
  }

  // The host kills the process; its exit arrives later through the channel.
  kill(): void {
    if (this.exited || this.killed) return;
    this.killed = true;
    this.channel.kill();
  }

  // Scan only the new chunk for line ends, so a very long output line costs linear time.
  private onData(chunk: string): void {
    let start = 0;
    let newline = chunk.indexOf("\n");
    while (newline >= 0) {
      const line = this.partial + chunk.slice(start, newline);
      this.partial = "";
      if (line.trim()) this.onLine(line);
      start = newline + 1;
      newline = chunk.indexOf("\n", start);
    }
    this.partial += chunk.slice(start);
    if (this.partial.length > MAX_LINE_CHARS) {
      this.partial = "";
      this.finish({ kind: "protocol", error: `a line longer than ${MAX_LINE_CHARS} characters` });
      this.kill();
    }
  }

  private onLine(line: string): void {
    const parsed = parseChildLine(line);
    if (!parsed.ok) {
      // The stream can no longer be trusted: fail the execution and retire the process.
      this.finish({ kind: "protocol", error: parsed.error });
      this.kill();
      return;
    }
    const message = parsed.message;
    if (message.type === "ready") {
      this.isReady = true;
      this.settleReady.resolve(message);
    } else if (message.type === "call") {
      this.answerCall(message);
    } else if (this.pending?.exec === message.exec) {
      this.finish({ kind: "done", output: message.output, counted: message.counted });
    }
  }

  private answerCall(message: CallMessage): void {
    const pending = this.pending;
    if (!pending || pending.exec !== message.exec) return;
    let response: ApiResponse;
    try {
      response = pending.caller(message.app, message.api, message.kwargs);
    } catch (error) {
      // ApiCaller promises not to throw; if it does, the cell sees a server error rather than a hang.
      const text = JSON.stringify({ message: `Internal error in the embedded world: ${(error as Error).message}` });
      response = { status: 500, body: undefined, json: text };
    }
    this.channel.write(
      encodeCallResult({
        exec: message.exec,
        seq: message.seq,
        status: response.status,
        json: response.json,
        clientError: response.clientError,
      }),
    );
  }

  private finish(outcome: RunOutcome): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  private onExit(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    const tail = this.stderrTail.trim();
    this.exitReason = tail ? `${reason}; stderr: ${tail.slice(-500)}` : reason;
    if (!this.isReady) this.settleReady.reject(new ReplStartError(this.host.command, this.exitReason));
    this.finish({ kind: "died", reason: this.exitReason });
  }
}

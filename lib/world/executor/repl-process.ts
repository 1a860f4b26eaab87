// One REPL forked by the host: start-up handshake, one execution at a time, API calls answered in between.
import type { ApiCaller, ApiResponse } from "../apps/types.js";
import { ReplStartError } from "./errors.js";
import {
  encodeCallResult,
  encodeExecuteRequest,
  parseChildLine,
  requestLimitMessage,
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

/** What the trusted side enforces on one execution, whatever the REPL says. */
export interface RunLimits {
  /** API calls answered in this execution; later ones get AppWorld's limit error without reaching the world. */
  readonly maxApiCalls: number;
  /** Wall-clock time after which the REPL is killed. @unit milliseconds */
  readonly hardTimeoutMs: number;
}

interface Pending {
  readonly exec: number;
  readonly caller: ApiCaller;
  readonly maxApiCalls: number;
  /** Calls seen in this execution; the next one must carry `seq` one higher. */
  calls: number;
  readonly resolve: (outcome: RunOutcome) => void;
  readonly timer: NodeJS.Timeout;
}

const STDERR_TAIL_CHARS = 4000;
const START_TIMEOUT_MS = 30_000;
/**
 * The longest protocol line accepted (a `done` line carries the cell's whole output, JSON-escaped). A REPL
 * that writes more without a newline is killed: Node's memory per REPL stays bounded.
 */
export const MAX_LINE_CHARS = 16 * 2 ** 20;

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
    return !this.exited && !this.killed && this.host.running;
  }

  // Run one request; resolves with the outcome, never rejects (start-up failures reject `ready` instead).
  async run(request: ExecuteRequest, caller: ApiCaller, limits: RunLimits): Promise<RunOutcome> {
    await this.ready;
    if (this.exited || this.killed) return { kind: "died", reason: this.exitReason || "killed" };
    if (this.pending) throw new Error("ReplProcess.run called while an execution is in flight");
    return new Promise<RunOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.finish({ kind: "timeout" });
        this.kill();
      }, limits.hardTimeoutMs);
      this.pending = { exec: request.exec, caller, maxApiCalls: limits.maxApiCalls, calls: 0, resolve, timer };
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
  // A REPL blocks on the answer to each call it sends, so a call can only be the last line of what one read
  // returns: a line after it was written before its answer existed (a flood, or several calls in flight).
  private onData(chunk: string): void {
    if (this.exited || this.killed) return;
    let start = 0;
    let newline = chunk.indexOf("\n");
    let answeredCall = false;
    while (newline >= 0) {
      const line = this.partial + chunk.slice(start, newline);
      this.partial = "";
      start = newline + 1;
      newline = chunk.indexOf("\n", start);
      if (!line.trim()) continue;
      if (answeredCall) {
        this.violation("a line written before the answer to the call it follows");
        return;
      }
      answeredCall = this.onLine(line);
      if (this.killed) return;
    }
    this.partial += chunk.slice(start);
    if (this.partial.length > MAX_LINE_CHARS) {
      this.partial = "";
      this.violation(`a line longer than ${MAX_LINE_CHARS} characters`);
    }
  }

  // The stream can no longer be trusted: fail the execution (or the start) and retire the process.
  private violation(error: string): void {
    this.finish({ kind: "protocol", error });
    this.kill();
    if (!this.isReady) this.onExit(`broke the protocol before its handshake: ${error}`);
  }

  // Handle one line; true when it was a call (which was answered).
  private onLine(line: string): boolean {
    const parsed = parseChildLine(line);
    if (!parsed.ok) {
      this.violation(parsed.error);
      return false;
    }
    const message = parsed.message;
    if (message.type === "ready") {
      if (this.isReady) this.violation("a second handshake");
      else if (message.uid === 0 && !this.host.command.sandboxed && !this.host.command.allowRoot)
        this.violation("the REPL runs as root outside bubblewrap (only `sandbox: unsafe-none` allows that)");
      else {
        this.isReady = true;
        this.settleReady.resolve(message);
      }
      return false;
    }
    if (!this.isReady) {
      this.violation(`a \`${message.type}\` message before the handshake`);
      return false;
    }
    const pending = this.pending;
    if (!pending) {
      this.violation(`a \`${message.type}\` message while no execution is running`);
      return false;
    }
    if (message.exec !== pending.exec) {
      this.violation(
        `a \`${message.type}\` message for execution ${message.exec}, not the running one (${pending.exec})`,
      );
      return false;
    }
    if (message.type === "done") {
      this.finish({ kind: "done", output: message.output, counted: message.counted });
      return false;
    }
    if (message.seq !== pending.calls + 1) {
      this.violation(`call number ${message.seq} where ${pending.calls + 1} was due`);
      return false;
    }
    pending.calls = message.seq;
    this.answerCall(message, pending);
    return true;
  }

  private answerCall(message: CallMessage, pending: Pending): void {
    let response: ApiResponse;
    try {
      response =
        pending.calls > pending.maxApiCalls
          ? { status: 0, body: undefined, json: "", clientError: requestLimitMessage(pending.maxApiCalls) }
          : pending.caller(message.app, message.api, message.kwargs);
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

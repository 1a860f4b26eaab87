// Run one code cell on a kernel session: outputs, papermill timing and status, the error output
// tslab never sends, a per-cell timeout (SIGINT, then kill) and detection of a dead kernel.
import type { RequestResult } from "./kernel-client.js";
import type { KernelExit } from "./kernel.js";
import type { KernelSession } from "./kernel-session.js";
import type { CodeCell, ErrorOutput } from "./nbformat.js";
import { OutputCollector, type DisplayRegistry } from "./outputs.js";
import { parseCellError } from "./tslab-errors.js";

/** How a cell ended. */
export type CellOutcome =
  | { readonly kind: "ok" }
  | { readonly kind: "error"; readonly error: ErrorOutput }
  | { readonly kind: "timeout"; readonly error: ErrorOutput }
  | {
      readonly kind: "died";
      readonly error: ErrorOutput;
      readonly exitCode: number | null;
      readonly signal: string | null;
    };

/** Options of {@link executeCell}. */
export interface ExecuteCellOptions {
  readonly displays: DisplayRegistry;
  /** Per-cell limit; unset means no limit. @unit milliseconds */
  readonly timeoutMs?: number;
  /** How long an interrupted cell gets to stop before the kernel is killed. @default 3000 @unit milliseconds */
  readonly interruptGraceMs?: number;
  /** Aborting interrupts the cell, stops the kernel and rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

const sleep = (ms: number): Promise<"slept"> =>
  new Promise((resolve) => setTimeout(() => resolve("slept"), ms).unref());

// Execute the cell in place: its outputs, execution_count and metadata.papermill are filled in.
export async function executeCell(
  session: KernelSession,
  cell: CodeCell,
  options: ExecuteCellOptions,
): Promise<CellOutcome> {
  const code = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
  const start = new Date();
  cell.outputs = [];
  cell.execution_count = null;
  cell.metadata.papermill = {
    start_time: start.toISOString(),
    end_time: null,
    duration: null,
    status: "running",
    exception: null,
  };
  const collector = new OutputCollector(options.displays);
  // Later updates (timers, update_display_data) keep landing in this cell's outputs array.
  cell.outputs = collector.outputs;

  const { done } = session.client.execute(code, { onIopub: (message) => collector.add(message) });
  const timeout = options.timeoutMs === undefined ? new Promise<never>(() => {}) : sleep(options.timeoutMs);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
  const first = await Promise.race([done, timeout, session.kernel.exited, aborted]);
  if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  if (first === "aborted") {
    await interruptThenStop(session, done, options.interruptGraceMs);
    markEnd(cell, start, "failed");
    throw options.signal?.reason;
  }

  let outcome: CellOutcome;
  if (first === "slept") {
    // The run ends on a timeout, so the kernel is killed once the interrupt has had its chance.
    const after = await interruptThenStop(session, done, options.interruptGraceMs);
    const parsed =
      after !== "slept" && !("exitCode" in after) ? parseCellError(collector.stderrText(), "error") : undefined;
    const error: ErrorOutput = {
      output_type: "error",
      ename: "CellTimeoutError",
      evalue: `The cell did not finish within ${options.timeoutMs} ms; it was interrupted and the kernel stopped.`,
      traceback: parsed?.output.traceback ?? [],
    };
    collector.addError(error, parsed?.consumedStderr ?? 0);
    outcome = { kind: "timeout", error };
  } else if ("exitCode" in first) {
    const how = first.signal ? `was killed by ${first.signal}` : `exited with code ${first.exitCode}`;
    const error: ErrorOutput = {
      output_type: "error",
      ename: "KernelDied",
      evalue: `The kernel ${how} while running this cell.`,
      traceback: [],
    };
    collector.addError(error, 0);
    outcome = { kind: "died", error, exitCode: first.exitCode, signal: first.signal };
  } else {
    const content = first.reply.content;
    if (typeof content["execution_count"] === "number") cell.execution_count = content["execution_count"];
    const status = content["status"];
    if (status === "ok") outcome = { kind: "ok" };
    else {
      const parsed = parseCellError(collector.stderrText(), status === "abort" ? "abort" : "error");
      collector.addError(parsed.output, parsed.consumedStderr);
      outcome = { kind: "error", error: parsed.output };
    }
  }
  markEnd(cell, start, outcome.kind === "ok" ? "completed" : "failed");
  return outcome;
}

// SIGINT (repeated: one that lands while tslab still compiles the cell is spent before the code runs),
// then SIGKILL once the grace period is over; resolves with whatever ended the wait.
async function interruptThenStop(
  session: KernelSession,
  done: Promise<RequestResult>,
  graceMs = 3000,
): Promise<RequestResult | KernelExit | "slept"> {
  session.kernel.interrupt();
  const repeat = setInterval(() => session.kernel.interrupt(), 500);
  try {
    return await Promise.race([done, sleep(graceMs), session.kernel.exited]);
  } finally {
    clearInterval(repeat);
    await session.kernel.stop();
  }
}

function markEnd(cell: CodeCell, start: Date, status: "completed" | "failed"): void {
  const end = new Date();
  cell.metadata.papermill = {
    start_time: start.toISOString(),
    end_time: end.toISOString(),
    duration: (end.getTime() - start.getTime()) / 1000,
    status,
    exception: status === "failed",
  };
}

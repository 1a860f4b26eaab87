// Errors of notebook execution, shaped after papermill's PapermillExecutionError and nbclient's
// DeadKernelError / CellTimeoutError so that callers can branch with `instanceof`.
import { AgentftError } from "../errors.js";

/** Where a failing cell sits and what the kernel reported; shared by the execution errors. */
export interface CellFailure {
  /** Index of the cell in `notebook.cells` (0-based, counting markdown cells too). */
  readonly cellIndex: number;
  /** The kernel's execution count for the cell (`In [N]`), or null when the kernel never counted it. */
  readonly executionCount: number | null;
  /** The cell's source code. */
  readonly source: string;
}

// Show the first and last lines of a cell, as nbclient does for timeouts, so long cells stay readable.
export function previewSource(source: string, keep = 5): string {
  const lines = source.split("\n");
  if (lines.length <= keep * 2) return lines.map((line) => `    ${line}`).join("\n");
  const head = lines.slice(0, keep).map((line) => `    ${line}`);
  const tail = lines.slice(-keep).map((line) => `    ${line}`);
  return [...head, "    ...", ...tail].join("\n");
}

function describeCell(failure: CellFailure): string {
  const label = failure.executionCount === null ? "In [ ]" : `In [${failure.executionCount}]`;
  return `cell ${failure.cellIndex} ("${label}")`;
}

/** A cell raised an error or failed to compile; the fields mirror papermill's. */
export class NotebookExecutionError extends AgentftError {
  readonly cellIndex: number;
  readonly executionCount: number | null;
  readonly source: string;
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
  /** The notebook written with the failure marked, when one was written. */
  readonly outputPath: string | undefined;
  constructor(
    failure: CellFailure & {
      readonly ename: string;
      readonly evalue: string;
      readonly traceback: readonly string[];
      readonly outputPath?: string;
    },
    options?: { cause?: unknown },
  ) {
    const written = failure.outputPath
      ? `\nThe notebook with the error marked was written to ${failure.outputPath}`
      : "";
    super(
      "notebook-execution",
      `Exception encountered at ${describeCell(failure)}: ${failure.ename}: ${failure.evalue}\n` +
        `${previewSource(failure.source)}\n\n${failure.traceback.join("\n")}${written}`,
      options,
    );
    this.name = "NotebookExecutionError";
    this.cellIndex = failure.cellIndex;
    this.executionCount = failure.executionCount;
    this.source = failure.source;
    this.ename = failure.ename;
    this.evalue = failure.evalue;
    this.traceback = failure.traceback;
    this.outputPath = failure.outputPath;
  }
}

/** A cell ran longer than the per-cell timeout; the kernel was interrupted (SIGINT) and then stopped. */
export class CellTimeoutError extends AgentftError {
  readonly cellIndex: number;
  readonly executionCount: number | null;
  readonly source: string;
  readonly timeoutMs: number;
  readonly outputPath: string | undefined;
  constructor(failure: CellFailure & { readonly timeoutMs: number; readonly outputPath?: string }) {
    const written = failure.outputPath
      ? `\nThe notebook with the timeout marked was written to ${failure.outputPath}`
      : "";
    super(
      "cell-timeout",
      `Cell timed out after ${failure.timeoutMs} ms at ${describeCell(failure)}; raise the timeout ` +
        `(\`--timeout\` in seconds) or make the cell faster:\n${previewSource(failure.source)}${written}`,
    );
    this.name = "CellTimeoutError";
    this.cellIndex = failure.cellIndex;
    this.executionCount = failure.executionCount;
    this.source = failure.source;
    this.timeoutMs = failure.timeoutMs;
    this.outputPath = failure.outputPath;
  }
}

/** The kernel process exited while the client was waiting for it (a cell called `process.exit`, or it crashed). */
export class KernelDiedError extends AgentftError {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly logTail: string;
  readonly outputPath: string | undefined;
  constructor(
    details: {
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly during: string;
      readonly logTail: string;
      readonly outputPath?: string;
    },
    options?: { cause?: unknown },
  ) {
    const how = details.signal ? `was killed by ${details.signal}` : `exited with code ${details.exitCode}`;
    const tail = details.logTail ? `\nKernel output:\n${details.logTail}` : "";
    const written = details.outputPath ? `\nThe notebook so far was written to ${details.outputPath}` : "";
    super("kernel-died", `The tslab kernel ${how} ${details.during}.${tail}${written}`, options);
    this.name = "KernelDiedError";
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.logTail = details.logTail;
    this.outputPath = details.outputPath;
  }
}

/** The kernel did not start or did not answer `kernel_info_request` in time. */
export class KernelStartError extends AgentftError {
  readonly logTail: string;
  constructor(message: string, logTail: string, options?: { cause?: unknown }) {
    super("kernel-start", logTail ? `${message}\nKernel output:\n${logTail}` : message, options);
    this.name = "KernelStartError";
    this.logTail = logTail;
  }
}

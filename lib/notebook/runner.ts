// The headless runner, papermill's recipe: load → parameterize → start kernel → run cells one at a
// time → mark a failure with a banner → write → throw.
import path from "node:path";
import { CellTimeoutError, KernelDiedError, NotebookExecutionError } from "./errors.js";
import { executeCell, type CellOutcome } from "./execute-cell.js";
import { startKernelSession } from "./kernel-session.js";
import { cloneNotebook, readNotebook, sourceText, writeNotebook, type Notebook } from "./nbformat.js";
import { markFailures, type FailedCell } from "./failure-banner.js";
import { parameterizeNotebook } from "./parameterize.js";
import type { DisplayRegistry } from "./outputs.js";

/** A step of a run, for progress bars and logs. */
export interface NotebookProgress {
  readonly type: "kernel-ready" | "cell-start" | "cell-end";
  /** Index in the executed notebook's cells (the injected-parameters cell included). */
  readonly cellIndex?: number;
  /** 1-based count of code cells run so far, and how many there are. */
  readonly codeCell?: number;
  readonly codeCells: number;
  readonly status?: CellOutcome["kind"];
}

/** Options of {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Where to write the executed notebook (also written when a cell fails). Nothing is written when unset. */
  readonly outputPath?: string;
  /** Typed parameter values, checked against the `parameters` cell's defaults. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** `-p key=value` strings, read as the type of each default. */
  readonly parameterStrings?: Readonly<Record<string, string>>;
  /** Per-cell limit; the cell is interrupted (SIGINT), then the kernel killed. Unset: no limit. @unit milliseconds */
  readonly cellTimeoutMs?: number;
  /** Run every cell even after one fails; the run still throws at the end (papermill does the same). @default false */
  readonly continueOnError?: boolean;
  /** The kernel's working folder. @default the input notebook's folder, else process.cwd() */
  readonly cwd?: string;
  /** Path of tslab's `bin/tslab`. @default the project's tslab */
  readonly tslabBin?: string;
  /** How long to wait for the kernel to start (tslab needs seconds to load its compiler). @default 120000 @unit milliseconds */
  readonly startupTimeoutMs?: number;
  /** How long the kernel gets to exit after shutdown_request before it is killed. @default 2000 @unit milliseconds */
  readonly shutdownGraceMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: NotebookProgress) => void;
}

/** A finished run. */
export interface ExecuteNotebookResult {
  readonly notebook: Notebook;
  readonly outputPath: string | undefined;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

// tslab cancels requests that arrive within 200 ms of a failure (tslab issue #19); wait that out.
const AFTER_ERROR_MS = 250;

// Execute a notebook (a path or an object) on a fresh tslab kernel; throws after writing on failure.
export async function executeNotebook(
  input: string | Notebook,
  options: ExecuteNotebookOptions = {},
): Promise<ExecuteNotebookResult> {
  const started = Date.now();
  const inputPath = typeof input === "string" ? path.resolve(input) : undefined;
  const source = typeof input === "string" ? await readNotebook(inputPath as string) : cloneNotebook(input);
  const cwd = options.cwd ?? (inputPath ? path.dirname(inputPath) : process.cwd());
  const outputPath = options.outputPath ? path.resolve(options.outputPath) : undefined;
  const prepared = parameterizeNotebook(source, {
    parameters: options.parameters,
    parameterStrings: options.parameterStrings,
    file: inputPath ?? "the notebook",
  });
  const notebook = prepared.notebook;
  const codeIndexes = resetCells(notebook);
  const startTime = new Date().toISOString();
  notebook.metadata.papermill = {
    ...notebook.metadata.papermill,
    input_path: inputPath ?? null,
    output_path: outputPath ?? null,
    start_time: startTime,
    end_time: null,
    duration: null,
    exception: null,
  };
  const finish = async (exception: boolean): Promise<void> => {
    const end = new Date();
    Object.assign(notebook.metadata.papermill ?? {}, {
      end_time: end.toISOString(),
      duration: (end.getTime() - started) / 1000,
      exception,
    });
    if (outputPath) await writeNotebook(outputPath, notebook);
  };

  const session = await startKernelSession({
    cwd,
    tslabBin: options.tslabBin,
    startupTimeoutMs: options.startupTimeoutMs,
    signal: options.signal,
  });
  let failure: Error | undefined;
  const failedCells: FailedCell[] = [];
  try {
    notebook.metadata.language_info ??= { name: "typescript" };
    options.onProgress?.({ type: "kernel-ready", codeCells: codeIndexes.length });
    const displays: DisplayRegistry = new Map();
    for (const [position, cellIndex] of codeIndexes.entries()) {
      options.signal?.throwIfAborted();
      const cell = notebook.cells[cellIndex];
      if (cell?.cell_type !== "code") continue;
      options.onProgress?.({ type: "cell-start", cellIndex, codeCell: position + 1, codeCells: codeIndexes.length });
      const outcome = await executeCell(session, cell, {
        displays,
        timeoutMs: options.cellTimeoutMs,
        signal: options.signal,
      });
      options.onProgress?.({
        type: "cell-end",
        cellIndex,
        codeCell: position + 1,
        codeCells: codeIndexes.length,
        status: outcome.kind,
      });
      if (outcome.kind === "ok") continue;
      const failed = { cellIndex, executionCount: cell.execution_count, source: sourceText(cell.source), outputPath };
      failedCells.push(failed);
      if (outcome.kind === "timeout")
        failure ??= new CellTimeoutError({ ...failed, timeoutMs: options.cellTimeoutMs ?? 0 });
      else if (outcome.kind === "died") {
        failure ??= new KernelDiedError({
          exitCode: outcome.exitCode,
          signal: outcome.signal,
          during: `while running cell ${cellIndex}`,
          logTail: session.kernel.logTail(),
          outputPath,
        });
      } else {
        const { ename, evalue, traceback } = outcome.error;
        failure ??= new NotebookExecutionError({ ...failed, ename, evalue, traceback });
      }
      if (!options.continueOnError || outcome.kind !== "error") break;
      await new Promise((resolve) => setTimeout(resolve, AFTER_ERROR_MS));
    }
  } catch (error) {
    failure = error as Error;
  } finally {
    await session.close({ graceMs: options.shutdownGraceMs ?? 2000 });
  }
  markFailures(notebook, failedCells);
  await finish(failure !== undefined);
  if (failure) throw failure;
  return {
    notebook,
    outputPath,
    parameters: prepared.parameters,
    warnings: prepared.warnings,
    durationMs: Date.now() - started,
  };
}

// Clear earlier outputs and mark every code cell pending; returns the code cells' indexes.
function resetCells(notebook: Notebook): number[] {
  const indexes: number[] = [];
  notebook.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    cell.outputs = [];
    cell.execution_count = null;
    cell.metadata.papermill = { start_time: null, end_time: null, duration: null, status: "pending", exception: null };
    if (sourceText(cell.source).trim() !== "") indexes.push(index);
    else cell.metadata.papermill.status = "completed";
  });
  return indexes;
}

// Runs the fixture notebooks that fail (an exception, process.exit, a timeout) through the real
// tslab kernel: the error output tslab never sends, papermill marks, the notebook written first.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CellTimeoutError, KernelDiedError, NotebookExecutionError } from "../../lib/notebook/errors.js";
import { ERROR_ANCHOR_TAG, ERROR_BANNER_TAG } from "../../lib/notebook/failure-banner.js";
import type { CodeCell, Notebook } from "../../lib/notebook/nbformat.js";
import { executeNotebook } from "../../lib/notebook/runner.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { fixture, isolateKernelTemp, processesMentioning, removeKernelTemp, validateNotebookFile } from "./support.js";
import { missing } from "../helpers/prerequisites.js";

let kernelTemp: string;
let out: TempDir;
beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  out = await createTempDir("agentft-failures-");
});
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await out.remove();
});

async function readWritten(file: string): Promise<Notebook> {
  expect(await validateNotebookFile(file)).toBe("");
  return JSON.parse(await readFile(file, "utf8")) as Notebook;
}

const codeCells = (notebook: Notebook): CodeCell[] =>
  notebook.cells.filter((cell): cell is CodeCell => cell.cell_type === "code");

// Every written notebook is checked by the reference validator, Debian's python3-nbformat.
describe.skipIf(missing("nbformat"))("executeNotebook on failing notebooks", { timeout: 120_000 }, () => {
  it("stops at the failing cell, turns the error reply into an error output and writes the notebook first", async () => {
    const outputPath = path.join(out.path, "broken.ipynb");
    const error = await executeNotebook(fixture("broken"), { outputPath }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotebookExecutionError);
    const failure = error as NotebookExecutionError;
    expect(failure).toMatchObject({
      cellIndex: 1,
      executionCount: 2,
      ename: "Error",
      evalue: "boom at cell 1",
      outputPath,
    });
    expect(failure.source).toContain("fail();");
    expect(failure.traceback).toContain("Error: boom at cell 1");
    expect(failure.message.split("\n")[0]).toBe('Exception encountered at cell 1 ("In [2]"): Error: boom at cell 1');

    const written = await readWritten(outputPath);
    expect(written.cells[0]?.metadata.tags).toEqual([ERROR_BANNER_TAG]);
    expect(written.cells[0]?.source).toContain(
      'An exception was encountered at <a href="#agentft-error-cell">In [2]</a> (cell 1)',
    );
    expect(written.cells[2]?.metadata.tags).toEqual([ERROR_ANCHOR_TAG]);
    const cells = codeCells(written);
    expect(cells.map((cell) => cell.metadata.papermill?.status)).toEqual(["completed", "failed", "pending", "pending"]);
    expect(cells[1]?.outputs).toEqual([
      expect.objectContaining({ output_type: "error", ename: "Error", evalue: "boom at cell 1" }),
    ]);
    expect(cells[2]?.outputs).toEqual([]);
    expect(written.metadata.papermill).toMatchObject({ exception: true });
  });

  it("runs the remaining cells with continueOnError and still fails at the end", async () => {
    const outputPath = path.join(out.path, "broken-continue.ipynb");
    await expect(executeNotebook(fixture("broken"), { outputPath, continueOnError: true })).rejects.toThrow(
      NotebookExecutionError,
    );
    const cells = codeCells(await readWritten(outputPath));
    expect(cells.map((cell) => cell.metadata.papermill?.status)).toEqual([
      "completed",
      "failed",
      "completed",
      "failed",
    ]);
    expect(cells[2]?.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "after the failure\n" }]);
    expect(cells[3]?.outputs).toEqual([
      {
        output_type: "error",
        ename: "TypeScriptError",
        evalue: "1:7 - Type 'string' is not assignable to type 'number'.",
        traceback: ["1:7 - Type 'string' is not assignable to type 'number'."],
      },
    ]);
  });

  it("reports a kernel that exits during a cell as KernelDiedError", async () => {
    const outputPath = path.join(out.path, "sysexit.ipynb");
    const error = await executeNotebook(fixture("sysexit"), { outputPath }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(KernelDiedError);
    expect((error as KernelDiedError).exitCode).toBe(3);
    expect((error as KernelDiedError).message.split("\n")[0]).toBe(
      "The tslab kernel exited with code 3 while running cell 1.",
    );
    const cells = codeCells(await readWritten(outputPath));
    expect(cells[1]?.outputs).toEqual([
      {
        output_type: "error",
        ename: "KernelDied",
        evalue: "The kernel exited with code 3 while running this cell.",
        traceback: [],
      },
    ]);
  });

  it("interrupts a cell over the timeout, kills the kernel and marks the cell", async () => {
    const outputPath = path.join(out.path, "timeout.ipynb");
    const started = Date.now();
    const error = await executeNotebook(fixture("timeout"), { outputPath, cellTimeoutMs: 4000 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(CellTimeoutError);
    expect(error).toMatchObject({ cellIndex: 1, timeoutMs: 4000 });
    expect(Date.now() - started).toBeLessThan(50_000);
    const cells = codeCells(await readWritten(outputPath));
    expect(cells[1]?.metadata.papermill?.status).toBe("failed");
    expect(cells[1]?.outputs.at(-1)).toMatchObject({ output_type: "error", ename: "CellTimeoutError" });
    expect(cells[2]?.metadata.papermill?.status).toBe("pending");
  });

  it("stops the running cell and the kernel when the signal aborts, and still writes the notebook", async () => {
    const outputPath = path.join(out.path, "aborted.ipynb");
    const controller = new AbortController();
    const reason = new Error("stopped by the test");
    const run = executeNotebook(fixture("timeout"), {
      outputPath,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === "cell-start" && event.cellIndex === 1) setTimeout(() => controller.abort(reason), 500);
      },
    });
    await expect(run).rejects.toBe(reason);
    const cells = codeCells(await readWritten(outputPath));
    expect(cells.map((cell) => cell.metadata.papermill?.status)).toEqual(["completed", "failed", "pending"]);
    expect(await processesMentioning(kernelTemp)).toEqual([]);
  });
});

// Runs the fixture notebooks that succeed through the real tslab kernel.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/errors.js";
import { executeNotebook } from "../../lib/notebook/runner.js";
import { sourceText, type CodeCell, type Notebook } from "../../lib/notebook/nbformat.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import {
  ensureBuilt,
  fixture,
  isolateKernelTemp,
  processesMentioning,
  removeKernelTemp,
  validateNotebookFile,
} from "./support.js";
import { missing } from "../helpers/prerequisites.js";

// Written notebooks are checked by the reference validator, Debian's python3-nbformat.
const noNbformat = missing("nbformat");

let kernelTemp: string;
let out: TempDir;
beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  out = await createTempDir("agentft-runner-");
  await ensureBuilt();
});
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await out.remove();
});

const codeCells = (notebook: Notebook): CodeCell[] =>
  notebook.cells.filter((cell): cell is CodeCell => cell.cell_type === "code");

describe("executeNotebook", { timeout: 120_000 }, () => {
  it.skipIf(noNbformat)("collects streams, HTML, an updated display and a chart into valid nbformat 4.5", async () => {
    const outputPath = path.join(out.path, "ok.ipynb");
    const result = await executeNotebook(fixture("ok"), { outputPath });
    const written = JSON.parse(await readFile(outputPath, "utf8")) as Notebook;
    expect(written).toEqual(result.notebook);
    expect(await validateNotebookFile(outputPath)).toBe("");
    const cells = codeCells(written);
    expect(cells.map((cell) => cell.execution_count)).toEqual([1, 2, 3, 4, 5]);
    expect(cells[0]?.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "hello from tslab\n" },
      { output_type: "stream", name: "stderr", text: "a warning on stderr\n" },
    ]);
    expect(cells[1]?.outputs[0]).toMatchObject({
      output_type: "display_data",
      data: { "text/html": expect.stringContaining("<table>") },
    });
    // Three writes to one display leave one output holding the last value.
    expect(cells[2]?.outputs).toEqual([
      { output_type: "display_data", data: { "text/plain": "step 3 of 3" }, metadata: {} },
    ]);
    expect(cells[3]?.outputs[0]).toMatchObject({
      data: { "application/vnd.plotly.v1+json": { data: [{ type: "bar" }] } },
    });
    expect(cells[4]?.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "42\n" }]);
    for (const cell of cells) {
      expect(cell.metadata.papermill).toMatchObject({ status: "completed", exception: false });
      expect(cell.metadata.papermill?.duration).toBeGreaterThanOrEqual(0);
    }
    expect(written.metadata.papermill).toMatchObject({ exception: false, parameters: {}, output_path: outputPath });
  });

  it.skipIf(noNbformat)("injects parameters after the parameters cell and the kernel uses them", async () => {
    const outputPath = path.join(out.path, "parameters.ipynb");
    const result = await executeNotebook(fixture("parameters"), {
      outputPath,
      parameterStrings: { epochs: "5", model: "large" },
      parameters: { tags: ["tuned", "v2"] },
    });
    expect(await validateNotebookFile(outputPath)).toBe("");
    const injected = result.notebook.cells[2];
    expect(injected?.metadata.tags).toEqual(["injected-parameters"]);
    expect(sourceText(injected?.source ?? "")).toContain("const epochs: number = 5;");
    const last = codeCells(result.notebook).at(-1);
    expect(last?.outputs).toEqual([
      {
        output_type: "stream",
        name: "stdout",
        text: '{"epochs":5,"learningRate":0.001,"model":"large","tags":["tuned","v2"],"limits":{"maxSteps":10,"strict":true},"size":7}\n',
      },
    ]);
    expect(result.notebook.metadata.papermill?.["parameters"]).toEqual({
      epochs: 5,
      model: "large",
      tags: ["tuned", "v2"],
    });
  });

  it("refuses a wrong-typed parameter before starting a kernel and writes nothing", async () => {
    const outputPath = path.join(out.path, "refused.ipynb");
    const run = executeNotebook(fixture("parameters"), { outputPath, parameterStrings: { epochs: "many" } });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow("`epochs`: expected number, got `many` (string)");
    await expect(readFile(outputPath)).rejects.toThrow("ENOENT");
  });

  it("runs a notebook without a parameters cell, injecting given values at the top with a warning", async () => {
    const result = await executeNotebook(fixture("no-parameters"), { parameters: { limit: 3 } });
    expect(result.warnings[0]).toContain("has no cell tagged `parameters`");
    expect(result.notebook.cells[0]?.metadata.tags).toEqual(["injected-parameters"]);
    expect(codeCells(result.notebook)[1]?.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "no parameters cell here\n" },
    ]);
  });

  it.skipIf(noNbformat)("imports the project's library by its package name", async () => {
    const outputPath = path.join(out.path, "library.ipynb");
    const result = await executeNotebook(fixture("library"), { outputPath });
    expect(codeCells(result.notebook)[0]?.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "AgentftError demo true\n" },
    ]);
    expect(await validateNotebookFile(outputPath)).toBe("");
  });
});

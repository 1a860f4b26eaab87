// The live displays in the real tslab kernel, through the headless runner: a progress display updated
// in place ends as one output holding its last state, and `show(frame)` gives one HTML table.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeNotebook } from "../../lib/notebook/runner.js";
import type { CodeCell, Notebook } from "../../lib/notebook/nbformat.js";
import { missing } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import {
  ensureBuilt,
  fixture,
  isolateKernelTemp,
  processesMentioning,
  removeKernelTemp,
  validateNotebookFile,
} from "../notebook/support.js";

let kernelTemp: string;
let out: TempDir;
beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  out = await createTempDir("agentft-live-notebook-");
  await ensureBuilt();
});
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await out.remove();
});

describe("live displays in a tslab kernel", { timeout: 180_000 }, () => {
  it.skipIf(missing("nbformat"))("collapses progress updates into the final state and shows a table", async () => {
    const outputPath = path.join(out.path, "live-report.ipynb");
    const progress: string[] = [];
    await executeNotebook(fixture("live-report"), {
      outputPath,
      onProgress: (event) => event.type === "cell-end" && progress.push(String(event.status)),
    });
    expect(progress).toEqual(["ok", "ok", "ok", "ok"]);
    const written = JSON.parse(await readFile(outputPath, "utf8")) as Notebook;
    expect(await validateNotebookFile(outputPath)).toBe("");
    const cells = written.cells.filter((cell): cell is CodeCell => cell.cell_type === "code");

    // The cell reported four times (start + three tasks): one display_data, then three updates of it,
    // which the runner folds into that one output. Anything else (an output per update, the first state
    // left) would show here.
    const live = cells[1]?.outputs ?? [];
    expect(live.filter((o) => o.output_type === "stream")).toEqual([
      { output_type: "stream", name: "stdout", text: "updates 4 tgc 100\n" },
    ]);
    const displays = live.filter((o) => o.output_type === "display_data");
    expect(displays).toHaveLength(1);
    const html = String((displays[0] as { data: Record<string, unknown> }).data["text/html"]);
    expect(html).toContain("<b>gold on dev</b>");
    expect(html).toContain("3/3 tasks");
    expect(html).toContain("TGC so far 100.0 %");
    expect(html).not.toContain("0/3 tasks");
    // The transient display id is dropped from the written notebook.
    expect(JSON.stringify(live)).not.toContain("display_id");

    const table = cells[2]?.outputs ?? [];
    expect(table).toHaveLength(1);
    expect(table[0]).toMatchObject({ output_type: "display_data" });
    const data = (table[0] as { data: Record<string, unknown> }).data;
    expect(Object.keys(data)).toEqual(["text/html"]);
    const tableHtml = String(data["text/html"]);
    expect(tableHtml).toContain("<table");
    expect(tableHtml).toMatch(/<th[^>]*>run<\/th>/);
    expect(tableHtml).toMatch(/<td[^>]*>100<\/td>/);
  });
});

// Runs folders of fixture notebooks through the real tslab kernel: order, outputs, HTML, trust, the first failure.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/errors.js";
import { NotebookExecutionError } from "../../lib/notebook/errors.js";
import { listNotebooks, runNotebookFolder, type FolderProgress } from "../../lib/notebook/run-folder.js";
import { trustNotebooks } from "../../lib/notebook/trust.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";
import { isTrusted } from "../notebooks/support.js";
import { fixture, isolateKernelTemp, processesMentioning, removeKernelTemp, validateNotebookFile } from "./support.js";

let kernelTemp: string;
let work: string;
beforeAll(() => {
  kernelTemp = isolateKernelTemp();
  work = mkdtempSync(path.join(tmpdir(), "agentft-run-folder-"));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(work, "node_modules"));
});
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await rm(work, { recursive: true, force: true });
});

// A folder of fixture notebooks under new names, e.g. {"01_first": "ok"}.
function folderOf(name: string, notebooks: Record<string, string>): string {
  const folder = path.join(work, name, "notebooks");
  mkdirSync(folder, { recursive: true });
  for (const [file, source] of Object.entries(notebooks)) cpSync(fixture(source), path.join(folder, `${file}.ipynb`));
  return folder;
}

describe("runNotebookFolder", { timeout: 180_000 }, () => {
  it("runs the notebooks in name order into results/notebooks beside the folder, each with its HTML page", async () => {
    const folder = folderOf("ordered", { "10_second": "ok", "02_first": "parameters", ".hidden": "broken" });
    const events: FolderProgress[] = [];
    const result = await runNotebookFolder(folder, {
      trust: false,
      parameters: { "02_first": { epochs: 7 } },
      onProgress: (event) => events.push(event),
    });
    const outDir = path.join(work, "ordered", "results", "notebooks");
    expect(result.outDir).toBe(outDir);
    expect(result.notebooks.map((n) => n.name)).toEqual(["02_first", "10_second"]);
    expect(
      events.filter((e) => e.type !== "cell").map((e) => `${e.type} ${e.notebook} ${e.position}/${e.count}`),
    ).toEqual([
      "notebook-start 02_first.ipynb 1/2",
      "notebook-end 02_first.ipynb 1/2",
      "notebook-start 10_second.ipynb 2/2",
      "notebook-end 10_second.ipynb 2/2",
    ]);
    expect(result.notebooks[0]?.parameters).toEqual({ epochs: 7 });
    expect(result.notebooks[1]?.codeCells).toBe(5);
    for (const notebook of result.notebooks) {
      expect(notebook.outputPath).toBe(path.join(outDir, `${notebook.name}.ipynb`));
      if (!missing("nbformat")) expect(await validateNotebookFile(notebook.outputPath)).toBe("");
      const html = readFileSync(notebook.htmlPath, "utf8");
      expect(html).toMatch(/^<!DOCTYPE html>/);
    }
    // The chart of ok.ipynb is drawn by the page's own plotly.js (nothing fetched).
    expect(readFileSync(result.notebooks[1]!.htmlPath, "utf8")).toContain("Plotly.newPlot");
    expect(result.trust).toEqual({ trusted: false, reason: "signing was turned off" });
  });

  it("stops at the first failing notebook, writing it with the error marked and its page, and runs none after it", async () => {
    const folder = folderOf("failing", { "01_ok": "ok", "02_broken": "broken", "03_never": "ok" });
    const outDir = path.join(work, "failing-out");
    const error = await runNotebookFolder(folder, { outDir, trust: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookExecutionError);
    const failure = error as NotebookExecutionError;
    expect(failure.cellIndex).toBe(1);
    expect(failure.evalue).toBe("boom at cell 1");
    expect(failure.outputPath).toBe(path.join(outDir, "02_broken.ipynb"));
    expect(readFileSync(path.join(outDir, "02_broken.html"), "utf8")).toContain("boom at cell 1");
    expect(existsSync(path.join(outDir, "01_ok.html"))).toBe(true);
    expect(existsSync(path.join(outDir, "03_never.ipynb"))).toBe(false);
  });

  it("refuses parameters for a notebook that is not in the folder, naming the ones that are", async () => {
    const folder = folderOf("unknown", { "01_ok": "ok" });
    await expect(runNotebookFolder(folder, { parameters: { "02_missing": { x: 1 } } })).rejects.toThrow(
      new ConfigError(
        "Parameters were given for `02_missing`, which is not a notebook that runs here; use one of 01_ok.",
      ),
    );
  });

  it("lists only the notebooks matching --only prefixes, and says so when none match", async () => {
    const folder = folderOf("only", { "00_a": "ok", "01_b": "ok", "02_c": "ok" });
    expect((await listNotebooks(folder, ["00", "02"])).map((f) => path.basename(f))).toEqual([
      "00_a.ipynb",
      "02_c.ipynb",
    ]);
    await expect(listNotebooks(folder, ["09"])).rejects.toThrow(
      `No notebooks matching \`09\` in ${folder}; give a folder that holds .ipynb files.`,
    );
  });
});

describe.skipIf(missing("nbformat"))("trustNotebooks", { timeout: 60_000 }, () => {
  it("signs notebooks into the Jupyter data dir of its environment, so Jupyter's notary trusts them", async () => {
    const dir = mkdtempSync(path.join(work, "trust-"));
    const file = path.join(dir, "ok.ipynb");
    cpSync(fixture("ok"), file);
    const env = { ...process.env, JUPYTER_DATA_DIR: path.join(dir, "jupyter") };
    expect(await isTrusted(file, env)).toBe(false);
    const result = await trustNotebooks([file], {
      env,
      commands: [
        ["no-such-jupyter", "trust"],
        ["/usr/bin/python3", "-m", "nbformat.sign"],
      ],
    });
    expect(result).toEqual({ trusted: true, command: "/usr/bin/python3 -m nbformat.sign" });
    expect(await isTrusted(file, env)).toBe(true);
  });

  it("reports why nothing was signed when no command works, and what the user can do", async () => {
    const result = await trustNotebooks(["x.ipynb"], { commands: [["no-such-jupyter", "trust"]] });
    expect(result).toEqual({
      trusted: false,
      reason:
        "no Jupyter could sign them (`no-such-jupyter trust`: not found); run Trust Notebook from JupyterLab's command palette, or `jupyter trust` on them once Jupyter is installed",
    });
  });
});

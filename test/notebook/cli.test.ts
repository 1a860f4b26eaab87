// `agentft notebook run|render` and `agentft kernel install`, spawned from the built bin.
import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notebook } from "../../lib/notebook/nbformat.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import {
  cliPath,
  ensureBuilt,
  fixture,
  isolateKernelTemp,
  processesMentioning,
  removeKernelTemp,
  validateNotebookFile,
} from "./support.js";
import { missing } from "../helpers/prerequisites.js";

// Written notebooks are checked by Debian's python3-nbformat; `jupyter` comes with jupyter-nbconvert.
const noNbformat = missing("nbformat");
const noJupyter = missing("nbconvert");

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliPath, ...args], { env, timeout: 110_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let kernelTemp: string;
let out: TempDir;
beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  out = await createTempDir("agentft-cli-");
  await ensureBuilt();
}, 120_000);
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await out.remove();
});

describe("agentft notebook and kernel commands", { timeout: 120_000 }, () => {
  it.skipIf(noNbformat)("runs a notebook with parameters, writes it, and renders it to a standalone page", async () => {
    const executed = path.join(out.path, "parameters.ipynb");
    const run = await runCli([
      "notebook",
      "run",
      fixture("parameters"),
      "-o",
      executed,
      "-p",
      "epochs=4",
      "-p",
      "model=large",
    ]);
    expect(run).toMatchObject({
      code: 0,
      stdout: `Executed ${fixture("parameters")} in ${run.stdout.match(/in ([\d.]+) s/)?.[1]} s; wrote ${executed}\n`,
    });
    expect(run.stderr).toContain("[3/3] cell 3: ok");
    expect(await validateNotebookFile(executed)).toBe("");
    const notebook = JSON.parse(await readFile(executed, "utf8")) as Notebook;
    expect(notebook.metadata.papermill?.["parameters"]).toEqual({ epochs: 4, model: "large" });

    const page = path.join(out.path, "parameters.html");
    const render = await runCli(["notebook", "render", executed, "-o", page]);
    expect(render.code).toBe(0);
    expect(render.stdout).toMatch(
      new RegExp(`^Wrote ${page.replaceAll(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(\\d+ KiB\\)\n$`),
    );
    const html = await readFile(page, "utf8");
    expect(html.includes("{&quot;epochs&quot;:4,")).toBe(true);
  });

  it.skipIf(noNbformat)(
    "exits 1 on a failing cell, printing the error, after writing the marked notebook",
    async () => {
      const executed = path.join(out.path, "broken.ipynb");
      const run = await runCli(["notebook", "run", fixture("broken"), "-o", executed]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Error: Exception encountered at cell 1 ("In [2]"): Error: boom at cell 1\n');
      expect(run.stderr).toContain(`The notebook with the error marked was written to ${executed}`);
      expect(await validateNotebookFile(executed)).toBe("");
    },
  );

  it.each([
    [
      ["-p", "epochs=lots"],
      "`epochs`: expected number, got `lots` (string); the default is declared on line 1 of the parameters cell (cell 1).",
    ],
    [["-p", "epochs"], "Error: `-p epochs` is not of the form key=value; write it as -p epochs=VALUE."],
    [
      ["--timeout", "-3"],
      "Error: Expected `--timeout` to be a positive number of seconds, got `-3` (string); e.g. --timeout 600.",
    ],
    [["--params", "/nonexistent.json"], "Error: Cannot read --params /nonexistent.json: ENOENT"],
  ])("refuses bad flags %j before starting a kernel", async (flags, message) => {
    const run = await runCli([
      "notebook",
      "run",
      fixture("parameters"),
      "-o",
      path.join(out.path, "never.ipynb"),
      ...flags,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    await expect(readFile(path.join(out.path, "never.ipynb"))).rejects.toThrow("ENOENT");
  });

  it.skipIf(noJupyter)("installs the kernelspec for the current user", async () => {
    const data = await createTempDir("agentft-cli-jupyter-");
    try {
      const run = await runCli(["kernel", "install"], { ...process.env, JUPYTER_DATA_DIR: data.path });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(
        `Installed the Jupyter kernel "TypeScript (agentft)" (agentft-tslab) in ${path.join(data.path, "kernels", "agentft-tslab")}`,
      );
    } finally {
      await data.remove();
    }
  });

  it("says how to get JupyterLab when there is no Jupyter", async () => {
    const run = await runCli(["kernel", "install"], { ...process.env, PATH: "/nonexistent" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Error: No Jupyter was found (`jupyter` is not on PATH or does not run)");
    expect(run.stderr).toContain("pipx install jupyterlab");
  });

  it.skipIf(noNbformat)("stops on Ctrl-C (SIGINT), writes the notebook so far and leaves no kernel", async () => {
    const executed = path.join(out.path, "interrupted.ipynb");
    const child = spawn(process.execPath, [cliPath, "notebook", "run", fixture("timeout"), "-o", executed], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("[1/3] cell 0: ok")) setTimeout(() => child.kill("SIGINT"), 300);
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `Error: Interrupted by SIGINT while running ${fixture("timeout")}; the notebook so far was written to ${executed}`,
    );
    expect(await validateNotebookFile(executed)).toBe("");
    expect(await processesMentioning(kernelTemp)).toEqual([]);
  });
});

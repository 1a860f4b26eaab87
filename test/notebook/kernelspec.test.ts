// Installing the project's kernelspec through the Jupyter on this machine, and Jupyter starting it.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installKernelspec, JupyterNotFoundError } from "../../lib/notebook/kernelspec.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { fixtures, isolateKernelTemp, processesMentioning, removeKernelTemp, repoRoot } from "./support.js";
import { missing } from "../helpers/prerequisites.js";

// Debian's jupyter-nbconvert brings `jupyter` and python3-nbclient brings jupyter_client.
const noJupyter = missing("nbconvert");

const exec = promisify(execFile);
let data: TempDir;
let kernelTemp: string;
beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  data = await createTempDir("agentft-jupyter-data-");
});
afterAll(async () => {
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await data.remove();
});

const tslabBin = path.join(repoRoot, "node_modules", "tslab", "bin", "tslab");

describe("installKernelspec", { timeout: 120_000 }, () => {
  // Debian's nbconvert-only Jupyter has no `jupyter kernelspec`; a full Jupyter takes the other branch to the same folder.
  it.skipIf(noJupyter)("installs into the user's Jupyter data dir with absolute paths", async () => {
    const env = { ...process.env, JUPYTER_DATA_DIR: data.path };
    const result = await installKernelspec({ projectRoot: repoRoot, env });
    expect(result).toEqual({
      name: "agentft-tslab",
      path: path.join(data.path, "kernels", "agentft-tslab"),
      method: expect.stringMatching(/^(jupyter data dir|jupyter kernelspec install)$/),
      argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"],
      displayName: "TypeScript (agentft)",
    });
    const spec = JSON.parse(await readFile(path.join(result.path, "kernel.json"), "utf8")) as Record<string, unknown>;
    expect(spec).toMatchObject({ display_name: "TypeScript (agentft)", language: "typescript", argv: result.argv });
  });

  it("goes through `jupyter kernelspec install --user` when Jupyter has it", async () => {
    const other = await createTempDir("agentft-jupyter-data-");
    try {
      const result = await installKernelspec({
        projectRoot: repoRoot,
        jupyter: path.join(repoRoot, "test", "fixtures", "bin", "jupyter"),
        env: { ...process.env, JUPYTER_DATA_DIR: other.path },
      });
      expect(result.method).toBe("jupyter kernelspec install");
      expect(result.path).toBe(path.join(other.path, "kernels", "agentft-tslab"));
      expect(JSON.parse(await readFile(path.join(result.path, "kernel.json"), "utf8"))).toMatchObject({
        argv: result.argv,
      });
    } finally {
      await other.remove();
    }
  });

  it("says how to get JupyterLab when no Jupyter is found", async () => {
    const attempt = installKernelspec({ projectRoot: repoRoot, jupyter: "/nonexistent/jupyter" });
    await expect(attempt).rejects.toThrow(JupyterNotFoundError);
    await expect(attempt).rejects.toThrow(
      "No Jupyter was found (`/nonexistent/jupyter` is not on PATH or does not run), so the kernel cannot be installed.\n" +
        "Install JupyterLab, then run `npm run kernel:install` again:\n" +
        "  pipx install jupyterlab        (or: python3 -m pip install --user jupyterlab)",
    );
  });

  it.skipIf(noJupyter)("is found and started by jupyter_client, and runs a cell", async () => {
    const script = [
      "from jupyter_client.manager import start_new_kernel",
      "km, kc = start_new_kernel(kernel_name='agentft-tslab', startup_timeout=90)",
      "out = []",
      "try:",
      "    hook = lambda m: out.append(m['content'].get('text', '')) if m['msg_type'] == 'stream' else None",
      "    reply = kc.execute_interactive('console.log(6 * 7)', timeout=60, output_hook=hook)",
      "    print(reply['content']['status'], ''.join(out).strip())",
      "finally:",
      "    kc.stop_channels()",
      "    km.shutdown_kernel(now=True)",
    ].join("\n");
    const { stdout } = await exec("/usr/bin/python3", ["-c", script], {
      cwd: fixtures,
      env: { ...process.env, JUPYTER_DATA_DIR: data.path, JUPYTER_PATH: data.path },
      timeout: 110_000,
    });
    expect(stdout.trim()).toBe("ok 42");
  });
});

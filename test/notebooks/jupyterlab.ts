// A real JupyterLab for the browser suite: `jupyter lab` from the tests' Python environment on loopback with a
// token, the project's kernelspec in the scratch project's own Jupyter folders, stopped with its kernels.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { testVenv } from "../helpers/prerequisites.js";
import { findFreePort } from "../../lib/free-port.js";

/** A running JupyterLab. */
export interface JupyterLab {
  readonly url: string;
  readonly token: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

// Start `jupyter lab` serving `root`; resolves once its API answers with the token.
export async function startJupyterLab(root: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<JupyterLab> {
  const token = randomBytes(16).toString("hex");
  const port = await findFreePort();
  const args = [
    "-m",
    "jupyterlab",
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${root}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    // Containers and CI machines often run the tests as root, which Jupyter refuses without this.
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ];
  const child: ChildProcess = spawn(path.join(testVenv, "bin", "python"), args, {
    cwd: root,
    env: {
      ...env,
      JUPYTERLAB_SETTINGS_DIR: path.join(root, "jupyter", "lab-settings"),
      JUPYTERLAB_WORKSPACES_DIR: path.join(root, "jupyter", "lab-workspaces"),
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // The server shuts its kernels down on SIGTERM; the group kill then catches anything left.
    try {
      process.kill(-(child.pid as number), "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {}
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`jupyter lab exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (response.ok) return { url, token, log: () => output, stop };
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`jupyter lab did not answer within ${timeoutMs} ms:\n${output}`);
}

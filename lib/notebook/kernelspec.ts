// Install the project's tslab as a Jupyter kernel for the current user, through whatever Jupyter
// is on the machine, from the template in kernel-config/.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AgentftError } from "../errors.js";

export const KERNEL_NAME = "agentft-tslab";
const TEMPLATE = path.join("kernel-config", "kernel.template.json");

/** Options of {@link installKernelspec}. */
export interface InstallKernelspecOptions {
  /** The project folder (holding kernel-config/ and node_modules/tslab). @default the nearest one above process.cwd(), else the one holding this library */
  readonly projectRoot?: string;
  /** The `jupyter` command to use. @default "jupyter" from PATH */
  readonly jupyter?: string;
  /** Environment for the jupyter commands (JUPYTER_DATA_DIR moves the target). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Where the kernelspec went and how. */
export interface InstallKernelspecResult {
  readonly name: string;
  /** The installed kernelspec folder. */
  readonly path: string;
  readonly method: "jupyter kernelspec install" | "jupyter data dir";
  readonly argv: readonly string[];
  readonly displayName: string;
}

/** No usable Jupyter was found; the message says how to get JupyterLab. */
export class JupyterNotFoundError extends AgentftError {
  constructor(command: string, options?: { cause?: unknown }) {
    super(
      "jupyter-not-found",
      `No Jupyter was found (\`${command}\` is not on PATH or does not run), so the kernel cannot be installed.\n` +
        "Install JupyterLab, then run `npm run kernel:install` again:\n" +
        "  pipx install jupyterlab        (or: python3 -m pip install --user jupyterlab)\n" +
        "  conda install -c conda-forge jupyterlab   (in a conda environment)\n" +
        "On Debian/Ubuntu without pip, `sudo apt-get install jupyter-notebook` gives the classic notebook.",
      options,
    );
    this.name = "JupyterNotFoundError";
  }
}

function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, missing: (error as NodeJS.ErrnoException | null)?.code === "ENOENT" });
    });
  });
}

// The nearest folder at or above `start` that holds kernel-config/ and the project's tslab.
export function findProjectRoot(start: string): string {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, TEMPLATE)) && existsSync(path.join(dir, "node_modules", "tslab", "bin", "tslab")))
      return dir;
    if (path.dirname(dir) === dir) {
      throw new AgentftError(
        "project-not-found",
        `No agentft project (kernel-config/ and node_modules/tslab) was found at or above ${start}; run the command in the project folder after \`npm install\`.`,
      );
    }
  }
}

function findDefaultProjectRoot(): string {
  try {
    return findProjectRoot(process.cwd());
  } catch {
    return findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
  }
}

// Fill the template with absolute paths: Jupyter starts kernels without the project's PATH.
export async function buildKernelspec(projectRoot: string): Promise<Record<string, unknown>> {
  const text = await readFile(path.join(projectRoot, TEMPLATE), "utf8");
  const filled = text
    .replaceAll("@NODE@", JSON.stringify(process.execPath).slice(1, -1))
    .replaceAll("@TSLAB@", JSON.stringify(path.join(projectRoot, "node_modules", "tslab", "bin", "tslab")).slice(1, -1))
    .replaceAll("@PROJECT@", JSON.stringify(projectRoot).slice(1, -1));
  return JSON.parse(filled) as Record<string, unknown>;
}

// Install for the current user: `jupyter kernelspec install --user` when present, else the user data dir.
export async function installKernelspec(options: InstallKernelspecOptions = {}): Promise<InstallKernelspecResult> {
  const projectRoot = options.projectRoot ?? findDefaultProjectRoot();
  const jupyter = options.jupyter ?? "jupyter";
  const env = options.env ?? process.env;
  const spec = await buildKernelspec(projectRoot);
  const result = (target: string, method: InstallKernelspecResult["method"]): InstallKernelspecResult => ({
    name: KERNEL_NAME,
    path: target,
    method,
    argv: spec["argv"] as string[],
    displayName: String(spec["display_name"]),
  });

  const staging = await mkdtemp(path.join(tmpdir(), "agentft-kernelspec-"));
  try {
    const folder = path.join(staging, KERNEL_NAME);
    await mkdir(folder);
    await writeFile(path.join(folder, "kernel.json"), `${JSON.stringify(spec, null, 1)}\n`);
    const viaKernelspec = await run(
      jupyter,
      ["kernelspec", "install", "--user", "--replace", "--name", KERNEL_NAME, folder],
      env,
    );
    if (viaKernelspec.missing) throw new JupyterNotFoundError(jupyter);
    if (viaKernelspec.code === 0) {
      const installed = /Installed kernelspec \S+ in (.+)$/m
        .exec(`${viaKernelspec.stdout}${viaKernelspec.stderr}`)?.[1]
        ?.trim();
      return result(installed ?? folder, "jupyter kernelspec install");
    }
    // Jupyter without jupyter_client's CLI (Debian's nbconvert-only installs): --user means this folder.
    const dataDir = await run(jupyter, ["--data-dir"], env);
    if (dataDir.code !== 0 || dataDir.stdout.trim() === "") throw new JupyterNotFoundError(jupyter);
    const target = path.join(dataDir.stdout.trim(), "kernels", KERNEL_NAME);
    await mkdir(target, { recursive: true });
    await writeFile(path.join(target, "kernel.json"), `${JSON.stringify(spec, null, 1)}\n`);
    return result(target, "jupyter data dir");
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

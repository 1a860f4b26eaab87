// Shared by the notebook suites: fixture paths, an nbformat 4.5 check by the reference validator
// (Debian's python3-nbformat), the built CLI, and a check that no kernel of a suite survives it.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "../..");
export const fixtures = path.join(repoRoot, "test", "fixtures", "notebooks");
export const fixture = (name: string): string => path.join(fixtures, `${name}.ipynb`);
export const cliPath = path.join(repoRoot, "lib", "bin", "agentft.js");

// Validate a notebook file against the nbformat 4.5 JSON schema; resolves to "" or the validator's complaint.
export async function validateNotebookFile(file: string): Promise<string> {
  const script = [
    "import sys, nbformat",
    "nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)",
    "assert (nb.nbformat, nb.nbformat_minor) == (4, 5), (nb.nbformat, nb.nbformat_minor)",
    "nbformat.validate(nb, version=4, version_minor=5)",
  ].join("\n");
  try {
    await run("/usr/bin/python3", ["-c", script, file]);
    return "";
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}

// Give this suite its own TMPDIR: every kernel's connection file lives under it, so its processes can be found.
export function isolateKernelTemp(): string {
  const folder = mkdtempSync(path.join(tmpdir(), "agentft-suite-"));
  process.env["TMPDIR"] = folder;
  return folder;
}

// Command lines of live processes that mention `marker` (the suite's TMPDIR).
export async function processesMentioning(marker: string): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid,args", "--no-headers"]);
  return stdout.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
}

// The CLI tests spawn the built bin; build once if dist/ is missing.
export async function ensureBuilt(): Promise<void> {
  if (
    existsSync(path.join(repoRoot, "lib", "dist", "notebook", "index.js")) &&
    existsSync(path.join(repoRoot, "lib", "dist", "cli", "commands", "notebook.js"))
  )
    return;
  await run("npx", ["tsc", "-p", "lib"], { cwd: repoRoot }).catch(() => undefined);
}

// Remove the suite's TMPDIR once its kernels are gone.
export async function removeKernelTemp(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
}

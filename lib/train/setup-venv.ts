// `agentft train setup`: a Python venv for training runs from requirements files, with pip's short time-out and
// no retries, so an unreachable index or a missing package fails in seconds rather than after minutes of retries.
// `npm run setup:python` uses the same function for the tests' venv.
// TODO(jobs): run through the jobs area's process helper once it exists (STYLE rule 9); execa directly until then.
import { existsSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { AgentftError, MissingDependencyError } from "../errors.js";

/** Options of setupTrainingVenv. */
export interface SetupVenvOptions {
  /** Where the venv goes; `<project>/.cache/train-venv` by default. */
  readonly venvDir?: string;
  /** requirements.txt files to install (a run directory's, or python/requirements-dev.txt). */
  readonly requirements: readonly string[];
  /** Interpreter that creates the venv. @default "python3" */
  readonly python?: string;
  /** Called with each line pip prints. */
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** The ready venv. */
export interface SetupVenvResult {
  readonly venvDir: string;
  readonly python: string;
  readonly created: boolean;
}

/** pip's flags for installs: 5 s per connection, no retries. */
export const PIP_FAST_FAIL = ["--retries", "0", "--timeout", "5"] as const;

// The default venv of the project in `cwd`.
export function defaultTrainVenv(cwd = process.cwd()): string {
  return path.join(cwd, ".cache", "train-venv");
}

// Create the venv when missing and install the requirements into it.
export async function setupTrainingVenv(options: SetupVenvOptions): Promise<SetupVenvResult> {
  const venvDir = path.resolve(options.venvDir ?? defaultTrainVenv());
  const python = path.join(venvDir, "bin", "python");
  const created = !existsSync(python);
  const onLine = (line: string): void => options.onProgress?.(line);
  if (created) {
    const base = options.python ?? "python3";
    const made = await execa(base, ["-m", "venv", venvDir], { reject: false, cancelSignal: options.signal });
    if ((made as { code?: string }).code === "ENOENT") {
      throw new MissingDependencyError(base, "python3-venv", "to create the training venv");
    }
    if (made.exitCode !== 0) {
      throw new AgentftError(
        "venv",
        `\`${base} -m venv ${venvDir}\` failed (exit ${made.exitCode}): ${made.stderr}\nInstall Debian's python3-venv, or pass another interpreter.`,
      );
    }
  }
  const args = ["-m", "pip", "install", ...PIP_FAST_FAIL, ...options.requirements.flatMap((r) => ["-r", r])];
  const install = execa(python, args, { reject: false, all: true, cancelSignal: options.signal, lines: false });
  install.all?.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) onLine(line);
  });
  const result = await install;
  if (result.exitCode !== 0) {
    const tail = String(result.all ?? "")
      .split("\n")
      .slice(-15)
      .join("\n");
    throw new AgentftError(
      "pip",
      `Installing ${options.requirements.join(", ")} into ${venvDir} failed (exit ${result.exitCode}).\n${tail}\nCheck that the package index is reachable (pip config list) and holds the pinned versions.`,
    );
  }
  return { venvDir, python, created };
}

// Parts a test needs beyond Node and the npm packages: probed once per test file, skipped with a reason
// on a developer's machine, and a failure under CI (CI=true), where .ci/run installs every one of them.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

// The seed's files (report, data, reference texts) live beside the repository, never inside it.
export const seedDir = path.resolve(process.env["AGENTFT_SEED_DIR"] ?? path.join(repoRoot, "..", "shared"));

// A path inside the seed folder, e.g. seedPath("seed-data/base_tasks_train_data.csv").
export function seedPath(...parts: string[]): string {
  return path.join(seedDir, ...parts);
}

// The Python environment that holds TRL, transformers, PEFT, datasets, accelerate and JupyterLab for the tests.
export const testVenv = path.resolve(process.env["AGENTFT_TEST_VENV"] ?? path.join(repoRoot, ".cache", "venv"));
export const testVenvPython = path.join(testVenv, "bin", "python");

interface Probe {
  readonly why: string;
  readonly enable: string;
  readonly check: () => boolean;
}

function runs(command: string, args: readonly string[]): boolean {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 30_000 });
  return result.status === 0;
}

const APT = "sudo apt-get install";

// A Python one-liner that fails unless every module is installed, without importing any of them.
function findSpecs(...modules: string[]): string {
  return `import importlib.util, sys; sys.exit(any(importlib.util.find_spec(m) is None for m in ${JSON.stringify(modules)}))`;
}

const PROBES = {
  "debian-python3": {
    why: "Debian's /usr/bin/python3",
    enable: `${APT} python3`,
    check: () => existsSync("/usr/bin/python3"),
  },
  bubblewrap: {
    why: "bubblewrap (the REPL sandbox)",
    enable: `${APT} bubblewrap`,
    check: () => runs("bwrap", ["--ro-bind", "/", "/", "--unshare-all", "true"]),
  },
  nbformat: {
    why: "Debian's python3-nbformat (notebook validation)",
    enable: `${APT} python3-nbformat`,
    check: () => runs("/usr/bin/python3", ["-c", "import nbformat"]),
  },
  nbconvert: {
    why: "Debian's jupyter-nbconvert and python3-nbclient",
    enable: `${APT} jupyter-nbconvert python3-nbclient`,
    check: () => runs("/usr/bin/python3", ["-c", "import nbconvert, nbclient"]),
  },
  chromium: {
    why: "headless Chromium",
    enable: `${APT} chromium`,
    check: () => existsSync("/usr/bin/chromium"),
  },
  seed: {
    why: `the seed's files in ${seedDir}`,
    enable: "AGENTFT_SEED_DIR=/path/to/shared npm test",
    check: () => existsSync(seedPath("seed-data", "base_tasks_train_data.csv")),
  },
  "python-train": {
    why: `TRL, transformers, PEFT, datasets and accelerate in ${testVenv}`,
    enable: "npm run setup:python (or AGENTFT_TEST_VENV=/path/to/venv npm test)",
    // find_spec, not import: importing torch and TRL takes half a minute on a loaded machine.
    check: () =>
      runs(testVenvPython, ["-c", findSpecs("trl", "transformers", "peft", "datasets", "accelerate", "torch")]),
  },
  jupyterlab: {
    why: `JupyterLab in ${testVenv}`,
    enable: "npm run setup:python (or AGENTFT_TEST_VENV=/path/to/venv npm test)",
    check: () => runs(testVenvPython, ["-c", "import jupyterlab, ipykernel"]),
  },
  slurm: {
    why: "a running single-node Slurm (slurmctld + slurmd)",
    enable: `${APT} slurm-wlm munge, then bash .ci/start-slurm`,
    check: () => runs("scontrol", ["ping"]) && runs("sinfo", ["-h"]),
  },
  // The suites that start the REPL as `nobody` run the repository's code as that user: a clone under a
  // folder closed to others (a 0700 home, a mktemp folder) cannot be read by it.
  "readable-by-nobody": {
    why: "a repository every user can read (the tests that run the REPL's host as `nobody`)",
    enable: "clone the repository where each parent folder lets other users in (chmod o+x), then npm test",
    check: () =>
      runs("setpriv", [
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
        "test",
        "-r",
        path.join(repoRoot, "node_modules", "tsx", "dist", "cli.mjs"),
        "-a",
        "-r",
        path.join(repoRoot, "lib", "world", "executor", "repl.py"),
      ]),
  },
  sshd: {
    why: "OpenSSH's server and client",
    enable: `${APT} openssh-server openssh-client rsync`,
    check: () => existsSync("/usr/sbin/sshd") && runs("ssh", ["-V"]),
  },
} satisfies Record<string, Probe>;

export type Prerequisite = keyof typeof PROBES;

const known = new Map<Prerequisite, boolean>();

// AGENTFT_TEST_HIDE=chromium,seed makes the named parts look missing (to try the fresh-clone path).
function hidden(): Set<string> {
  return new Set(
    (process.env["AGENTFT_TEST_HIDE"] ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

function present(name: Prerequisite): boolean {
  if (hidden().has(name)) return false;
  let ok = known.get(name);
  if (ok === undefined) {
    ok = PROBES[name].check();
    known.set(name, ok);
  }
  return ok;
}

// True when a part is missing, so a suite is skipped: `describe.skipIf(missing("chromium"))(...)`.
// Under CI a missing part throws instead, which fails the file: CI must run every test.
export function missing(...names: Prerequisite[]): boolean {
  const absent = names.filter((name) => !present(name));
  if (absent.length === 0) return false;
  const lines = absent.map((name) => `${PROBES[name].why} — enable with: ${PROBES[name].enable}`);
  if (process.env["CI"] === "true") {
    throw new Error(`A test prerequisite is missing under CI=true (CI runs every test):\n  ${lines.join("\n  ")}`);
  }
  const file = path.relative(repoRoot, expect_testPath());
  const log = skipLogFile();
  if (log) for (const name of absent) appendFileSync(log, `${JSON.stringify({ name, file, ...PROBES[name] })}\n`);
  return true;
}

// The test file being collected, for the skip summary.
function expect_testPath(): string {
  return (globalThis as { __vitest_worker__?: { filepath?: string } }).__vitest_worker__?.filepath ?? "unknown";
}

function skipLogFile(): string | undefined {
  try {
    return inject("agentftSkipLog" as never) as string | undefined;
  } catch {
    return undefined;
  }
}

export function describeProbe(name: Prerequisite): { why: string; enable: string } {
  return { why: PROBES[name].why, enable: PROBES[name].enable };
}

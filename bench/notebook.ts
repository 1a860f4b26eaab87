// Wall time of `npm start` (every notebook of notebooks/, in order) and of each notebook under
// `agentft notebook run` beside `python3 -m nbconvert --execute --to notebook` on the same notebook with the
// same tslab (through the project's kernelspec), measured in the same run.
// Usage: npm run bench:notebook [-- --runs 1] (each notebook in a scratch copy of the project, so results/ stays clean)
import { execFile } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installKernelspec } from "../lib/notebook/kernelspec.js";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const runs = Number(option("runs", "1"));

interface Timing {
  readonly wallMs: number;
  /** User + system CPU of the command and every process it waited for (the kernel included). */
  readonly cpuMs: number;
}

// Run through bash so that `times` reports the CPU of the whole process tree once it has exited.
function timeCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Timing> {
  const started = process.hrtime.bigint();
  const script = '"$@" >/dev/null 2>"$BENCH_ERR"; code=$?; times; exit $code';
  const errFile = path.join(tmpdir(), `agentft-bench-${process.pid}.err`);
  return new Promise((resolve, reject) => {
    execFile(
      "/bin/bash",
      ["-c", script, "bash", command, ...args],
      { cwd, env: { ...env, BENCH_ERR: errFile }, timeout: 900_000 },
      (error, stdout) => {
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (error)
          return reject(
            new Error(`${command} ${args.join(" ")} failed (${error.message}); its stderr is in ${errFile}`),
          );
        // The stderr is kept only to explain a failure.
        rmSync(errFile, { force: true });
        const children = stdout.trim().split("\n").at(-1) ?? "";
        const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(
          (match) => Number(match[1]) * 60 + Number(match[2]),
        );
        resolve({ wallMs, cpuMs: seconds.reduce((sum, value) => sum + value, 0) * 1000 });
      },
    );
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), "agentft-bench-notebook-"));
  try {
    // A scratch copy of the project's layout: the notebooks' relative paths (../results, ../data) land here.
    const notebooks = path.join(work, "notebooks");
    await mkdir(notebooks);
    const names = (await readdir(path.join(root, "notebooks"))).filter((n) => n.endsWith(".ipynb")).sort();
    for (const name of names) await cp(path.join(root, "notebooks", name), path.join(notebooks, name));
    await cp(path.join(root, "data"), path.join(work, "data"), { recursive: true });
    await symlink(path.join(root, "node_modules"), path.join(work, "node_modules"));
    // The Python with TRL that 02 trains the tiny model with and 04 serves it with, as in the checkout.
    if (existsSync(path.join(root, ".cache", "venv"))) {
      await mkdir(path.join(work, ".cache"));
      await symlink(path.join(root, ".cache", "venv"), path.join(work, ".cache", "venv"));
    }
    // nbconvert finds the kernel by the notebook's kernelspec name (agentft-tslab) in this data dir.
    const env = {
      ...process.env,
      JUPYTER_DATA_DIR: path.join(work, "jupyter"),
      JUPYTER_PATH: path.join(work, "jupyter"),
    };
    await installKernelspec({ projectRoot: root, env });
    const fmt = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
    const bin = path.join(root, "lib", "bin", "agentft.js");
    const start: Timing[] = [];
    for (let run = 1; run <= runs; run++) {
      start.push(
        await timeCommand(process.execPath, [bin, "start", "--notebooks", notebooks, "--no-trust"], env, work),
      );
      console.log(`npm start run ${run}/${runs}: ${fmt(start.at(-1)!.wallMs)} wall / ${fmt(start.at(-1)!.cpuMs)} cpu`);
    }
    const rows: string[] = [];
    for (const name of names) {
      const input = path.join(notebooks, name);
      const ours: Timing[] = [];
      const theirs: Timing[] = [];
      for (let run = 1; run <= runs; run++) {
        // Alternate the two so that load on the machine hits both alike.
        ours.push(
          await timeCommand(
            process.execPath,
            [bin, "notebook", "run", input, "-o", path.join(work, "ours.ipynb")],
            env,
            notebooks,
          ),
        );
        theirs.push(
          await timeCommand(
            "/usr/bin/python3",
            ["-m", "nbconvert", "--execute", "--to", "notebook", "--output", path.join(work, "nbconvert.ipynb"), input],
            env,
            notebooks,
          ),
        );
      }
      const a = median(ours.map((t) => t.wallMs));
      const b = median(theirs.map((t) => t.wallMs));
      rows.push(
        `${name.padEnd(28)} ${fmt(a).padStart(9)} ${fmt(median(ours.map((t) => t.cpuMs))).padStart(9)} ${fmt(b).padStart(11)} ${fmt(median(theirs.map((t) => t.cpuMs))).padStart(9)}   ${(a / b).toFixed(2)}`,
      );
      console.log(rows.at(-1));
    }
    console.log(`\n${runs} run(s) each, medians; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
    console.log(
      `npm start (all ${names.length} notebooks)   ${fmt(median(start.map((t) => t.wallMs)))} wall, ${fmt(median(start.map((t) => t.cpuMs)))} cpu`,
    );
    console.log(
      `${"notebook".padEnd(28)} ${"ours wall".padStart(9)} ${"ours cpu".padStart(9)} ${"nbconv wall".padStart(11)} ${"nbconv cpu".padStart(9)}   ratio`,
    );
    for (const row of rows) console.log(row);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();

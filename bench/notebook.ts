// Wall time of `agentft notebook run` against `python3 -m nbconvert --execute --to notebook` on the
// same notebook with the same tslab (through the project's kernelspec), measured in the same run.
// Target: ratio ≤ 0.8. Usage: npm run bench:notebook [-- --runs 3 --notebook path.ipynb]
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { installKernelspec } from "../lib/notebook/kernelspec.js";

const root = path.resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

const runs = Number(option("runs", "3"));
const notebook = path.resolve(option("notebook", path.join(root, "test", "fixtures", "notebooks", "ok.ipynb")));

interface Timing {
  readonly wallMs: number;
  /** User + system CPU of the command and every process it waited for (the kernel included). */
  readonly cpuMs: number;
}

// Run through bash so that `times` reports the CPU of the whole process tree once it has exited.
function timeCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Timing> {
  const started = process.hrtime.bigint();
  const script = '"$@" >/dev/null 2>"$BENCH_ERR"; code=$?; times; exit $code';
  const errFile = path.join(tmpdir(), `agentft-bench-${process.pid}.err`);
  return new Promise((resolve, reject) => {
    execFile(
      "/bin/bash",
      ["-c", script, "bash", command, ...args],
      { cwd: path.dirname(notebook), env: { ...env, BENCH_ERR: errFile }, timeout: 300_000 },
      (error, stdout) => {
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        if (error)
          return reject(
            new Error(`${command} ${args.join(" ")} failed (${error.message}); its stderr is in ${errFile}`),
          );
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
    // nbconvert finds the kernel by the notebook's kernelspec name (agentft-tslab) in this data dir.
    const env = {
      ...process.env,
      JUPYTER_DATA_DIR: path.join(work, "jupyter"),
      JUPYTER_PATH: path.join(work, "jupyter"),
    };
    await installKernelspec({ projectRoot: root, env });
    const ours: Timing[] = [];
    const theirs: Timing[] = [];
    const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
    for (let run = 1; run <= runs; run++) {
      // Alternate the two so that load on the machine hits both alike.
      ours.push(
        await timeCommand(
          process.execPath,
          [
            path.join(root, "lib", "bin", "agentft.js"),
            "notebook",
            "run",
            notebook,
            "-o",
            path.join(work, "ours.ipynb"),
          ],
          env,
        ),
      );
      theirs.push(
        await timeCommand(
          "/usr/bin/python3",
          [
            "-m",
            "nbconvert",
            "--execute",
            "--to",
            "notebook",
            "--output",
            path.join(work, "nbconvert.ipynb"),
            notebook,
          ],
          env,
        ),
      );
      const [a, b] = [ours.at(-1)!, theirs.at(-1)!];
      console.log(
        `run ${run}/${runs}: agentft ${fmt(a.wallMs)} wall / ${fmt(a.cpuMs)} cpu, nbconvert ${fmt(b.wallMs)} wall / ${fmt(b.cpuMs)} cpu`,
      );
    }
    const wall = [median(ours.map((t) => t.wallMs)), median(theirs.map((t) => t.wallMs))] as const;
    const cpu = [median(ours.map((t) => t.cpuMs)), median(theirs.map((t) => t.cpuMs))] as const;
    const ratio = wall[0] / wall[1];
    console.log(
      `notebook: ${path.relative(root, notebook)} (${runs} runs each, medians; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores)`,
    );
    console.log(`                                wall      cpu`);
    console.log(`agentft notebook run            ${fmt(wall[0]).padEnd(9)} ${fmt(cpu[0])}`);
    console.log(`python3 -m nbconvert --execute  ${fmt(wall[1]).padEnd(9)} ${fmt(cpu[1])}`);
    console.log(
      `ratio agentft / nbconvert       ${ratio.toFixed(2)}      ${(cpu[0] / cpu[1]).toFixed(2)}   (target: wall ratio ≤ 0.80, ${ratio <= 0.8 ? "met" : "NOT met"})`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();

// npm run bench:data — records/s of the data area's two bulk builders:
// 1. 70,000 conversational send_money records generated and written as JSON lines (target: ≤ 3 s here);
//    baselines in the same run: the naive generate + JSON.stringify + write, and writing ready bytes.
// 2. The step-wise data set (both templates, every format) built from all `train` trajectories, which are
//    first recorded by running the gold steps in the embedded world (timed apart: that is the world's cost).
// Figures are printed and written to results/bench/data.txt.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  buildStepwiseRows,
  formatStepwiseRows,
  generateConversations,
  goldRunsOf,
  iterateConversations,
  recordTrajectories,
  writeConversations,
} from "../lib/data/index.js";
import { EnvironmentClient } from "../lib/env/index.js";
import { createBenchLog } from "./bench-log.js";

const COUNT = 70_000;
const dir = path.join(tmpdir(), "agentft-bench-data");
mkdirSync(dir, { recursive: true });
const { report, save } = createBenchLog("data");

async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return { value, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

report(
  `agentft data bench — ${new Date().toISOString()} — node ${process.version}, ${(await import("node:os")).cpus().length} cores, load ${(
    await import("node:os")
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

// Warm the worlds (built once per process) so the figure is the generator's, not world construction.
const warm = await timed(() => generateConversations({ count: 10 }));
report(`world warm-up (6 conversation worlds): ${warm.seconds.toFixed(2)} s`);

const file = path.join(dir, "conversational-70k.jsonl");
const run = await timed(() => writeConversations(file, iterateConversations({ count: COUNT })));
report(
  `conversational: ${COUNT} records generated + written in ${run.seconds.toFixed(2)} s wall (${run.cpuSeconds.toFixed(2)} s CPU) = ${Math.round(COUNT / run.seconds)} records/s; ${(run.value.bytes / 1e6).toFixed(0)} MB, ${run.value.distinctUtterances} distinct utterances; target ≤ 3 s: ${run.seconds <= 3 ? "met" : "NOT met"}`,
);

// Baselines in the same run: the naive way (generate, JSON.stringify each record, write the joined text)
// and the disk's floor (writing bytes that are already encoded).
const naive = await timed(() => {
  const text = `${generateConversations({ count: COUNT })
    .map((r) => JSON.stringify(r))
    .join("\n")}\n`;
  writeFileSync(path.join(dir, "naive.jsonl"), text);
  return Buffer.byteLength(text);
});
report(
  `baseline: generate + JSON.stringify + write: ${naive.seconds.toFixed(2)} s wall (${naive.cpuSeconds.toFixed(2)} s CPU); writeConversations is ${(naive.seconds / run.seconds).toFixed(1)}× faster`,
);
const bytes = Buffer.alloc(naive.value, "x");
const io = await timed(() => writeFileSync(path.join(dir, "floor.bin"), bytes));
report(
  `baseline: writing ${(naive.value / 1e6).toFixed(0)} MB of ready bytes: ${io.seconds.toFixed(2)} s (the disk's floor)`,
);

const env = EnvironmentClient.embedded();
try {
  const runs = await timed(() => goldRunsOf("train"));
  const recorded = await timed(() => recordTrajectories(env, runs.value, { concurrency: 2 }));
  const steps = recorded.value.trajectories.reduce((n, t) => n + t.steps.length, 0);
  report(
    `train trajectories: ${runs.value.length} tasks listed in ${runs.seconds.toFixed(2)} s, gold steps executed in ${recorded.seconds.toFixed(2)} s: ${recorded.value.trajectories.length} kept, ${recorded.value.rejected.length} rejected, ${steps} steps`,
  );
  for (const template of ["v1", "v2"] as const) {
    for (const format of ["prompt-completion", "conversational", "seed-csv"] as const) {
      const built = await timed(() =>
        formatStepwiseRows(buildStepwiseRows(recorded.value.trajectories, format, { template })),
      );
      report(
        `step-wise ${template} ${format}: ${steps} rows built + serialized in ${(built.seconds * 1000).toFixed(1)} ms = ${Math.round(steps / built.seconds)} rows/s (${(built.value.length / 1e6).toFixed(1)} MB)`,
      );
    }
  }
} finally {
  await env.dispose();
}

// The written files were only measured: nothing of the bench stays in the temp folder.
rmSync(dir, { recursive: true, force: true });
console.log(`record: ${save()}`);

// npm run bench:train — the training area's two waits a user sees before a run:
// 1. The token-length report (the real Qwen tokenizer over every row) for the seed-sized step-wise set
//    (1,595 rows, from the train split's gold trajectories repeated to that size) and the 70,000-record
//    conversational set; baselines in the same run: the counter without its whole-text cache (pieces only,
//    the previous path; its counts must be identical) and plain character lengths of the same rows.
// 2. Wall time from planTraining to the first logged step of the tiny model on CPU through each jobs backend
//    (local; Slurm when a controller answers; ssh to the tests' sshd on loopback), with the tests' venv
//    (AGENTFT_TEST_VENV or .cache/venv), and to the end of its 3 steps.
// Figures are printed and written to results/bench/train.txt.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildStepwiseRows, generateConversations, goldRunsOf, recordTrajectories } from "../lib/data/index.js";
import { EnvironmentClient } from "../lib/env/index.js";
import { getJobBackend, type JobBackend, monitorJob } from "../lib/jobs/index.js";
import {
  createPieceCounter,
  loadQwenEncoder,
  loadQwenTokenCounter,
  planTraining,
  reportTokenLengths,
  TINY_MODEL_ID,
  type TrainingRow,
  trainingPreset,
} from "../lib/train/index.js";
import { startTestSshd, sshBackendOptionsOf } from "../test/helpers/sshd.js";
import { createBenchLog, seconds } from "./bench-log.js";

const STEPWISE_ROWS = 1_595;
const CONVERSATIONS = 70_000;
const { report, save } = createBenchLog("train");

// The baseline: what a length check costs without a tokenizer (characters of every string in the row).
function characterLengths(rows: readonly TrainingRow[]): number {
  let max = 0;
  for (const row of rows) {
    let n = 0;
    for (const value of Object.values(row)) {
      if (typeof value === "string") n += value.length;
      else if (Array.isArray(value))
        for (const m of value) n += String((m as { content?: unknown }).content ?? "").length;
    }
    max = Math.max(max, n);
  }
  return max;
}

async function stepwiseRows(): Promise<TrainingRow[]> {
  const env = EnvironmentClient.embedded();
  try {
    const recorded = await recordTrajectories(env, await goldRunsOf("train"), { concurrency: 2 });
    const built = buildStepwiseRows(recorded.trajectories, "prompt-completion").rows as readonly TrainingRow[];
    return Array.from({ length: STEPWISE_ROWS }, (_, i) => built[i % built.length] as TrainingRow);
  } finally {
    await env.dispose();
  }
}

let started = performance.now();
const counter = await loadQwenTokenCounter();
report(`Qwen tokenizer loaded in ${seconds(started).toFixed(2)} s`);
const encoder = await loadQwenEncoder();

started = performance.now();
const sets: [string, TrainingRow[]][] = [["step-wise", await stepwiseRows()]];
report(`step-wise data set (${STEPWISE_ROWS} rows) built in ${seconds(started).toFixed(2)} s`);
started = performance.now();
sets.push(["conversational", generateConversations({ count: CONVERSATIONS }).map((r) => ({ messages: r.messages }))]);
report(`conversational data set (${CONVERSATIONS} rows) built in ${seconds(started).toFixed(2)} s`);

for (const [name, rows] of sets) {
  started = performance.now();
  const lengths = reportTokenLengths(rows, { counter, maxLength: 1024 });
  const tokenS = seconds(started);
  started = performance.now();
  const piecesOnly = createPieceCounter(encoder, { cacheTexts: false });
  const baseline = reportTokenLengths(rows, { counter: piecesOnly, maxLength: 1024 });
  const piecesS = seconds(started);
  const same =
    baseline.max === lengths.max &&
    baseline.mean === lengths.mean &&
    baseline.p90 === lengths.p90 &&
    baseline.overLength.join() === lengths.overLength.join();
  started = performance.now();
  const maxChars = characterLengths(rows);
  const charS = seconds(started);
  report(
    `${name}: token-length report of ${rows.length} rows in ${tokenS.toFixed(2)} s = ${Math.round(rows.length / tokenS)} rows/s (max ${lengths.max} tokens, p90 ${lengths.p90}, ${lengths.overLength.length} over 1024); baseline pieces-only counter ${piecesS.toFixed(2)} s (${(piecesS / tokenS).toFixed(1)}× slower, counts ${same ? "identical" : "DIFFERENT"}); baseline character lengths ${(charS * 1000).toFixed(1)} ms (max ${maxChars} chars): ${(tokenS / charS).toFixed(0)}× the baseline`,
  );
  if (!same) process.exitCode = 1;
}

const python = path.join(path.resolve(process.env["AGENTFT_TEST_VENV"] ?? ".cache/venv"), "bin", "python");

// Plan the tiny model in a fresh dir and run it on `backend`; the clock starts before planTraining.
async function tinyRun(name: string, backend: JobBackend): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "agentft-bench-train-"));
  try {
    const rows = sets[0]?.[1].slice(0, 16) ?? [];
    const config = trainingPreset("approach1", {
      model: TINY_MODEL_ID,
      overLength: "truncate",
      trl: { use_cpu: true, bf16: false, max_steps: 3, logging_steps: 1, save_steps: 100, max_length: 256 },
    });
    const started = performance.now();
    const plan = await planTraining(config, rows, { outDir: path.join(dir, "run"), counter });
    const planS = seconds(started);
    const job = await backend.submit({
      command: [python, "train.py"],
      runDir: plan.runDir,
      env: { HF_HUB_OFFLINE: "1", TOKENIZERS_PARALLELISM: "false", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1" },
    });
    let firstS: number | undefined;
    for await (const p of monitorJob(job, { pollMs: 50 })) {
      if (firstS === undefined && p.loss !== undefined) firstS = seconds(started);
    }
    const result = await backend.wait(job, { reject: false });
    report(
      `tiny CPU run on ${name}: plan ${planS.toFixed(2)} s, plan → first logged step ${firstS?.toFixed(1) ?? "never"} s, → ${result.state} after 3 steps ${seconds(started).toFixed(1)} s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs = (program: string, args: readonly string[]): boolean =>
  spawnSync(program, args, { stdio: "ignore", timeout: 10_000 }).status === 0;

if (!existsSync(python)) {
  report(`tiny CPU run: skipped, no training venv at ${python} (npm run setup:python)`);
} else {
  await tinyRun("local", getJobBackend("local"));
  if (runs("scontrol", ["ping"])) await tinyRun("slurm", getJobBackend("slurm"));
  else report("tiny CPU run on slurm: skipped, no Slurm controller answers `scontrol ping` (bash .ci/start-slurm)");
  if (existsSync("/usr/sbin/sshd") && runs("ssh", ["-V"])) {
    // The tests' sshd on loopback: a real ssh round trip, rsync and remote follow, on this machine.
    const sshd = await startTestSshd();
    try {
      await tinyRun("ssh", getJobBackend("ssh", sshBackendOptionsOf(sshd)));
    } finally {
      await sshd.stop();
    }
  } else report("tiny CPU run on ssh: skipped, no /usr/sbin/sshd or ssh client");
}

console.log(`record: ${save()}`);

// Shared by the CPU training tests: small step-wise rows from the embedded world's gold solutions, and a
// runner for a planned directory (a `local` job with the tests' venv).
import { readFileSync } from "node:fs";
import path from "node:path";
import { getJobBackend, readTail } from "../../lib/jobs/index.js";
import { listTasks } from "../../lib/world/index.js";
import { testVenvPython } from "../helpers/prerequisites.js";

/** Prompt-completion rows made from the first gold steps of the world's train tasks (real data, short). */
export function goldStepRows(count: number): { prompt: string; completion: string }[] {
  const rows: { prompt: string; completion: string }[] = [];
  for (const task of listTasks("train")) {
    const step = task.goldSteps[0];
    if (!step) continue;
    rows.push({
      prompt: `User Instruction : ${task.instruction}\nRespond in json.`,
      completion: JSON.stringify({ thought: step.thought, action: step.action }),
    });
    if (rows.length === count) break;
  }
  return rows;
}

/** One parsed line of metrics.jsonl. */
export type MetricsEvent = { readonly event: string; readonly step: number } & Readonly<Record<string, unknown>>;

export function readMetrics(runDir: string): MetricsEvent[] {
  return readFileSync(path.join(runDir, "metrics.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as MetricsEvent);
}

// Environment of a CPU run: no hub access, no tokenizer threads fighting the other tests for two cores.
export const CPU_RUN_ENV = {
  HF_HUB_OFFLINE: "1",
  TOKENIZERS_PARALLELISM: "false",
  OMP_NUM_THREADS: "1",
  PYTHONUNBUFFERED: "1",
} as const;

// Run `python train.py [args]` in a run directory as a job of the `local` backend (the way `agentft train run`
// does): resolves when it ends, with its exit code and the tail of its log.
export async function runTrainScript(runDir: string, args: readonly string[] = []) {
  const backend = getJobBackend("local");
  const job = await backend.submit({
    command: [testVenvPython, "train.py", ...args],
    runDir,
    env: CPU_RUN_ENV,
    timeoutMs: 600_000,
  });
  const result = await backend.wait(job, { reject: false });
  return { exitCode: result.exitCode, state: result.state, all: await readTail(result.logPath, 60) };
}

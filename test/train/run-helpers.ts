// Shared by the CPU training tests: small step-wise rows from the embedded world's gold solutions, and a
// runner for a planned directory with the tests' venv.
import { readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
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

// Run `python train.py [args]` in a run directory (the tests' own runner until a job backend runs it).
export async function runTrainScript(runDir: string, args: readonly string[] = []) {
  return execa(testVenvPython, ["train.py", ...args], {
    cwd: runDir,
    env: CPU_RUN_ENV,
    reject: false,
    all: true,
    timeout: 600_000,
  });
}

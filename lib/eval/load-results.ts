// Loaders for results made elsewhere (the seed's `Key,Value` CSVs, AppWorld `evaluations/*.json`) and for our own runs.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ConfigError, configErrorFromZod } from "../errors.js";
import {
  computeRunMetrics,
  taskResultFromEvaluation,
  taskResultFromPassPercent,
  toTaskResult,
  type RunMetrics,
  type TaskResult,
} from "./metrics.js";
import { readTaskLog } from "./result-store.js";

/** Results of one run from any source, in the one form reports and comparisons read. */
export interface EvalResults {
  /** Short name for tables (file or run name unless given). */
  readonly name: string;
  readonly source: "agentft" | "seed-csv" | "appworld";
  /** What was evaluated: a model name, `reference:gold`, `reference:noop`, or null when the source does not say. */
  readonly label: string | null;
  readonly tasks: readonly TaskResult[];
  readonly metrics: RunMetrics;
}

/** Options of every loader. */
export interface LoadResultsOptions {
  /** Overrides the name taken from the file or directory. */
  readonly name?: string;
}

// Load the seed's `Key,Value` CSV (task id, pass % = passed / total tests × 100).
export async function loadKeyValueCsv(file: string, options: LoadResultsOptions = {}): Promise<EvalResults> {
  const text = (await readFile(file, "utf8")).replace(/^\uFEFF/, "");
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== "Key,Value") {
    throw new ConfigError(
      `${file}:1 should be the header \`Key,Value\`, found \`${lines[0] ?? ""}\`; is this a seed pass-% CSV?`,
      [{ path: `${file}:1`, message: "expected header Key,Value" }],
    );
  }
  const tasks: TaskResult[] = [];
  const firstLine = new Map<string, number>();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === "") return;
    const match = /^([^,]+),\s*(-?\d+(?:\.\d+)?)\s*$/.exec(line);
    const value = Number(match?.[2]);
    if (!match || value < 0 || value > 100) {
      throw new ConfigError(
        `${file}:${i + 2} should be \`task_id,pass_percent\` with a percentage from 0 to 100, found \`${line}\`; fix or delete that row.`,
        [{ path: `${file}:${i + 2}`, message: "expected task_id,pass_percent" }],
      );
    }
    const taskId = match[1] as string;
    const earlier = firstLine.get(taskId);
    // A second row for a task would be counted twice in every mean; the file has no trials.
    if (earlier !== undefined) {
      throw new ConfigError(
        `${file}:${i + 2} repeats task id \`${taskId}\` (first on line ${earlier}); keep one row per task.`,
        [{ path: `${file}:${i + 2}`, message: `duplicate task id ${taskId}` }],
      );
    }
    firstLine.set(taskId, i + 2);
    tasks.push(taskResultFromPassPercent(taskId, value));
  });
  return {
    name: options.name ?? path.basename(file, path.extname(file)),
    source: "seed-csv",
    label: null,
    tasks,
    metrics: computeRunMetrics(tasks),
  };
}

const testSchema = z.object({ requirement: z.string(), label: z.string().default("unknown") }).loose();
const trackerSchema = z
  .object({
    success: z.boolean(),
    difficulty: z.number().int().optional(),
    num_tests: z.number().int().min(0),
    passes: z.array(testSchema),
    failures: z.array(testSchema.extend({ trace: z.string().default("") })),
  })
  .loose();
const appWorldEvaluationSchema = z.object({ individual: z.record(z.string(), trackerSchema) }).loose();

// Load AppWorld's `experiments/outputs/{exp}/evaluations/{split}.json`, or one written by our runs.
export async function loadAppWorldEvaluation(file: string, options: LoadResultsOptions = {}): Promise<EvalResults> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ConfigError(
      `${file} is not JSON (${(error as Error).message}); expected AppWorld's evaluations/{split}.json.`,
      [],
      { cause: error },
    );
  }
  const parsed = appWorldEvaluationSchema.safeParse(json);
  if (!parsed.success) {
    throw configErrorFromZod(parsed.error, {
      subject: `AppWorld evaluation ${file} ({aggregate, individual: {task_id: {success, num_tests, passes, failures}}})`,
      input: json,
    });
  }
  const tasks = Object.entries(parsed.data.individual).map(([taskId, tracker]) =>
    taskResultFromEvaluation(taskId, { ...tracker, difficulty: tracker.difficulty ?? 0 }),
  );
  const name = options.name ?? `${path.basename(path.dirname(path.dirname(file)))}/${path.basename(file, ".json")}`;
  return { name, source: "appworld", label: null, tasks, metrics: computeRunMetrics(tasks) };
}

// Load one of our runs from its directory (`results/evals/<run>`), reading `tasks.jsonl` (a torn last line is ignored).
export async function loadEvalRun(runDir: string, options: LoadResultsOptions = {}): Promise<EvalResults> {
  const { records } = await readTaskLog(path.join(runDir, "tasks.jsonl"));
  let label: string | null = null;
  try {
    const config = JSON.parse(await readFile(path.join(runDir, "config.json"), "utf8")) as { label?: string };
    label = config.label ?? null;
  } catch {
    // A run without config.json (copied logs) still loads; it just has no label.
  }
  const tasks = records.map(toTaskResult);
  return {
    name: options.name ?? path.basename(runDir),
    source: "agentft",
    label,
    tasks,
    metrics: computeRunMetrics(tasks),
  };
}

// Load any supported results by path: a run directory, a `.csv` (seed) or a `.json` (AppWorld evaluation).
export async function loadResults(target: string, options: LoadResultsOptions = {}): Promise<EvalResults> {
  if (target.endsWith(".csv")) return loadKeyValueCsv(target, options);
  if (target.endsWith(".json")) return loadAppWorldEvaluation(target, options);
  return loadEvalRun(target, options);
}

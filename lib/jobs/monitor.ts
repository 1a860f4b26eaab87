// Follow a training run's `metrics.jsonl` (one JSON object per logging event, written by the generated
// script's TrainerCallback) and yield progress: step, total, loss, learning rate, reward and an ETA.
import { parseMetricsLine } from "../metrics-log.js";
import type { JobHandle } from "./backend.js";
import { backendOf } from "./registry.js";

/** One logging event of a training run, as the report layer plots it. */
export interface TrainingProgress {
  readonly step: number;
  /** Total optimizer steps (`max_steps`), when the line says. */
  readonly total?: number;
  readonly epoch?: number;
  readonly loss?: number;
  readonly learningRate?: number;
  /** Mean reward of the logging window (GRPO). */
  readonly reward?: number;
  /** Seconds since the first event, from the lines' `time` stamps (or arrival when they have none). */
  readonly elapsedS?: number;
  /** Estimated seconds left, from the step rate so far. */
  readonly etaS?: number;
  /** Every numeric or string value of the line, upstream names (`grad_norm`, `train_runtime`, ...). */
  readonly values: Readonly<Record<string, number | string>>;
}

export interface MonitorOptions {
  /** Clock for lines without a `time` stamp (tests pass their own). @default Date.now */
  readonly now?: () => number;
}

// Turn metrics lines into progress events; lines that are not JSON objects with a step are skipped.
export async function* parseTrainingProgress(
  lines: AsyncIterable<string>,
  options: MonitorOptions = {},
): AsyncGenerator<TrainingProgress> {
  const now = options.now ?? Date.now;
  let first: { step: number; timeS: number } | undefined;
  let total: number | undefined;
  for await (const line of lines) {
    // One reader for every metrics.jsonl (lib/metrics-log.ts); a line that is not an object is passed over,
    // so a live monitor goes on.
    const parsed = parseMetricsLine(line);
    if (!("record" in parsed)) continue;
    const row = parsed.record;
    // Lines tagged with another event (checkpoint, train_end) are not logging steps.
    if (typeof row["event"] === "string" && row["event"] !== "log") continue;
    const step = row.step;
    if (step === undefined) continue;
    total = row.max_steps ?? total;
    const timeS = typeof row["time"] === "number" ? row["time"] : now() / 1000;
    first ??= { step, timeS };
    const elapsedS = timeS - first.timeS;
    const rate = elapsedS > 0 ? (step - first.step) / elapsedS : 0;
    const etaS = total !== undefined && rate > 0 ? Math.max(0, (total - step) / rate) : undefined;
    const values: Record<string, number | string> = {};
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === "number" || typeof value === "string") values[key] = value;
    }
    const epoch = typeof row["epoch"] === "number" ? row["epoch"] : undefined;
    const loss = typeof row["loss"] === "number" ? row["loss"] : undefined;
    const reward = typeof row["reward"] === "number" ? row["reward"] : undefined;
    const learningRate = row.learning_rate;
    yield {
      step,
      ...(total === undefined ? {} : { total }),
      ...(epoch === undefined ? {} : { epoch }),
      ...(loss === undefined ? {} : { loss }),
      ...(learningRate === undefined ? {} : { learningRate }),
      ...(reward === undefined ? {} : { reward }),
      elapsedS,
      ...(etaS === undefined ? {} : { etaS }),
      values,
    };
  }
}

export interface MonitorJobOptions extends MonitorOptions {
  /** The metrics file, relative to the run dir. @default "metrics.jsonl" */
  readonly file?: string;
  /** Keep following until the job ends. @default true */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  readonly pollMs?: number;
}

// Follow a job's metrics file through its backend (a remote file for ssh) and yield its progress.
export function monitorJob(job: JobHandle, options: MonitorJobOptions = {}): AsyncGenerator<TrainingProgress> {
  const lines = backendOf(job).logs(job, {
    file: options.file ?? "metrics.jsonl",
    follow: options.follow ?? true,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  return parseTrainingProgress(lines, options);
}

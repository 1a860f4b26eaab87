// Follow a training run's `metrics.jsonl` (one JSON object per logging event, written by the generated
// script's TrainerCallback) and yield progress: step, total, loss, learning rate, reward and an ETA.
import { z } from "zod";
import {
  type BadLineOptions,
  badLineReporter,
  metricNumber,
  parseMetricsStream,
  schemaLineProblem,
} from "../metrics-log.js";
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

// The fields a progress event reads, once metrics-log has folded other trainers' names into these. Others
// pass through.
const progressLineSchema = z
  .object({
    step: z.number().optional(),
    max_steps: z.number().optional(),
    epoch: metricNumber.optional(),
    loss: metricNumber.optional(),
    learning_rate: metricNumber.optional(),
    reward: metricNumber.optional(),
    /** Unix time in seconds when the event was logged. */
    time: z.number().optional(),
  })
  .passthrough();

export interface MonitorOptions extends BadLineOptions {
  /** Clock for lines without a `time` stamp (tests pass their own). @default Date.now */
  readonly now?: () => number;
  /** The metrics file as the problems name it. @default "metrics.jsonl" */
  readonly file?: string;
}

// Turn metrics lines into progress events. Objects without a step (a summary line) are not progress; lines
// that are not JSON objects, or whose known fields are not numbers, go to `onBadLine` (see metrics-log.ts).
export async function* parseTrainingProgress(
  lines: AsyncIterable<string>,
  options: MonitorOptions = {},
): AsyncGenerator<TrainingProgress> {
  const now = options.now ?? Date.now;
  const report = badLineReporter(options);
  let first: { step: number; timeS: number } | undefined;
  let total: number | undefined;
  for await (const record of parseMetricsStream(lines, options)) {
    const parsed = progressLineSchema.safeParse(record.values);
    if (!parsed.success) {
      report(
        schemaLineProblem(options.file ?? "metrics.jsonl", record.line, "a progress line", parsed.error, record.values),
      );
      continue;
    }
    const row = parsed.data;
    // Lines tagged with another event (checkpoint, train_end) are not logging steps.
    if (typeof row["event"] === "string" && row["event"] !== "log") continue;
    const step = row.step;
    if (step === undefined) continue;
    total = row.max_steps ?? total;
    const timeS = row.time ?? now() / 1000;
    first ??= { step, timeS };
    const elapsedS = timeS - first.timeS;
    const rate = elapsedS > 0 ? (step - first.step) / elapsedS : 0;
    const etaS = total !== undefined && rate > 0 ? Math.max(0, (total - step) / rate) : undefined;
    const values: Record<string, number | string> = {};
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === "number" || typeof value === "string") values[key] = value;
    }
    yield {
      step,
      ...(total === undefined ? {} : { total }),
      ...(row.epoch === undefined ? {} : { epoch: row.epoch }),
      ...(row.loss === undefined ? {} : { loss: row.loss }),
      ...(row.learning_rate === undefined ? {} : { learningRate: row.learning_rate }),
      ...(row.reward === undefined ? {} : { reward: row.reward }),
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

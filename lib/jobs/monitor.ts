// Follow a training run's `metrics.jsonl` (one JSON object per logging event, written by the generated
// script's TrainerCallback) and yield progress: step, total, loss, learning rate, reward and an ETA.
import { z } from "zod";
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

// The fields read from a line, under the names TRL/transformers (`global_step`, `max_steps`,
// `learning_rate`) and LLaMA-Factory (`current_steps`, `total_steps`, `lr`) use. Others pass through.
const metricsLineSchema = z
  .object({
    step: z.number().optional(),
    global_step: z.number().optional(),
    current_steps: z.number().optional(),
    max_steps: z.number().optional(),
    total_steps: z.number().optional(),
    total: z.number().optional(),
    epoch: z.number().optional(),
    loss: z.number().optional(),
    learning_rate: z.number().optional(),
    lr: z.number().optional(),
    reward: z.number().optional(),
    /** Unix time in seconds when the event was logged. */
    time: z.number().optional(),
  })
  .passthrough();

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
    const parsed = metricsLineSchema.safeParse(safeJson(line));
    if (!parsed.success) continue;
    const row = parsed.data;
    // Lines tagged with another event (checkpoint, train_end) are not logging steps.
    if (typeof row["event"] === "string" && row["event"] !== "log") continue;
    const step = row.step ?? row.global_step ?? row.current_steps;
    if (step === undefined) continue;
    total = row.max_steps ?? row.total_steps ?? row.total ?? total;
    const timeS = row.time ?? now() / 1000;
    first ??= { step, timeS };
    const elapsedS = timeS - first.timeS;
    const rate = elapsedS > 0 ? (step - first.step) / elapsedS : 0;
    const etaS = total !== undefined && rate > 0 ? Math.max(0, (total - step) / rate) : undefined;
    const values: Record<string, number | string> = {};
    for (const [key, value] of Object.entries(row)) {
      if (typeof value === "number" || typeof value === "string") values[key] = value;
    }
    const learningRate = row.learning_rate ?? row.lr;
    yield {
      step,
      ...(total === undefined ? {} : { total }),
      ...(row.epoch === undefined ? {} : { epoch: row.epoch }),
      ...(row.loss === undefined ? {} : { loss: row.loss }),
      ...(learningRate === undefined ? {} : { learningRate }),
      ...(row.reward === undefined ? {} : { reward: row.reward }),
      elapsedS,
      ...(etaS === undefined ? {} : { etaS }),
      values,
    };
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
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

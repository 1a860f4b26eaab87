// A run's metrics.jsonl (written by train.py's callback) as events, each line checked at this boundary by
// metrics-log's rules (a torn last line skipped, any other bad line reported), and where the run stands.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  type BadLineOptions,
  badLineReporter,
  metricNumber,
  parseMetricsLog,
  schemaLineProblem,
} from "../metrics-log.js";

/** One event of metrics.jsonl: `start`, `train_begin`, `log`, `checkpoint`, `train_end`, `saved`, `merged`. */
export const MetricsEventSchema = z.looseObject({
  event: z.string(),
  time: z.number(),
  step: z.number().optional(),
  max_steps: z.number().optional(),
  loss: metricNumber.optional(),
  learning_rate: metricNumber.optional(),
  reward: metricNumber.optional(),
});
export type MetricsEvent = z.output<typeof MetricsEventSchema>;

/** Where a run stands, from its metrics. */
export interface TrainingStatus {
  readonly state: "planned" | "running" | "finished";
  readonly step: number;
  readonly totalSteps: number | undefined;
  readonly loss: number | undefined;
  readonly learningRate: number | undefined;
  readonly reward: number | undefined;
  /** Seconds left at the pace since the (last) start; undefined before two logged steps. */
  readonly etaS: number | undefined;
  readonly lastCheckpoint: string | undefined;
  readonly final: string | undefined;
}

/** Options of {@link parseMetrics} and {@link readRunMetrics}. */
export interface ReadMetricsOptions extends BadLineOptions {
  /** The file as the problems name it. @default "metrics.jsonl" (readRunMetrics: its path) */
  readonly file?: string;
}

// Parse metrics.jsonl text into train.py's events; a line that is not one goes to `onBadLine`.
export function parseMetrics(text: string, options: ReadMetricsOptions = {}): MetricsEvent[] {
  const file = options.file ?? "metrics.jsonl";
  const report = badLineReporter(options);
  const log = parseMetricsLog(text, file);
  const problems = [...log.problems];
  const events = log.records.flatMap((record) => {
    const parsed = MetricsEventSchema.safeParse(record.values);
    if (parsed.success) return [parsed.data];
    problems.push(schemaLineProblem(file, record.line, "a train.py event", parsed.error, record.values));
    return [];
  });
  for (const problem of problems.sort((a, b) => a.line - b.line)) report(problem);
  return events;
}

// The events of a run directory (none when it has not started).
export function readRunMetrics(runDir: string, options: ReadMetricsOptions = {}): MetricsEvent[] {
  const file = path.join(runDir, "metrics.jsonl");
  return existsSync(file) ? parseMetrics(readFileSync(file, "utf8"), { file, ...options }) : [];
}

// Summarise events into the run's progress.
export function summarizeProgress(events: readonly MetricsEvent[]): TrainingStatus {
  const lastStart = events.findLastIndex((e) => e.event === "train_begin");
  const since = lastStart >= 0 ? events.slice(lastStart) : [];
  const logs = events.filter((e) => e.event === "log");
  const last = <K extends "loss" | "learning_rate" | "reward">(key: K) =>
    logs.findLast((e) => e[key] !== undefined)?.[key];
  const stepped = since.filter((e) => e.event === "log" && e.step !== undefined);
  const begin = since[0];
  const latest = stepped.at(-1);
  const step = events.findLast((e) => e.step !== undefined)?.step ?? 0;
  const totalSteps = events.findLast((e) => e.max_steps !== undefined)?.max_steps;
  let etaS: number | undefined;
  if (
    begin &&
    latest &&
    totalSteps &&
    latest.step !== undefined &&
    begin.step !== undefined &&
    latest.step > begin.step
  ) {
    const pace = (latest.time - begin.time) / (latest.step - begin.step);
    etaS = Math.max(0, (totalSteps - latest.step) * pace);
  }
  const finished = events.some((e) => e.event === "saved");
  return {
    state: finished ? "finished" : events.length > 0 ? "running" : "planned",
    step,
    totalSteps,
    loss: last("loss"),
    learningRate: last("learning_rate"),
    reward: last("reward"),
    etaS: finished ? 0 : etaS,
    lastCheckpoint: events.findLast((e) => e.event === "checkpoint")?.["path"] as string | undefined,
    final: events.findLast((e) => e.event === "saved")?.["path"] as string | undefined,
  };
}

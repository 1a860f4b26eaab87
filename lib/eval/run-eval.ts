// An eval run: tasks × trials spread over workers, each finished task appended to tasks.jsonl, resumable.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { runEpisode, type AgentKind } from "../agent/index.js";
import type { AppWorldPoolOptions, EnvironmentClient } from "../env/index.js";
import { createLimiter, mapBounded } from "../concurrency.js";
import { configErrorFromZod } from "../errors.js";
import { ModelCallError, createModelClient, type ModelClient } from "../model/index.js";
import { evalConfigSchema, type EvalConfig, type EvalConfigInput } from "./eval-config.js";
import { computeRunMetrics, toTaskResult, type RunMetrics } from "./metrics.js";
import { openResultStore, type ResultStore } from "./result-store.js";
import { getGoldSteps, resolveRunTaskIds } from "./task-source.js";
import { recordKey, scenarioOf, type TaskRecord } from "./task-record.js";
import { writeRunConfig } from "./run-config-file.js";
import { openRunEnvironment } from "./run-environment.js";
import { writeRunOutputs, type RunOutputPaths } from "./write-results.js";

/** Progress after each finished task: counts of this run folder (earlier invocations included), TGC so far, ETA. */
export interface EvalProgress {
  readonly done: number;
  readonly total: number;
  /** Records found in tasks.jsonl at start (skipped this time). */
  readonly resumed: number;
  readonly failed: number;
  /** TGC over the records done so far. */
  readonly tgcSoFar: number;
  readonly elapsedMs: number;
  /** Estimated time left, from this invocation's pace; null before the first task ends. */
  readonly etaMs: number | null;
  /** The record just written; undefined for the first (start) report. */
  readonly record?: TaskRecord;
}

/** Extra options that are not part of the serializable config. */
export interface RunEvalExtras {
  /** A ready model client (tests, notebooks); overrides `model`'s endpoint but `model` still names it in results. */
  readonly modelClient?: ModelClient;
  /** A ready environment client (used instead of `env`). */
  readonly envClient?: EnvironmentClient;
  /** Options of the AppWorld server pool (env `appworld`). */
  readonly appWorld?: AppWorldPoolOptions & { readonly root?: string };
  /** Run folder; overrides `resultsDir`/`run`. */
  readonly runDir?: string;
  readonly onProgress?: (progress: EvalProgress) => void;
  readonly signal?: AbortSignal;
}

/** A task whose run failed for a reason other than the model (environment down, a bug): not recorded, retried on rerun. */
export interface EvalFailure {
  readonly taskId: string;
  readonly trial: number;
  readonly error: string;
}

/** What a run produced. `records` holds every record of the run folder, in task order. */
export interface RunEvalResult {
  readonly run: string;
  readonly runDir: string;
  readonly label: string;
  readonly records: readonly TaskRecord[];
  readonly resumed: number;
  readonly failures: readonly EvalFailure[];
  readonly metrics: RunMetrics;
  readonly outputs: RunOutputPaths;
  readonly durationMs: number;
}

const FATAL_STATUSES = new Set([401, 403, 404]);

// Evaluate a model or a reference policy over a split; rerunning the same run resumes it.
export async function runEval(input: EvalConfigInput, extras: RunEvalExtras = {}): Promise<RunEvalResult> {
  const config = parseEvalConfig(input);
  const started = performance.now();
  const model = config.model ? (extras.modelClient ?? createModelClient(config.model)) : undefined;
  const label = model ? model.info.model : `reference:${config.policy}`;
  const splitName = config.split ?? "custom";
  const run = config.run ?? `${label.replace(/[^A-Za-z0-9._-]+/g, "-")}-${config.agent}-${splitName}`;
  const runDir = extras.runDir ?? path.join(config.resultsDir, run);
  const taskIds = await resolveRunTaskIds({
    split: config.split,
    taskIds: config.taskIds,
    env: config.env,
    envClient: extras.envClient,
    appWorldRoot: extras.appWorld?.root,
  });
  await mkdir(runDir, { recursive: true });
  await writeRunConfig(runDir, { run, label, config, model: model?.info, taskIds });

  const store = await openResultStore(path.join(runDir, "tasks.jsonl"));
  const jobs = taskIds.flatMap((taskId) => Array.from({ length: config.trials }, (_, i) => ({ taskId, trial: i + 1 })));
  const pending = jobs.filter((job) => !store.has(job.taskId, job.trial));
  const records = new Map(store.records.map((r) => [recordKey(r.taskId, r.trial), r]));
  const resumed = records.size;
  const failures: EvalFailure[] = [];
  const modelLimiter = createLimiter(config.modelConcurrency ?? config.workers);
  const runModelCall = <T>(call: () => Promise<T>): Promise<T> => modelLimiter.run(call);
  let environment: Awaited<ReturnType<typeof openRunEnvironment>> | undefined;
  const stopAll = new AbortController();
  const signal = extras.signal ? AbortSignal.any([extras.signal, stopAll.signal]) : stopAll.signal;
  let fatal: ModelCallError | undefined;
  const report = (record?: TaskRecord): void => {
    const done = records.size;
    const doneNow = done - resumed;
    const elapsedMs = performance.now() - started;
    const successes = [...records.values()].filter((r) => r.evaluation.success).length;
    extras.onProgress?.({
      done,
      total: jobs.length,
      resumed,
      failed: failures.length,
      tgcSoFar: done === 0 ? 0 : (successes / done) * 100,
      elapsedMs,
      etaMs: doneNow === 0 ? null : (elapsedMs / doneNow) * Math.max(0, jobs.length - done - failures.length),
      ...(record ? { record } : {}),
    });
  };
  report();
  try {
    const opened = await openRunEnvironment(config, extras);
    environment = opened;
    await mapBounded(pending, config.workers, async (job) => {
      // An aborted run lets the running tasks end and starts no other; what is done stays recorded.
      if (signal.aborted) return;
      const record = await opened
        .withClient((env) => runJob(env, job, { config, model, run, store, runModelCall, signal }))
        .catch((error: unknown) => {
          if (signal.aborted) return undefined;
          // A wrong key, URL or model name fails every task alike: stop the run and say so once.
          if (error instanceof ModelCallError && FATAL_STATUSES.has(error.status ?? 0)) {
            fatal ??= error;
            stopAll.abort(error);
            return undefined;
          }
          failures.push({ ...job, error: error instanceof Error ? error.message : String(error) });
          return undefined;
        });
      if (record) records.set(recordKey(record.taskId, record.trial), record);
      report(record);
    });
  } finally {
    await store.close();
    await environment?.dispose();
  }
  if (fatal) throw fatal;
  const order = new Map(jobs.map((job, i) => [recordKey(job.taskId, job.trial), i]));
  const ordered = [...records.values()].sort(
    (a, b) => (order.get(recordKey(a.taskId, a.trial)) ?? 0) - (order.get(recordKey(b.taskId, b.trial)) ?? 0),
  );
  const outputs = await writeRunOutputs(runDir, ordered, { run, label, agent: config.agent, split: splitName });
  return {
    run,
    runDir,
    label,
    records: ordered,
    resumed,
    failures,
    metrics: computeRunMetrics(ordered.map(toTaskResult)),
    outputs,
    durationMs: performance.now() - started,
  };
}

function parseEvalConfig(input: EvalConfigInput): EvalConfig {
  const parsed = evalConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw configErrorFromZod(parsed.error, { subject: "eval options", input });
}

interface JobContext {
  readonly config: EvalConfig;
  readonly model: ModelClient | undefined;
  readonly run: string;
  readonly store: ResultStore;
  readonly runModelCall: <T>(call: () => Promise<T>) => Promise<T>;
  readonly signal: AbortSignal;
}

async function runJob(
  env: EnvironmentClient,
  job: { taskId: string; trial: number },
  context: JobContext,
): Promise<TaskRecord> {
  const { config, model } = context;
  // Each trial has its own world key, so trials of one task never share a REPL.
  const experimentName = `${context.run}-trial${job.trial}`;
  const startedAt = new Date().toISOString();
  try {
    const episode = await runEpisode(env, job.taskId, {
      agent: config.agent as AgentKind,
      template: config.template,
      maxInteractions: config.maxInteractions,
      experimentName,
      ...(model ? { model } : { policy: config.policy as "gold" | "noop" }),
      ...(config.policy === "gold" ? { goldSteps: getGoldSteps(job.taskId) } : {}),
      ...(config.budget ? { budget: config.budget } : {}),
      runModelCall: context.runModelCall,
      signal: context.signal,
    });
    const evaluation = await env.evaluate(job.taskId, { experimentName });
    const record: TaskRecord = {
      taskId: job.taskId,
      trial: job.trial,
      scenarioId: scenarioOf(job.taskId),
      episode,
      evaluation,
      startedAt,
      finishedAt: new Date().toISOString(),
    };
    await context.store.append(record);
    return record;
  } finally {
    await env.close(job.taskId, { experimentName }).catch(() => undefined);
  }
}

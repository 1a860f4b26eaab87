// Executed trajectories: steps run one by one in a task's world through the environment protocol, every
// observation being the world's real output. A trajectory whose final evaluation fails is rejected.
import type { EnvironmentClient } from "../env/index.js";
import type { EvaluationTrackerWire } from "../env/index.js";
import { listTasks } from "../world/index.js";
import { inferIntent, scenarioKeyOf } from "./intent.js";
import { TrajectorySchema, type Trajectory, type TrajectorySource } from "./schema.js";
import { mapBounded } from "../concurrency.js";
import { readJsonLines, writeJsonLines } from "./io.js";

/** The part of `EnvironmentClient` execution needs (embedded world or a real AppWorld server). */
export type TaskEnvironment = Pick<EnvironmentClient, "initialize" | "execute" | "evaluate" | "close">;

/** Steps to run for a task. */
export interface StepsToRun {
  readonly taskId: string;
  /** The instruction to record; @default the task's own */
  readonly instruction?: string;
  readonly steps: readonly { readonly thought: string; readonly action: string }[];
  readonly intent?: string;
  readonly split?: string;
}

/** Options of `executeSteps`. */
export interface ExecuteStepsOptions {
  readonly source?: TrajectorySource;
  /** Opens the world under this experiment name, so several runs of one task can be open at once. */
  readonly experimentName?: string;
}

/** A run of steps: the trajectory with real observations, the evaluation and the steps whose code failed. */
export interface ExecutedSteps {
  readonly trajectory: Trajectory;
  readonly evaluation: EvaluationTrackerWire;
  /** Indexes of steps whose output is an execution failure (syntax error, exception, refused code). */
  readonly failedSteps: readonly number[];
}

// AppWorld prefixes every failed execution with this (reference/appworld-api-surface.md §7.2).
export function isFailedExecution(observation: string): boolean {
  return observation.startsWith("Execution failed.") || observation === "No code available to execute.";
}

// Open the task's world, run each action in order recording its output, evaluate and close the world.
export async function executeSteps(
  env: TaskEnvironment,
  run: StepsToRun,
  options: ExecuteStepsOptions = {},
): Promise<ExecutedSteps> {
  const selector = options.experimentName === undefined ? {} : { experimentName: options.experimentName };
  const info = await env.initialize(run.taskId, selector);
  try {
    const steps: Trajectory["steps"] = [];
    const failedSteps: number[] = [];
    for (const step of run.steps) {
      const observation = await env.execute(run.taskId, step.action, selector);
      if (isFailedExecution(observation)) failedSteps.push(steps.length);
      steps.push({ thought: step.thought, action: step.action, observation });
    }
    const evaluation = await env.evaluate(run.taskId, selector);
    const instruction = run.instruction ?? info.instruction;
    const trajectory: Trajectory = {
      task_id: run.taskId,
      instruction,
      supervisor: {
        first_name: info.supervisor.firstName,
        last_name: info.supervisor.lastName,
        email: info.supervisor.email,
        phone_number: info.supervisor.phoneNumber,
      },
      steps,
      source: options.source ?? "executed",
      intent: run.intent ?? inferIntent(instruction),
      scenario_id: scenarioKeyOf(run.taskId, instruction),
      ...(run.split !== undefined ? { split: run.split } : {}),
      evaluation: { success: evaluation.success, num_tests: evaluation.num_tests, passed: evaluation.passes.length },
    };
    return { trajectory, evaluation, failedSteps };
  } finally {
    await env.close(run.taskId, selector);
  }
}

/** Options of `recordTrajectories`. */
export interface RecordOptions {
  /** Worlds open at once. @default 2 */
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** Kept trajectories and the runs rejected by their evaluation. */
export interface RecordedTrajectories {
  readonly trajectories: Trajectory[];
  readonly rejected: { readonly taskId: string; readonly reason: string }[];
}

// Run each task's gold steps and keep the trajectories whose evaluation passes.
export async function recordTrajectories(
  env: TaskEnvironment,
  runs: readonly StepsToRun[],
  options: RecordOptions = {},
): Promise<RecordedTrajectories> {
  let done = 0;
  const results = await mapBounded(
    runs,
    options.concurrency ?? 2,
    async (run) => {
      const result = await executeSteps(env, run, { source: "executed" });
      done += 1;
      options.onProgress?.(done, runs.length);
      return result;
    },
    options.signal === undefined ? {} : { signal: options.signal },
  );
  const recorded: RecordedTrajectories = { trajectories: [], rejected: [] };
  for (const { trajectory, evaluation } of results) {
    if (evaluation.success) recorded.trajectories.push(trajectory);
    else {
      const failed = evaluation.failures.map((f) => f.requirement).join("; ");
      recorded.rejected.push({
        taskId: trajectory.task_id,
        reason: `${evaluation.failures.length} of ${evaluation.num_tests} tests failed: ${failed}`,
      });
    }
  }
  return recorded;
}

export function writeTrajectories(file: string, trajectories: readonly Trajectory[]): void {
  writeJsonLines(file, trajectories);
}

export function readTrajectories(file: string): Trajectory[] {
  return readJsonLines(file, TrajectorySchema);
}

// The gold solutions of a split of the embedded world's catalog, ready for `recordTrajectories`.
export function goldRunsOf(split: string, options: { readonly limit?: number } = {}): StepsToRun[] {
  const tasks = listTasks(split).slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  return tasks.map((task) => ({ taskId: task.id, steps: task.goldSteps, intent: task.intent, split: task.split }));
}

// Builds task records by hand for metric and store tests: tests given as [label, passed] pairs.
import type { TaskRecord } from "../../lib/eval/task-record.js";

type Label = "no_op_pass" | "no_op_fail";

export function makeRecord(
  taskId: string,
  tests: readonly (readonly [Label, boolean])[],
  options: {
    trial?: number;
    difficulty?: number;
    steps?: number;
    formatErrors?: number;
    tokens?: number;
    durationMs?: number;
  } = {},
): TaskRecord {
  const passes = tests.filter(([, ok]) => ok).map(([label], i) => ({ requirement: `requirement ${i}`, label }));
  const failures = tests
    .filter(([, ok]) => !ok)
    .map(([label], i) => ({ requirement: `failed ${i}`, trace: "expected x, found y", label }));
  const steps = Array.from({ length: options.steps ?? 1 }, (_, index) => ({
    index,
    promptMessages: [],
    reply: "r",
    thought: null,
    action: index < (options.formatErrors ?? 0) ? null : "x = 1",
    observation: "Execution successful.",
    formatError: index < (options.formatErrors ?? 0) ? "no `{...}` object in the reply" : null,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    modelMs: 0,
    envMs: 0,
    ms: 0,
  }));
  return {
    taskId,
    trial: options.trial ?? 1,
    scenarioId: taskId.split("_")[0] as string,
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:01.000Z",
    evaluation: {
      success: failures.length === 0,
      difficulty: options.difficulty ?? 1,
      num_tests: tests.length,
      passes,
      failures,
    },
    episode: {
      taskId,
      instruction: "do it",
      agent: "json-react",
      policy: "m",
      steps,
      completed: true,
      stopReason: "completed",
      error: null,
      formatErrors: options.formatErrors ?? 0,
      usage: { promptTokens: 0, completionTokens: options.tokens ?? 0, totalTokens: options.tokens ?? 0 },
      costUsd: null,
      modelMs: 0,
      envMs: 0,
      durationMs: options.durationMs ?? 1000,
    },
  };
}

// AppWorld-style evaluation of a task: run its state tests on the start and end state and report
// passes and failures with their no-op labels.
import type { WorldState } from "./state.js";
import type { EvaluationReport, Task } from "./tasks/types.js";

// Runs every test of the task; success means all passed. A test that throws counts as failed with the error as trace.
export function evaluateTask(task: Task, start: WorldState, end: WorldState): EvaluationReport {
  const passes: { requirement: string; label: "no_op_pass" | "no_op_fail" }[] = [];
  const failures: { requirement: string; trace: string; label: "no_op_pass" | "no_op_fail" }[] = [];
  for (const test of task.tests) {
    let trace: string | null;
    try {
      trace = test.check({ start, end });
    } catch (error) {
      trace = `the test raised ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
    }
    if (trace === null) passes.push({ requirement: test.requirement, label: test.label });
    else failures.push({ requirement: test.requirement, trace, label: test.label });
  }
  return {
    success: failures.length === 0,
    difficulty: task.difficulty,
    num_tests: task.tests.length,
    passes,
    failures,
  };
}

// The share of a report's tests that passed, in percent (the seed's per-task "pass percentage").
export function passPercentage(report: EvaluationReport): number {
  return report.num_tests === 0 ? 0 : (100 * report.passes.length) / report.num_tests;
}

const RULE = "─".repeat(24);

// The text report AppWorld prints for `evaluate(report=True)`: counts, then passed and failed requirements.
export function renderEvaluationReport(report: EvaluationReport, options: { taskId?: string } = {}): string {
  const lines: string[] = [];
  if (options.taskId) lines.push(`Task: ${options.taskId}`);
  lines.push(`${RULE} Overall Stats ${RULE}`);
  lines.push(`Success          : ${report.success ? "True" : "False"}`);
  lines.push(`Difficulty       : ${report.difficulty}`);
  lines.push(`Num Passed Tests : ${report.passes.length}`);
  lines.push(`Num Failed Tests : ${report.failures.length}`);
  lines.push(`Num Total Tests : ${report.num_tests}`);
  lines.push(`${RULE} Passed Tests ${RULE}`);
  if (report.passes.length === 0) lines.push("(none)");
  report.passes.forEach((pass, i) => {
    lines.push(`>> Passed Requirement ${i + 1} [${pass.label}]`, pass.requirement);
  });
  lines.push(`${RULE} Failed Tests ${RULE}`);
  if (report.failures.length === 0) lines.push("(none)");
  report.failures.forEach((failure, i) => {
    lines.push(
      `>> Failed Requirement ${i + 1} [${failure.label}]`,
      failure.requirement,
      ">> Failure Trace",
      failure.trace,
    );
  });
  return lines.join("\n");
}

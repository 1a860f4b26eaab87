import { describe, expect, it } from "vitest";
import { cloneState, evaluateTask, getTask, renderEvaluationReport, type Task } from "../../lib/world/index.js";

describe("evaluateTask", () => {
  it("fails exactly the no_op_fail tests when nothing changed", () => {
    const task = getTask("e120e44_1");
    const start = task.buildState();
    const report = evaluateTask(task, start, cloneState(start));
    expect(report.success).toBe(false);
    expect(report.num_tests).toBe(task.tests.length);
    expect(report.difficulty).toBe(task.difficulty);
    expect(report.failures.map((f) => f.requirement)).toEqual(
      task.tests.filter((t) => t.label === "no_op_fail").map((t) => t.requirement),
    );
    expect(report.passes.map((p) => p.requirement)).toEqual(
      task.tests.filter((t) => t.label === "no_op_pass").map((t) => t.requirement),
    );
    expect(report.failures.at(-1)).toEqual({
      requirement: 'assert the task was marked complete with status "success" (apis.supervisor.complete_task)',
      trace: 'expected task status "success"; found not completed',
      label: "no_op_fail",
    });
  });

  it("counts a test that throws as failed, with the error as its trace", () => {
    const base = getTask("e120e44_1");
    const task: Task = {
      ...base,
      tests: [
        { requirement: "assert something", label: "no_op_pass", check: () => null },
        {
          requirement: "assert a broken check",
          label: "no_op_fail",
          check: () => {
            throw new RangeError("no such record");
          },
        },
      ],
    };
    const start = task.buildState();
    const report = evaluateTask(task, start, start);
    expect(report).toEqual({
      success: false,
      difficulty: base.difficulty,
      num_tests: 2,
      passes: [{ requirement: "assert something", label: "no_op_pass" }],
      failures: [
        {
          requirement: "assert a broken check",
          trace: "the test raised RangeError: no such record",
          label: "no_op_fail",
        },
      ],
    });
  });

  it("renders AppWorld's counts and the passed and failed requirements", () => {
    const task = getTask("e120e44_1");
    const start = task.buildState();
    const report = evaluateTask(task, start, start);
    const text = renderEvaluationReport(report, { taskId: task.id });
    const passed = report.passes.length;
    const failedCount = report.failures.length;
    expect(text).toContain(
      `Num Passed Tests : ${passed}\nNum Failed Tests : ${failedCount}\nNum Total Tests : ${passed + failedCount}`,
    );
    expect(text.startsWith("Task: e120e44_1\n")).toBe(true);
    expect(text).toContain(
      `>> Failed Requirement 1 [no_op_fail]\n${report.failures[0]?.requirement}\n>> Failure Trace\n${report.failures[0]?.trace}`,
    );
    expect(text).toContain(`>> Passed Requirement 1 [no_op_pass]\n${report.passes[0]?.requirement}`);
  });
});

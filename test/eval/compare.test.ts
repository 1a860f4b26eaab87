import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareResults, formatComparisonTable } from "../../lib/eval/compare.js";
import { loadKeyValueCsv, type EvalResults } from "../../lib/eval/load-results.js";
import { computeRunMetrics, toTaskResult } from "../../lib/eval/metrics.js";
import { makeRecord } from "./make-record.js";

const seed = (name: string) => path.resolve(import.meta.dirname, "../..", "data/seed", name);

function runResults(name: string, label: string, passed: boolean): EvalResults {
  const tasks = [
    makeRecord("3d9a636_1", [
      ["no_op_pass", true],
      ["no_op_fail", passed],
    ]),
    makeRecord("3d9a636_2", [["no_op_fail", true]]),
  ].map(toTaskResult);
  return { name, source: "agentft", label, tasks, metrics: computeRunMetrics(tasks) };
}

describe("compareResults", () => {
  it("lines up runs and seed files, marks reference policies and keys the task table by name", async () => {
    const comparison = compareResults([
      runResults("gold", "reference:gold", true),
      runResults("noop", "reference:noop", false),
      await loadKeyValueCsv(seed("base_gpt4o_test_normal_25Jun.csv")),
    ]);
    expect(
      comparison.rows.map((r) => [r.name, r.reference, r.tgc, r.sgc, r.meanPassPercent, r.meanPassPercentNoOpFail]),
    ).toEqual([
      ["gold", true, 100, 100, 100, 100],
      ["noop", true, 50, 0, 75, 50],
      ["base_gpt4o_test_normal_25Jun", false, 0, 0, 32, null],
    ]);
    expect(comparison.tasks).toHaveLength(168);
    expect(comparison.tasks[0]).toEqual({
      taskId: "3d9a636_1",
      passPercent: { gold: 100, noop: 50, base_gpt4o_test_normal_25Jun: 20 },
    });
    expect(comparison.tasks[3]?.passPercent["gold"]).toBeNull();
  });

  it("renders a text table that says which rows are reference policies", () => {
    const table = formatComparisonTable(
      compareResults([runResults("gold", "reference:gold", true), runResults("gold", "qwen-14b", false)]),
    );
    const lines = table.split("\n");
    expect(lines[0]).toMatch(/^results\s+what\s+tasks\s+TGC\s+SGC\s+pass %\s+pass % \(no_op_fail tests\)$/);
    expect(lines[2]).toMatch(/^gold\s+reference:gold \(reference policy\)\s+2\s+100\.0\s+100\.0\s+100\.0\s+100\.0$/);
    expect(lines[3]).toMatch(/^gold \(2\)\s+qwen-14b\s+2\s+50\.0\s+0\.0\s+75\.0\s+50\.0$/);
  });
});

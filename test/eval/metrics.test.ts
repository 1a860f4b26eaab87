import { describe, expect, it } from "vitest";
import { computeRunMetrics, toTaskResult } from "../../lib/eval/metrics.js";
import { makeRecord } from "./make-record.js";

const P = "no_op_pass" as const;
const F = "no_op_fail" as const;

// Two scenarios: aaa has one failing task (1 of 4 tests), bbb passes fully. Difficulty 1 for aaa, 2 for bbb.
const records = [
  makeRecord(
    "aaa_1",
    [
      [P, true],
      [F, true],
      [F, true],
    ],
    { steps: 4, tokens: 100, durationMs: 2000 },
  ),
  makeRecord(
    "aaa_2",
    [
      [F, true],
      [F, true],
    ],
    { steps: 2, tokens: 50, durationMs: 1000 },
  ),
  makeRecord(
    "aaa_3",
    [
      [P, true],
      [F, false],
      [F, false],
      [F, false],
    ],
    { steps: 6, formatErrors: 2, tokens: 300, durationMs: 3000 },
  ),
  makeRecord("bbb_1", [[F, true]], { difficulty: 2, steps: 3, tokens: 10, durationMs: 500 }),
  makeRecord(
    "bbb_2",
    [
      [P, true],
      [F, true],
    ],
    { difficulty: 2, steps: 3, tokens: 20, durationMs: 500 },
  ),
  makeRecord("bbb_3", [[P, true]], { difficulty: 2, steps: 2, tokens: 20, durationMs: 1000 }),
];

describe("metrics", () => {
  it("computes each task's pass % as passed / total × 100 and the no_op_fail-only pass %", () => {
    const results = records.map(toTaskResult);
    expect(results.map((r) => r.passPercent)).toEqual([100, 100, 25, 100, 100, 100]);
    expect(results.map((r) => r.passPercentNoOpFail)).toEqual([100, 100, 0, 100, 100, null]);
    expect(results[2]).toMatchObject({
      success: false,
      numTests: 4,
      passedTests: 1,
      steps: 6,
      formatErrors: 2,
      totalTokens: 300,
      difficulty: 1,
    });
  });

  it("computes TGC, SGC, mean pass % and totals by hand-checked numbers", () => {
    const metrics = computeRunMetrics(records.map(toTaskResult));
    expect(metrics.tasks).toBe(6);
    expect(metrics.scenarios).toBe(2);
    expect(metrics.tgc).toBeCloseTo((5 / 6) * 100, 10);
    expect(metrics.sgc).toBe(50);
    expect(metrics.meanPassPercent).toBeCloseTo(525 / 6, 10);
    // no_op_fail-only: 100, 100, 0, 100, 100 (bbb_3 has none) → 400 / 5
    expect(metrics.meanPassPercentNoOpFail).toBe(80);
    expect(metrics.meanSteps).toBe(20 / 6);
    expect(metrics.formatErrors).toBe(2);
    expect(metrics.totalTokens).toBe(500);
    expect(metrics.meanDurationMs).toBe(8000 / 6);
    expect(metrics.trials).toBe(1);
  });

  it("splits the metrics by difficulty", () => {
    const { byDifficulty } = computeRunMetrics(records.map(toTaskResult));
    expect(byDifficulty).toHaveLength(2);
    expect(byDifficulty[0]).toMatchObject({ difficulty: 1, tasks: 3, scenarios: 1, sgc: 0, meanPassPercent: 75 });
    expect(byDifficulty[0]?.tgc).toBeCloseTo(200 / 3, 10);
    expect(byDifficulty[1]).toMatchObject({
      difficulty: 2,
      tasks: 3,
      scenarios: 1,
      tgc: 100,
      sgc: 100,
      meanPassPercent: 100,
    });
  });

  it("counts a scenario once per trial for SGC", () => {
    const trial2 = [
      makeRecord("aaa_1", [[F, true]], { trial: 2 }),
      makeRecord("aaa_2", [[F, true]], { trial: 2 }),
      makeRecord("aaa_3", [[F, true]], { trial: 2 }),
    ];
    const metrics = computeRunMetrics([...records.slice(0, 3), ...trial2].map(toTaskResult));
    expect(metrics.trials).toBe(2);
    expect(metrics.sgc).toBe(50);
    expect(metrics.tgc).toBeCloseTo((5 / 6) * 100, 10);
  });

  it("gives zeros, not NaN, for an empty run", () => {
    expect(computeRunMetrics([])).toMatchObject({
      tasks: 0,
      tgc: 0,
      sgc: 0,
      meanPassPercent: 0,
      meanPassPercentNoOpFail: null,
      meanSteps: null,
    });
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadKeyValueCsv } from "../../lib/eval/load-results.js";
import { computeRunMetrics, taskResultFromPassPercent } from "../../lib/eval/metrics.js";
import type { EvalResults } from "../../lib/eval/load-results.js";
import { bootstrapMean } from "../../lib/report/bootstrap.js";
import { comparePaired } from "../../lib/report/paired-comparison.js";
import { summarizeTrials } from "../../lib/report/pass-at-k.js";
import { signTest } from "../../lib/report/sign-test.js";
import { repoRoot } from "../helpers/prerequisites.js";

const shipped = (name: string) => path.join(repoRoot, "data", "seed", name);

function run(name: string, rows: readonly [string, number][]): EvalResults {
  const tasks = rows.map(([id, pass]) => taskResultFromPassPercent(id, pass));
  return { name, source: "seed-csv", label: null, tasks, metrics: computeRunMetrics(tasks) };
}

describe("scenario bootstrap", () => {
  it("gives the two scenario means as the bounds when there are two scenarios (computable by hand)", () => {
    // Scenario A: 2 tasks with differences 0 and 10 (mean 5); B: 2 tasks with 20 and 20 (mean 20).
    // A resample holds AA (mean 5, p = 1/4), AB (12.5, p = 1/2) or BB (20, p = 1/4): the 2.5th and
    // 97.5th percentiles are 5 and 20, and the estimate is (0 + 10 + 20 + 20) / 4 = 12.5.
    const interval = bootstrapMean(
      [
        { sum: 10, tasks: 2 },
        { sum: 40, tasks: 2 },
      ],
      { resamples: 10_000, seed: 7 },
    );
    expect(interval).toMatchObject({ estimate: 12.5, low: 5, high: 20, confidence: 0.95 });
    expect(bootstrapMean([{ sum: 6, tasks: 3 }])).toMatchObject({ estimate: 2, low: 2, high: 2 });
  });

  it("prints the same interval for the same seed and another for another seed", () => {
    const scenarios = Array.from({ length: 20 }, (_, i) => ({ sum: (i * 37) % 11, tasks: 3 }));
    expect(bootstrapMean(scenarios, { seed: 1 })).toEqual(bootstrapMean(scenarios, { seed: 1 }));
    expect(bootstrapMean(scenarios, { seed: 1 }).low).not.toBe(bootstrapMean(scenarios, { seed: 2 }).low);
  });
});

describe("sign test", () => {
  it.each([
    [[1, 1, 1, 1, 1], 5, 0, 0.0625],
    [[1, -1, 0, 0], 1, 1, 1],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1, -1], 9, 1, 22 / 1024],
    [[0, 0], 0, 0, 1],
  ])("on %j: %i better, %i worse, p = %f", (diffs, better, worse, p) => {
    const test = signTest(diffs);
    expect([test.better, test.worse]).toEqual([better, worse]);
    expect(test.pValue).toBeCloseTo(p, 12);
  });
});

describe("comparePaired on the seed's files", () => {
  it("says the +1.88 points of the fine-tuned model are not distinguishable from no change", async () => {
    const base = await loadKeyValueCsv(shipped("base_inferencing_14b_test_normal_23rdJun.csv"), { name: "base" });
    const ft = await loadKeyValueCsv(shipped("inferencing_14b_test_normal_updated_23rdJun.csv"), { name: "ft" });
    const paired = comparePaired([base, ft]);
    expect(paired.meanPassPercent.difference.estimate).toBeCloseTo(1.875, 9);
    expect(paired.meanPassPercent.difference.low).toBeLessThan(0);
    expect(paired.meanPassPercent.difference.high).toBeGreaterThan(0);
    expect([paired.improved, paired.regressed, paired.unchanged, paired.scenarios]).toEqual([31, 11, 126, 56]);
    expect(paired.tgc).toMatchObject({ baseline: 0, candidate: 0 });
    expect(paired.sentence).toContain("+1.88 points");
    expect(paired.sentence).toContain("not distinguishable from no change at the scenario level");
    expect(comparePaired([base, ft]).meanPassPercent.difference).toEqual(paired.meanPassPercent.difference);
  });

  it("tests task success: five tasks won by the candidate give p = 0.0625", () => {
    const ids = ["a_1", "b_1", "c_1", "d_1", "e_1"];
    const paired = comparePaired([
      run(
        "before",
        ids.map((id) => [id, 50]),
      ),
      run(
        "after",
        ids.map((id) => [id, 100]),
      ),
    ]);
    expect(paired.success).toMatchObject({ better: 5, worse: 0, pValue: 0.0625 });
    expect(paired.tgc.difference.estimate).toBe(100);
  });
});

describe("pass@k and pass^k", () => {
  it("computes them from trials (n = 3, c = 1: pass@2 = 2/3, pass^2 = 0)", () => {
    const tasks = [
      { ...taskResultFromPassPercent("a_1", 100), trial: 1 },
      { ...taskResultFromPassPercent("a_1", 50), trial: 2 },
      { ...taskResultFromPassPercent("a_1", 0), trial: 3 },
      { ...taskResultFromPassPercent("b_1", 100), trial: 1 },
      { ...taskResultFromPassPercent("b_1", 100), trial: 2 },
      { ...taskResultFromPassPercent("b_1", 100), trial: 3 },
    ];
    const results: EvalResults = {
      name: "r",
      source: "agentft",
      label: null,
      tasks,
      metrics: computeRunMetrics(tasks),
    };
    const summary = summarizeTrials(results, 2);
    expect(summary.tasks[0]).toMatchObject({ taskId: "a_1", trials: 3, successes: 1, passHatK: 0 });
    expect(summary.tasks[0]?.passAtK).toBeCloseTo(2 / 3, 12);
    expect(summary.passAtK).toBeCloseTo(((2 / 3 + 1) / 2) * 100, 9);
    expect(summary.passHatK).toBeCloseTo(50, 9);
    expect(() => summarizeTrials(results, 4)).toThrow("`r` has fewer than k = 4 trials for 2 task(s)");
  });
});

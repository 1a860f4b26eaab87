// Is a run better than another on the same tasks? Differences in mean pass % and in TGC with a
// scenario bootstrap interval, the exact sign test on task success, counts of improved and regressed
// tasks, and one sentence that says what the numbers allow a reader to conclude.
import { ConfigError } from "../errors.js";
import { computeRunMetrics, type EvalResults } from "../eval/index.js";
import { alignRuns } from "./align-runs.js";
import { bootstrapMean, type BootstrapInterval, type BootstrapOptions } from "./bootstrap.js";
import { defaultRun } from "./compare-runs.js";
import { signTest, type SignTest } from "./sign-test.js";

/** Options of {@link comparePaired}. */
export interface PairedComparisonOptions extends BootstrapOptions {
  /** The run compared against. @default the first */
  readonly baseline?: string;
  /** The run judged. @default the last run that is not the baseline */
  readonly candidate?: string;
}

/** One metric of both runs on the common tasks, and the difference with its interval. */
export interface PairedMetric {
  readonly baseline: number;
  readonly candidate: number;
  /** candidate − baseline, in points. */
  readonly difference: BootstrapInterval;
}

/** The answer to "is the candidate better than the baseline on these tasks?". */
export interface PairedComparison {
  readonly baseline: string;
  readonly candidate: string;
  readonly tasks: number;
  readonly scenarios: number;
  readonly meanPassPercent: PairedMetric;
  readonly tgc: PairedMetric;
  /** Tasks whose pass % rose / fell / stayed. */
  readonly improved: number;
  readonly regressed: number;
  readonly unchanged: number;
  /** Exact sign test on per-task success (McNemar's exact test with one trial; success rates with several). */
  readonly success: SignTest;
  readonly warnings: readonly string[];
  /** The conclusion in words. */
  readonly sentence: string;
}

// Compare two runs on their common tasks (more runs may be given: baseline and candidate pick two).
export function comparePaired(
  results: readonly EvalResults[],
  options: PairedComparisonOptions = {},
): PairedComparison {
  const aligned = alignRuns(results, options);
  const baseline = aligned.baseline;
  const candidate = options.candidate ?? defaultRun(aligned);
  const pick = (name: string) => results[aligned.runs.indexOf(name)] as EvalResults;
  if (!aligned.runs.includes(candidate)) {
    throw new ConfigError(
      `The candidate \`${candidate}\` is not one of the runs compared (${aligned.runs.map((r) => `\`${r}\``).join(", ")}); pass one of those names.`,
      [{ path: "candidate", message: `unknown run ${candidate}` }],
    );
  }
  const common = new Set(aligned.tasks.map((t) => t.taskId));
  const metricsOf = (name: string) => computeRunMetrics(pick(name).tasks.filter((t) => common.has(t.taskId)));
  const before = metricsOf(baseline);
  const after = metricsOf(candidate);
  const byScenario = new Map<string, { pass: number; success: number; tasks: number }>();
  for (const task of aligned.tasks) {
    const entry = byScenario.get(task.scenarioId) ?? { pass: 0, success: 0, tasks: 0 };
    entry.pass += (task.passPercent[candidate] as number) - (task.passPercent[baseline] as number);
    entry.success += 100 * ((task.successRate[candidate] as number) - (task.successRate[baseline] as number));
    entry.tasks += 1;
    byScenario.set(task.scenarioId, entry);
  }
  const scenarios = [...byScenario.values()];
  const passDiff = bootstrapMean(
    scenarios.map((s) => ({ sum: s.pass, tasks: s.tasks })),
    options,
  );
  const tgcDiff = bootstrapMean(
    scenarios.map((s) => ({ sum: s.success, tasks: s.tasks })),
    options,
  );
  const passDeltas = aligned.tasks.map(
    (t) => (t.passPercent[candidate] as number) - (t.passPercent[baseline] as number),
  );
  const passSigns = signTest(passDeltas);
  const success = signTest(
    aligned.tasks.map((t) => (t.successRate[candidate] as number) - (t.successRate[baseline] as number)),
  );
  const result = {
    baseline,
    candidate,
    tasks: aligned.tasks.length,
    scenarios: scenarios.length,
    meanPassPercent: { baseline: before.meanPassPercent, candidate: after.meanPassPercent, difference: passDiff },
    tgc: { baseline: before.tgc, candidate: after.tgc, difference: tgcDiff },
    improved: passSigns.better,
    regressed: passSigns.worse,
    unchanged: passSigns.ties,
    success,
    warnings: aligned.warnings,
  };
  return { ...result, sentence: describePairedComparison(result) };
}

// The conclusion in words a reader understands, with the numbers behind it.
export function describePairedComparison(c: Omit<PairedComparison, "sentence">): string {
  const d = c.meanPassPercent.difference;
  const pct = Math.round(d.confidence * 100);
  const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;
  const verdict =
    d.low <= 0 && d.high >= 0
      ? "not distinguishable from no change at the scenario level"
      : `a ${d.estimate > 0 ? "gain" : "loss"} that holds at the scenario level (the interval excludes 0)`;
  const tgc =
    c.tgc.baseline === 0 && c.tgc.candidate === 0
      ? "Neither run completes a task (TGC 0.0 for both)"
      : `TGC ${c.tgc.baseline.toFixed(1)} → ${c.tgc.candidate.toFixed(1)} (${points(c.tgc.difference.estimate)} points, ` +
        `${pct} % interval ${points(c.tgc.difference.low)} to ${points(c.tgc.difference.high)}; ` +
        `sign test on task success p = ${c.success.pValue.toPrecision(2)})`;
  return (
    `On ${c.tasks} common tasks (${c.scenarios} scenarios), ${c.candidate} vs ${c.baseline}: mean pass % ` +
    `${c.meanPassPercent.baseline.toFixed(2)} → ${c.meanPassPercent.candidate.toFixed(2)} (${points(d.estimate)} points; ` +
    `${pct} % interval ${points(d.low)} to ${points(d.high)} from ${d.resamples} scenario resamples): ${verdict}. ` +
    `${c.improved} tasks improved, ${c.regressed} regressed, ${c.unchanged} unchanged. ${tgc}.`
  );
}

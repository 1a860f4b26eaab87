// Plotly figures of results: per-task grouped bars, TGC/SGC bars with the reference bounds (and the
// published leaderboard only for real AppWorld splits), the per-task dumbbell, pass % distributions
// and per-difficulty bars. Figures are plain objects: show them, render them, or save them as JSON.
import type { EvalResults } from "../eval/index.js";
import type { PlotlyFigure } from "../html/index.js";
import { filterTasks, type RunComparison, type TaskFilter } from "./compare-runs.js";
import { summarizeRuns } from "./summary-table.js";

/** A published leaderboard row drawn as reference lines. */
export interface LeaderboardRow {
  readonly name: string;
  readonly tgc: number;
  readonly sgc: number;
}

/** AppWorld's published rows per split (the paper's leaderboard): GPT-4o with the ReAct agent. */
export const APPWORLD_LEADERBOARD: Readonly<Record<string, readonly LeaderboardRow[]>> = {
  test_normal: [{ name: "GPT-4o ReAct (AppWorld leaderboard)", tgc: 48.8, sgc: 32.1 }],
};

/** Options of {@link metricBarsChart}. */
export interface MetricBarsOptions {
  /**
   * The real AppWorld split the results come from (`test_normal`). Only then are the published
   * leaderboard rows drawn: the embedded world's tasks are not AppWorld's and are not comparable.
   */
  readonly appWorldSplit?: string;
  readonly title?: string;
}

const COLORS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#9d755d"];
const color = (i: number) => COLORS[i % COLORS.length] as string;

// Pass % per task, one bar per run (a view of the comparison: all, improved, regressed, ...).
export function taskBarsChart(
  comparison: RunComparison,
  options: { readonly filter?: TaskFilter; readonly run?: string; readonly title?: string } = {},
): PlotlyFigure {
  const tasks = filterTasks(comparison, options.filter ?? "all", options.run ? { run: options.run } : {});
  return {
    data: comparison.runs.map((run, i) => ({
      type: "bar",
      name: run,
      x: tasks.map((t) => t.taskId),
      y: tasks.map((t) => t.passPercent[run]),
      marker: { color: color(i) },
    })),
    layout: {
      title: { text: options.title ?? `Pass % per task (${tasks.length} tasks)` },
      barmode: "group",
      yaxis: { title: { text: "pass %" }, range: [0, 100] },
      xaxis: { type: "category", tickangle: -60 },
      legend: { orientation: "h" },
    },
  };
}

// TGC and SGC per run; reference policies as dashed bounds, leaderboard rows only for real AppWorld splits.
export function metricBarsChart(results: readonly EvalResults[], options: MetricBarsOptions = {}): PlotlyFigure {
  const rows = summarizeRuns(results);
  const contenders = rows.filter((r) => !r.reference);
  const lines: { name: string; tgc: number; sgc: number; dash: string; color: string }[] = [
    ...rows
      .filter((r) => r.reference)
      .map((r) => ({ name: r.what, tgc: r.tgc, sgc: r.sgc, dash: "dash", color: "#555" })),
    ...(options.appWorldSplit ? (APPWORLD_LEADERBOARD[options.appWorldSplit] ?? []) : []).map((r) => ({
      ...r,
      dash: "dot",
      color: "#d62728",
    })),
  ];
  const metrics = ["TGC", "SGC"];
  return {
    data: [
      ...contenders.map((r, i) => ({
        type: "bar",
        name: r.run,
        x: metrics,
        y: [r.tgc, r.sgc],
        marker: { color: color(i) },
      })),
      // Each bound is a line across both metric groups (a scatter, so it has a legend entry).
      ...lines.map((line) => ({
        type: "scatter",
        mode: "lines",
        name: line.name,
        x: [-0.45, 0.45, null, 0.55, 1.45],
        y: [line.tgc, line.tgc, null, line.sgc, line.sgc],
        xaxis: "x2",
        line: { dash: line.dash, color: line.color },
      })),
    ],
    layout: {
      title: { text: options.title ?? "Task and scenario goal completion" },
      barmode: "group",
      yaxis: { title: { text: "%" }, range: [0, 100] },
      xaxis: { type: "category" },
      xaxis2: { overlaying: "x", range: [-0.5, 1.5], visible: false },
      legend: { orientation: "h" },
    },
  };
}

// Per task that changed, a segment from the baseline's pass % to the run's: green up, red down.
export function dumbbellChart(comparison: RunComparison, options: { readonly run?: string } = {}): PlotlyFigure {
  const run = options.run;
  const pick = run ? { run } : {};
  const up = filterTasks(comparison, "improved", pick);
  const down = filterTasks(comparison, "regressed", pick);
  const judged = run ?? [...comparison.runs].reverse().find((r) => r !== comparison.baseline) ?? comparison.baseline;
  const segment = (tasks: typeof up, name: string, lineColor: string) => ({
    type: "scatter",
    mode: "lines+markers",
    name: `${name} (${tasks.length})`,
    x: tasks.flatMap((t) => [t.passPercent[comparison.baseline], t.passPercent[judged], null]),
    y: tasks.flatMap((t) => [t.taskId, t.taskId, null]),
    line: { color: lineColor },
    marker: { size: 7 },
  });
  return {
    data: [segment(up, "improved", "#2ca02c"), segment(down, "regressed", "#d62728")],
    layout: {
      title: { text: `${comparison.baseline} → ${judged}: tasks whose pass % changed` },
      xaxis: { title: { text: "pass %" }, range: [0, 100] },
      yaxis: { type: "category", automargin: true },
      height: Math.max(300, 18 * (up.length + down.length) + 120),
    },
  };
}

// The distribution of per-task pass % of each run.
export function passDistributionChart(results: readonly EvalResults[]): PlotlyFigure {
  return {
    data: results.map((r, i) => ({
      type: "histogram",
      name: r.name,
      x: r.tasks.map((t) => t.passPercent),
      xbins: { start: 0, end: 100.01, size: 10 },
      opacity: 0.6,
      marker: { color: color(i) },
    })),
    layout: {
      title: { text: "Pass % per task" },
      barmode: "overlay",
      xaxis: { title: { text: "pass %" } },
      yaxis: { title: { text: "tasks" } },
    },
  };
}

// TGC per difficulty level for each run that knows difficulties.
export function difficultyChart(results: readonly EvalResults[]): PlotlyFigure {
  const known = results.filter((r) => r.metrics.byDifficulty.length > 0);
  return {
    data: known.map((r, i) => ({
      type: "bar",
      name: r.name,
      x: r.metrics.byDifficulty.map((level) => `difficulty ${level.difficulty}`),
      y: r.metrics.byDifficulty.map((level) => Math.round(level.tgc * 10) / 10),
      marker: { color: color(i) },
    })),
    layout: {
      title: { text: "TGC per difficulty" },
      barmode: "group",
      yaxis: { title: { text: "TGC %" }, range: [0, 100] },
    },
  };
}

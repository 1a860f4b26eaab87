// Report speed: compare 3 runs × 168 tasks with a 10,000-resample scenario bootstrap (each run against
// the baseline), and render the standalone HTML page. Baseline in the same run: the bare comparison
// (no bootstrap) and a page without charts, so the ratios show what the statistics and plotly.js cost.
import path from "node:path";
import { loadKeyValueCsv } from "../lib/eval/index.js";
import { buildComparisonReport, comparisonReportBlocks, compareRuns, renderReportPage } from "../lib/report/index.js";

const root = path.resolve(import.meta.dirname, "..");
const seed = (name: string) => path.join(root, "data", "seed", name);

function timeMs(fn: () => unknown, repeats: number): number {
  fn(); // warm up (danfo loads on first use)
  const start = performance.now();
  for (let i = 0; i < repeats; i++) fn();
  return (performance.now() - start) / repeats;
}

const runs = [
  await loadKeyValueCsv(seed("base_inferencing_14b_test_normal_23rdJun.csv"), { name: "base" }),
  await loadKeyValueCsv(seed("base_gpt4o_test_normal_25Jun.csv"), { name: "gpt4o" }),
  await loadKeyValueCsv(seed("inferencing_14b_test_normal_updated_23rdJun.csv"), { name: "fine-tuned" }),
];
const bare = timeMs(() => compareRuns(runs), 20);
const full = timeMs(() => buildComparisonReport(runs, { resamples: 10_000 }), 5);
const report = buildComparisonReport(runs, { resamples: 10_000 });
const blocks = comparisonReportBlocks(report);
const tablesOnly = timeMs(() => renderReportPage(blocks.filter((b) => !("chart" in b))), 5);
const page = timeMs(() => renderReportPage(blocks), 5);
const bytes = renderReportPage(blocks).length;
console.log("report bench: 3 runs × 168 tasks (the seed's files)");
console.log(`  compare, no bootstrap (baseline)          ${bare.toFixed(1)} ms`);
console.log(
  `  compare + 10,000-resample bootstraps      ${full.toFixed(1)} ms  (${(full / bare).toFixed(1)}× baseline; target < 1000 ms)`,
);
console.log(`  HTML page, tables only (baseline)         ${tablesOnly.toFixed(1)} ms`);
console.log(
  `  HTML page with ${report.charts.length} charts + plotly.js     ${page.toFixed(1)} ms  (${(page / tablesOnly).toFixed(1)}× baseline; ${(bytes / 1e6).toFixed(1)} MB; target < 1000 ms)`,
);

// Text summary of a split solved by reference policies: TGC, SGC, per difficulty, mean pass %.
import type { SolveSplitResult } from "./solve.js";

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

// Renders the gold run's figures and, when given, the no-op baseline beside them.
export function renderSolveSummary(gold: SolveSplitResult, noop?: SolveSplitResult): string {
  const g = gold.summary;
  const lines = [
    `Split ${gold.split}: ${g.tasks} tasks in ${g.tasks / 3} scenarios, policy ${gold.policy}, ${(gold.durationMs / 1000).toFixed(1)} s`,
    "",
    `${pad("", 22)}${pad(gold.policy, 12)}${noop ? "noop (baseline)" : ""}`,
    `${pad("tasks passed", 22)}${pad(`${g.passedTasks}/${g.tasks}`, 12)}${noop ? `${noop.summary.passedTasks}/${noop.summary.tasks}` : ""}`,
    `${pad("TGC %", 22)}${pad(g.tgc.toFixed(1), 12)}${noop ? noop.summary.tgc.toFixed(1) : ""}`,
    `${pad("SGC %", 22)}${pad(g.sgc.toFixed(1), 12)}${noop ? noop.summary.sgc.toFixed(1) : ""}`,
    `${pad("mean pass % per task", 22)}${pad(g.meanPassPercentage.toFixed(1), 12)}${noop ? noop.summary.meanPassPercentage.toFixed(1) : ""}`,
  ];
  for (const row of g.byDifficulty) {
    const base = noop?.summary.byDifficulty.find((r) => r.difficulty === row.difficulty);
    lines.push(
      `${pad(`difficulty ${row.difficulty} (${row.tasks})`, 22)}${pad(`TGC ${row.tgc.toFixed(1)}`, 12)}${base ? `TGC ${base.tgc.toFixed(1)}, pass ${base.meanPassPercentage.toFixed(1)} %` : ""}`,
    );
  }
  const failed = gold.results.filter((r) => !r.report.success);
  if (failed.length > 0) {
    lines.push("", `Failed tasks (${failed.length}):`);
    for (const r of failed.slice(0, 20))
      lines.push(`  ${r.taskId}: ${r.report.failures.map((f) => f.requirement).join("; ")}`);
    if (failed.length > 20) lines.push(`  ... and ${failed.length - 20} more`);
  }
  return lines.join("\n");
}

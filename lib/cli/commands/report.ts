// `agentft report summary|compare` (and `agentft compare`, the same comparison): results side by side
// with honest statistics, as a text table, Markdown, CSV, a standalone HTML page or JSON.
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { ConfigError } from "../../errors.js";

const FORMATS = ["table", "md", "csv", "html", "json"] as const;
const FILTERS = ["all", "improved", "regressed", "unchanged", "agree", "disagree"] as const;

interface CompareFlags {
  readonly baseline?: string;
  readonly filter: string;
  readonly run?: string;
  readonly other?: string;
  readonly format: string;
  readonly json?: boolean;
  readonly resamples: string;
  readonly seed: string;
  readonly appworldSplit?: string;
  readonly out?: string;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`\`--${flag}\` must be one of ${allowed.join(", ")}; got \`${value}\`.`, [
    { path: `--${flag}`, message: `unknown value ${value}` },
  ]);
}

function positiveInteger(flag: string, value: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new ConfigError(`\`--${flag}\` must be an integer ≥ ${min}; got \`${value}\`.`, [
      { path: `--${flag}`, message: "expected an integer" },
    ]);
  }
  return n;
}

// A RESULT is a path, or NAME=PATH to name its column.
async function loadTargets(targets: readonly string[]) {
  const { loadResults } = await import("../../eval/index.js");
  return Promise.all(
    targets.map((target) => {
      const cut = target.indexOf("=");
      return cut > 0 ? loadResults(target.slice(cut + 1), { name: target.slice(0, cut) }) : loadResults(target);
    }),
  );
}

async function emit(text: string, out: string | undefined): Promise<void> {
  if (out) {
    await writeFile(out, text);
    console.error(`Wrote ${out}`);
  } else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

async function runCompare(targets: readonly string[], flags: CompareFlags): Promise<void> {
  const format = flags.json ? "json" : oneOf("format", flags.format, FORMATS);
  const filter = oneOf("filter", flags.filter, FILTERS);
  const report = await import("../../report/index.js");
  const results = await loadTargets(targets);
  const built = report.buildComparisonReport(results, {
    filter,
    resamples: positiveInteger("resamples", flags.resamples, 1),
    seed: positiveInteger("seed", flags.seed),
    ...(flags.baseline ? { baseline: flags.baseline } : {}),
    ...(flags.run ? { run: flags.run } : {}),
    ...(flags.other ? { other: flags.other } : {}),
    ...(flags.appworldSplit ? { appWorldSplit: flags.appworldSplit } : {}),
  });
  for (const warning of built.warnings) console.error(`Warning: ${warning}`);
  if (format === "json") {
    const { comparison } = built;
    const json = {
      baseline: comparison.baseline,
      runs: comparison.runs,
      summary: report.toJsonRows(built.summary),
      agreement: comparison.agreement,
      paired: built.paired,
      filter,
      tasks: report.toJsonRows(built.view),
      leftOut: comparison.leftOut,
      warnings: built.warnings,
    };
    return emit(JSON.stringify(json, null, 2), flags.out);
  }
  if (format === "html") {
    const page = report.renderReportPage(report.comparisonReportBlocks(built), { title: "Comparison of runs" });
    return emit(page, flags.out);
  }
  if (format === "csv") return emit(report.toCsv(built.view), flags.out);
  const table = format === "md" ? report.toMarkdown : report.toText;
  const { comparison } = built;
  const text = [
    table(built.summary),
    "",
    ...built.paired.map((p) => p.sentence),
    "",
    ...comparison.agreement.map((p) => `${p.a} and ${p.b} give the same pass % on ${p.agree} of ${p.tasks} tasks.`),
    "",
    `Tasks: ${filter} (${built.view.shape[0]} of ${comparison.tasks.length})`,
    "",
    table(built.view),
  ].join("\n");
  return emit(text, flags.out);
}

async function runSummary(targets: readonly string[], flags: { json?: boolean; trials?: string }): Promise<void> {
  const report = await import("../../report/index.js");
  const results = await loadTargets(targets);
  const trials = flags.trials
    ? results.map((r) => report.summarizeTrials(r, positiveInteger("trials", flags.trials as string, 1)))
    : [];
  if (flags.json) {
    const rows = report.summarizeRuns(results);
    console.log(JSON.stringify({ runs: rows, trials: trials.map(({ tasks: _t, ...rest }) => rest) }, null, 2));
    return;
  }
  console.log(report.toText(report.summaryTable(results)));
  for (const t of trials) {
    console.log(
      `${t.run}: pass@${t.k} ${t.passAtK.toFixed(1)} %, pass^${t.k} ${t.passHatK.toFixed(1)} % over ${t.tasks.length} tasks`,
    );
  }
}

function addCompareOptions(command: Command): Command {
  return command
    .argument(
      "<results...>",
      "run folders (results/evals/<run>), seed .csv or AppWorld .json files; NAME=PATH names a column",
    )
    .option(
      "--baseline <name>",
      "the run the others are compared to (default: the first that is not a reference policy)",
    )
    .option("--filter <view>", `tasks to list: ${FILTERS.join(", ")}`, "all")
    .option("--run <name>", "the run the filter judges against the baseline (default: the last one)")
    .option("--other <name>", "the second run of --filter agree|disagree (default: the baseline)")
    .option("--format <format>", `output: ${FORMATS.join(", ")}`, "table")
    .option("--json", "the same as --format json")
    .option("--resamples <n>", "scenario bootstrap resamples per interval", "10000")
    .option("--seed <n>", "bootstrap seed (the same seed prints the same interval)", "0")
    .option(
      "--appworld-split <split>",
      "the results come from this real AppWorld split: draw its published leaderboard rows",
    )
    .option("--out <file>", "write to a file instead of stdout");
}

// Register `report summary`, `report compare` and the top-level `compare`.
export function registerReportCommands(program: Command): void {
  const report = program.command("report").description("Tables, statistics and charts of evaluation results.");
  report
    .command("summary")
    .description("One row per run: TGC, SGC, pass %, per difficulty, steps, format errors, tokens, cost.")
    .argument("<results...>", "run folders, seed .csv or AppWorld .json files; NAME=PATH names a row")
    .option("--trials <k>", "also pass@k and pass^k for runs made with --trials")
    .option("--json", "print JSON")
    .action((targets: string[], flags: { json?: boolean; trials?: string }) => runSummary(targets, flags));
  addCompareOptions(
    report.command("compare").description("Compare runs task by task on their common tasks, with intervals and tests."),
  ).action((targets: string[], flags: CompareFlags) => runCompare(targets, flags));
  addCompareOptions(program.command("compare").description("The same as `agentft report compare`.")).action(
    (targets: string[], flags: CompareFlags) => runCompare(targets, flags),
  );
}

// `agentft start` (what `npm start` runs): the gold policy over the test_normal split through the same
// evaluation path as `agentft eval --policy gold` (runEval, its metrics and its comparison table), beside the
// no-op baseline; exits non-zero unless every task passes. Its run folders are temporary.
import type { Command } from "commander";

interface StartFlags {
  readonly split: string;
  readonly concurrency: string;
  readonly json?: boolean;
}

function formatSeconds(seconds: number): string {
  return seconds >= 60
    ? `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, "0")}s`
    : `${seconds.toFixed(0)}s`;
}

async function start(flags: StartFlags): Promise<void> {
  const [{ SPLITS }, { runEval, loadEvalRun, compareResults, formatComparisonTable }, { ConfigError }] =
    await Promise.all([import("../../world/index.js"), import("../../eval/index.js"), import("../../errors.js")]);
  const { mkdtemp, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const path = await import("node:path");
  const split = SPLITS.find((s) => s === flags.split);
  if (!split) throw new ConfigError(`Expected \`--split\` to be one of ${SPLITS.join(", ")}, got \`${flags.split}\`.`);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigError(`Expected \`--concurrency\` to be a positive integer, got \`${flags.concurrency}\`.`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), "agentft-start-"));
  try {
    const began = Date.now();
    const interactive = process.stderr.isTTY === true;
    let lastLine = 0;
    const gold = await runEval(
      { policy: "gold", split, workers: concurrency },
      {
        runDir: path.join(dir, "gold"),
        onProgress: ({ done, total, record }) => {
          if (done === 0) return;
          const elapsed = (Date.now() - began) / 1000;
          const eta = (elapsed / done) * (total - done);
          const failed = record !== undefined && !record.evaluation.success;
          const line = `gold-solving ${split}: ${done}/${total} tasks${failed ? ` (${record.taskId} failed)` : ""}, ${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)}`;
          if (interactive) process.stderr.write(`\r${line}\u001b[K${done === total ? "\n" : ""}`);
          else if (done === total || Date.now() - lastLine > 2000 || failed) {
            lastLine = Date.now();
            console.error(line);
          }
        },
      },
    );
    const noop = await runEval({ policy: "noop", split, workers: concurrency }, { runDir: path.join(dir, "noop") });
    const comparison = compareResults(
      await Promise.all([
        loadEvalRun(gold.runDir, { name: `gold ${split}` }),
        loadEvalRun(noop.runDir, { name: `noop ${split} (baseline)` }),
      ]),
    );
    if (flags.json) console.log(JSON.stringify({ gold: gold.metrics, noop: noop.metrics }, null, 1));
    else {
      console.log(
        `Split ${split}: ${gold.metrics.tasks} tasks in ${gold.metrics.scenarios} scenarios, policy gold, ${(gold.durationMs / 1000).toFixed(1)} s`,
      );
      console.log("");
      console.log(formatComparisonTable(comparison));
      const failed = gold.records.filter((r) => !r.evaluation.success);
      if (failed.length > 0) {
        console.log("", `Failed tasks (${failed.length}):`);
        for (const r of failed.slice(0, 20))
          console.log(`  ${r.taskId}: ${r.evaluation.failures.map((f) => f.requirement).join("; ")}`);
      }
    }
    const allPassed = gold.failures.length === 0 && gold.records.every((r) => r.evaluation.success);
    process.exitCode = allPassed ? 0 : 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description(
      "Evaluate the gold policy on every test_normal task (as `agentft eval --policy gold` does) beside the no-op baseline (what `npm start` runs).",
    )
    .option("--split <split>", "split to solve", "test_normal")
    .option("--concurrency <n>", "task worlds run at once", "4")
    .option("--json", "print the metrics as JSON")
    .action((flags: StartFlags) => start(flags));
}

// `agentft start` (what `npm start` runs): gold-solves the test_normal split through the executor
// and prints the evaluation summary beside the no-op baseline; exits non-zero unless every task passes.
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
  const { SPLITS, solveSplit, renderSolveSummary } = await import("../../world/index.js");
  const { ConfigError } = await import("../../errors.js");
  const split = SPLITS.find((s) => s === flags.split);
  if (!split) throw new ConfigError(`Expected \`--split\` to be one of ${SPLITS.join(", ")}, got \`${flags.split}\`.`);
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new ConfigError(`Expected \`--concurrency\` to be a positive integer, got \`${flags.concurrency}\`.`);
  }
  const began = Date.now();
  const interactive = process.stderr.isTTY === true;
  let lastLine = 0;
  const gold = await solveSplit(split, {
    policy: "gold",
    concurrency,
    onWarning: (message) => console.error(`Warning: ${message}`),
    onProgress: ({ done, total, result }) => {
      const elapsed = (Date.now() - began) / 1000;
      const eta = (elapsed / done) * (total - done);
      const line = `gold-solving ${split}: ${done}/${total} tasks${result.report.success ? "" : ` (${result.taskId} failed)`}, ${formatSeconds(elapsed)} elapsed, ETA ${formatSeconds(eta)}`;
      if (interactive) process.stderr.write(`\r${line}\u001b[K${done === total ? "\n" : ""}`);
      else if (done === total || Date.now() - lastLine > 2000 || !result.report.success) {
        lastLine = Date.now();
        console.error(line);
      }
    },
  });
  // The no-op baseline executes nothing, so it costs one state build per task.
  const noop = await solveSplit(split, { policy: "noop", concurrency: 1 });
  if (flags.json)
    console.log(
      JSON.stringify({ gold: { ...gold, results: undefined }, noop: { ...noop, results: undefined } }, null, 1),
    );
  else console.log(renderSolveSummary(gold, noop));
  process.exitCode = gold.summary.passedTasks === gold.summary.tasks ? 0 : 1;
}

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description(
      "Gold-solve every test_normal task through the Python executor and print the evaluation summary (what `npm start` runs).",
    )
    .option("--split <split>", "split to solve", "test_normal")
    .option("--concurrency <n>", "task worlds run at once", "4")
    .option("--json", "print the summaries as JSON")
    .action((flags: StartFlags) => start(flags));
}

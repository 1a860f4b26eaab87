// `agentft data ...`: conversational send_money data, step-wise data sets, synthesis and statistics.
// Flags → the data area's functions; progress bars go to stderr, results to stdout.
import { Option, type Command } from "commander";
import { ConfigError } from "../../errors.js";
// The splits only (a constant module), so registering the command does not load the world.
import { SPLITS as WORLD_SPLITS } from "../../world/tasks/types.js";

interface ConversationalFlags {
  count: string;
  seed: string;
  worlds: string;
  confirmAbove: string;
  verify: string;
  out: string;
}
interface StepwiseFlags {
  split: string;
  template: "v1" | "v2";
  format: "prompt-completion" | "conversational" | "seed-csv";
  out: string;
  seedCsv?: string;
  trajectories?: string;
  env?: string;
  limit?: string;
  saveTrajectories?: string;
  testFraction: string;
}
interface SynthesizeFlags {
  split: (typeof WORLD_SPLITS)[number];
  limit?: string;
  paraphrases: string;
  model: string;
  baseUrl?: string;
  apiKey?: string;
  azureEndpoint?: string;
  apiVersion?: string;
  concurrency: string;
  cacheDir?: string;
  journal?: string;
  out: string;
  env?: string;
  queriesFromSeedCsv?: string;
}

function parseCount(value: string, flag: string, min = 1): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new ConfigError(`Expected \`${flag}\` to be an integer ≥ ${min}, got \`${value}\`.`);
  return n;
}

// A cli-progress bar on stderr, or nothing when stderr is not a terminal.
async function progressBar(
  label: string,
): Promise<{ update: (done: number, total: number) => void; stop: () => void }> {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const { SingleBar, Presets } = (await import("cli-progress")).default;
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} {percentage}% eta {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.setTotal(total);
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

async function runConversational(flags: ConversationalFlags): Promise<void> {
  const data = await import("../../data/index.js");
  const count = parseCount(flags.count, "--count");
  const options = {
    count,
    seed: parseCount(flags.seed, "--seed", 0),
    worldSeeds: flags.worlds.split(",").map((s) => parseCount(s.trim(), "--worlds", 0)),
    confirmAboveUsd: Number(flags.confirmAbove),
  };
  const bar = await progressBar("conversations");
  const started = performance.now();
  const written = await data.writeConversations(
    flags.out,
    data.iterateConversations({ ...options, onProgress: bar.update }),
  );
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Wrote ${written.records} records (${written.distinctUtterances} distinct utterances, ${(written.bytes / 1e6).toFixed(1)} MB) to ${flags.out} in ${seconds.toFixed(2)} s.`,
  );
  const sample = parseCount(flags.verify, "--verify", 0);
  if (sample > 0) {
    const records = data.generateConversations({ ...options, count: Math.min(sample, count) });
    const vbar = await progressBar("verify");
    const report = await data.verifyConversations(records, {
      confirmAboveUsd: options.confirmAboveUsd,
      onProgress: vbar.update,
    });
    vbar.stop();
    console.log(
      `Verified the first ${report.checked} records in the Python REPL: ${report.passed} passed, ${report.actionsRun} actions run.`,
    );
    for (const p of report.problems.slice(0, 20)) console.log(`  record ${p.index}: ${p.problem}`);
    if (report.problems.length > 0) process.exitCode = 1;
  }
}

async function runStepwise(flags: StepwiseFlags): Promise<void> {
  const data = await import("../../data/index.js");
  let trajectories: ReturnType<typeof data.readTrajectories>;
  if (flags.seedCsv !== undefined || flags.trajectories !== undefined) {
    const all =
      flags.seedCsv !== undefined
        ? data.importSeedTrajectories(data.readSeedCsv(flags.seedCsv), flags.seedCsv)
        : data.readTrajectories(flags.trajectories!);
    if (!["all", "train", "test"].includes(flags.split))
      throw new ConfigError(
        `With a file source, \`--split\` must be all, train or test (by scenario), got \`${flags.split}\`.`,
      );
    const split = data.splitByScenario(all, { testFraction: Number(flags.testFraction) });
    trajectories = flags.split === "all" ? all : flags.split === "train" ? split.train : split.test;
  } else {
    if (!(WORLD_SPLITS as readonly string[]).includes(flags.split))
      throw new ConfigError(
        `Expected \`--split\` to be one of ${WORLD_SPLITS.join(", ")}, got \`${flags.split}\`; to split a file by scenario instead, pass --seed-csv or --trajectories with --split all|train|test.`,
      );
    const { EnvironmentClient } = await import("../../env/index.js");
    const env = flags.env ? EnvironmentClient.http(flags.env) : EnvironmentClient.embedded();
    const bar = await progressBar(`recording ${flags.split}`);
    try {
      const runs = data.goldRunsOf(
        flags.split as (typeof WORLD_SPLITS)[number],
        flags.limit ? { limit: parseCount(flags.limit, "--limit") } : {},
      );
      const recorded = await data.recordTrajectories(env, runs, { onProgress: bar.update });
      bar.stop();
      trajectories = recorded.trajectories;
      for (const r of recorded.rejected) console.error(`Rejected ${r.taskId}: ${r.reason}`);
    } finally {
      bar.stop();
      await env.dispose();
    }
  }
  if (flags.saveTrajectories) data.writeTrajectories(flags.saveTrajectories, trajectories);
  const rows = data.buildStepwiseRows(trajectories, flags.format, { template: flags.template });
  data.writeStepwiseRows(flags.out, rows);
  console.log(
    `Wrote ${rows.rows.length} ${flags.format} rows (${flags.template}) from ${trajectories.length} trajectories to ${flags.out}.`,
  );
}

async function runSynthesize(flags: SynthesizeFlags): Promise<void> {
  const data = await import("../../data/index.js");
  const { createModelClient } = await import("../../model/index.js");
  const model = createModelClient(
    {
      model: flags.model,
      ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
      ...(flags.azureEndpoint
        ? {
            provider: "azure" as const,
            azure: { endpoint: flags.azureEndpoint, ...(flags.apiVersion ? { apiVersion: flags.apiVersion } : {}) },
          }
        : {}),
    },
    { apiKey: flags.apiKey },
  );
  const client = data.createSynthesisClient(model, {
    concurrency: parseCount(flags.concurrency, "--concurrency"),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
  });
  const countPerQuery = parseCount(flags.paraphrases, "--paraphrases");
  const bar = await progressBar("synthesis");
  if (flags.queriesFromSeedCsv) {
    const queries = [...new Set(data.readSeedCsv(flags.queriesFromSeedCsv).map((r) => r.user_query))];
    const result = await data.paraphraseQueries(client, queries, {
      countPerQuery,
      onProgress: bar.update,
      ...(flags.journal ? { journalFile: flags.journal } : {}),
    });
    bar.stop();
    data.writeJsonLines(flags.out, result.paraphrases);
    console.log(
      `Wrote ${result.paraphrases.length} paraphrases of ${queries.length} queries to ${flags.out}; ${result.dropped} dropped (lost a fact or repeated), ${result.failed.length} queries failed.`,
    );
    console.log(formatUsage(result.usage));
    return;
  }
  const { EnvironmentClient } = await import("../../env/index.js");
  const env = flags.env ? EnvironmentClient.http(flags.env) : EnvironmentClient.embedded();
  try {
    const runs = data.goldRunsOf(flags.split, flags.limit ? { limit: parseCount(flags.limit, "--limit") } : {});
    const examples = (await data.recordTrajectories(env, runs)).trajectories;
    const journal = flags.journal ? { journalFile: `${flags.journal}.paraphrases` } : {};
    const paraphrased = await data.paraphraseQueries(
      client,
      examples.map((t) => t.instruction),
      { countPerQuery, ...journal },
    );
    const byQuery = new Map(examples.map((t) => [t.instruction, t]));
    const requests = paraphrased.paraphrases.map((p) => ({
      taskId: byQuery.get(p.query)!.task_id,
      instruction: p.text,
      example: byQuery.get(p.query)!,
    }));
    const result = await data.synthesizeTrajectories(client, env, requests, {
      onProgress: bar.update,
      ...(flags.journal ? { journalFile: flags.journal } : {}),
    });
    bar.stop();
    data.writeTrajectories(flags.out, result.kept);
    console.log(
      `Kept ${result.kept.length} of ${requests.length} proposed trajectories (rejection rate ${(100 * result.rejectionRate).toFixed(1)} %) → ${flags.out}.`,
    );
    console.log(formatUsage(result.usage));
  } finally {
    bar.stop();
    await env.dispose();
  }
}

function formatUsage(u: {
  requests: number;
  cacheHits: number;
  retries: number;
  invalidAnswers: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}): string {
  return `Requests ${u.requests} (cache hits ${u.cacheHits}, retries ${u.retries}, invalid answers ${u.invalidAnswers}); tokens ${u.promptTokens} in / ${u.completionTokens} out; cost $${u.costUsd.toFixed(4)}.`;
}

async function runStats(file: string, flags: { json?: boolean }): Promise<void> {
  const data = await import("../../data/index.js");
  const records = data.readStatsRecords(file);
  if (flags.json) {
    console.log(JSON.stringify(data.computeDatasetStats(records), null, 1));
    return;
  }
  const frame = data.datasetStatsFrame(records);
  frame.print();
}

// Registers `agentft data` and its subcommands.
export function registerDataCommands(program: Command): void {
  const data = program
    .command("data")
    .description("Build training data: conversational send_money, step-wise prompt/completion, synthesis, statistics.");
  data
    .command("conversational")
    .description("Generate multi-turn send_money conversations whose actions and outputs come from the embedded world.")
    .option("--count <n>", "records to write", "5000")
    .option("--seed <s>", "seed of every draw", "0")
    .option("--worlds <seeds>", "comma-separated world seeds whose supervisors send money", "1,2,3,4,5,6")
    .option("--confirm-above <usd>", "amounts at or above this are confirmed first", "250")
    .option("--verify <n>", "replay the first n records in the Python REPL and check the task tests", "0")
    .requiredOption("--out <file>", "JSON lines file to write")
    .action((flags: ConversationalFlags) => runConversational(flags));
  data
    .command("stepwise")
    .description(
      "Build a step-wise prompt/completion data set from executed (default), seed CSV or saved trajectories.",
    )
    .requiredOption(
      "--split <split>",
      "world split to execute (train, dev, ...); with a file source: all, train or test (by scenario)",
    )
    .addOption(new Option("--template <t>", "seed prompt template").choices(["v1", "v2"]).default("v1"))
    .addOption(
      new Option("--format <f>", "output format")
        .choices(["prompt-completion", "conversational", "seed-csv"])
        .default("prompt-completion"),
    )
    .requiredOption("--out <file>", "file to write (.jsonl, or .csv for seed-csv)")
    .option("--seed-csv <file>", "import trajectories from a seed CSV (user_query,prompt,completion)")
    .option("--trajectories <file>", "read trajectories from a JSON lines file")
    .option("--env <url>", "environment server to execute in (default: the embedded world)")
    .option("--limit <n>", "only the first n tasks of the split")
    .option("--save-trajectories <file>", "also write the trajectories as JSON lines")
    .option("--test-fraction <f>", "share of scenarios in test, with a file source", "0.2")
    .action((flags: StepwiseFlags) => runStepwise(flags));
  data
    .command("synthesize")
    .description(
      "Paraphrase task requests with an OpenAI-compatible model and keep proposed trajectories that pass in the world.",
    )
    .addOption(
      new Option("--split <split>", "world split whose tasks are paraphrased").choices(WORLD_SPLITS).default("train"),
    )
    .option("--limit <n>", "only the first n tasks")
    .option("--paraphrases <n>", "paraphrases per request", "5")
    .option("--model <name>", "model or Azure deployment", "gpt-4o")
    .option(
      "--base-url <url>",
      "OpenAI-compatible base URL ending in /v1 (default: AGENTFT_BASE_URL, OPENAI_BASE_URL or OpenAI)",
    )
    .option("--api-key <key>", "API key (default: AGENTFT_API_KEY, then OPENAI_API_KEY / AZURE_OPENAI_API_KEY)")
    .option("--azure-endpoint <url>", "Azure OpenAI endpoint (then --model is the deployment)")
    .option("--api-version <v>", "Azure OpenAI API version")
    .option("--concurrency <n>", "requests in flight", "4")
    .option("--cache-dir <dir>", "response cache folder (a rerun costs nothing)")
    .option("--journal <file>", "append-only record of finished items, to resume an interrupted run")
    .option("--env <url>", "environment server to verify in (default: the embedded world)")
    .option("--queries-from-seed-csv <file>", "only paraphrase the user queries of a seed CSV (no execution)")
    .requiredOption("--out <file>", "JSON lines file to write")
    .action((flags: SynthesizeFlags) => runSynthesize(flags));
  data
    .command("stats")
    .description("Rows, rows per intent and prompt/completion length percentiles of a data set file.")
    .argument("<file>", "a .jsonl (prompt-completion, conversational or messages) or seed .csv file")
    .option("--json", "print JSON instead of a table")
    .action((file: string, flags: { json?: boolean }) => runStats(file, flags));
}

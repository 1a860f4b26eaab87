// `agentft eval`: run a model (or a reference policy) over a split.
import type { Command } from "commander";

interface EvalFlags {
  readonly split?: string;
  readonly taskIds?: string;
  readonly agent: string;
  readonly template: string;
  readonly model?: string;
  readonly baseUrl?: string;
  readonly provider?: string;
  readonly apiKeyEnv?: string;
  readonly temperature?: string;
  readonly maxTokens?: string;
  readonly policy?: string;
  readonly env: string;
  readonly appworldCommand?: string;
  readonly workers: string;
  readonly modelConcurrency?: string;
  readonly trials: string;
  readonly maxInteractions: string;
  readonly maxTokensPerTask?: string;
  readonly run?: string;
  readonly resultsDir: string;
  readonly json?: boolean;
  readonly progress: boolean;
}

const toNumber = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "--";
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
      : `${s}s`;
}

async function runEvalCommand(flags: EvalFlags): Promise<void> {
  const [{ runEval, compareResults, formatComparisonTable }, { SingleBar }] = await Promise.all([
    import("../../eval/index.js"),
    import("cli-progress"),
  ]);
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\nGot ${signal}: stopping; finished tasks are saved, rerun the same command to resume.`);
    controller.abort(new Error(`stopped by ${signal}`));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const bar = new SingleBar({
    stream: process.stderr,
    format: "eval |{bar}| {value}/{total} tasks | TGC so far {tgc}% | failed {failed} | ETA {eta_text}",
    noTTYOutput: flags.progress,
    notTTYSchedule: 5000,
    hideCursor: true,
  });
  let started = false;
  try {
    const result = await runEval(
      {
        ...(flags.split ? { split: flags.split as never } : {}),
        ...(flags.taskIds
          ? {
              taskIds: flags.taskIds
                .split(",")
                .map((id) => id.trim())
                .filter(Boolean),
            }
          : {}),
        agent: flags.agent as never,
        template: flags.template as never,
        ...(flags.model || flags.baseUrl
          ? {
              model: {
                model: flags.model ?? "",
                ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
                ...(flags.provider ? { provider: flags.provider as never } : {}),
                ...(flags.apiKeyEnv ? { apiKeyEnv: flags.apiKeyEnv } : {}),
                ...(flags.temperature ? { temperature: toNumber(flags.temperature) as number } : {}),
                ...(flags.maxTokens ? { maxTokens: toNumber(flags.maxTokens) as number } : {}),
              },
            }
          : {}),
        ...(flags.policy ? { policy: flags.policy as never } : {}),
        env: flags.env,
        workers: toNumber(flags.workers) as number,
        ...(flags.modelConcurrency ? { modelConcurrency: toNumber(flags.modelConcurrency) as number } : {}),
        trials: toNumber(flags.trials) as number,
        maxInteractions: toNumber(flags.maxInteractions) as number,
        ...(flags.maxTokensPerTask ? { budget: { maxTokens: toNumber(flags.maxTokensPerTask) as number } } : {}),
        ...(flags.run ? { run: flags.run } : {}),
        resultsDir: flags.resultsDir,
      },
      {
        signal: controller.signal,
        ...(flags.appworldCommand ? { appWorld: { command: flags.appworldCommand } } : {}),
        onProgress(progress) {
          if (flags.json && !flags.progress) return;
          const payload = {
            tgc: progress.tgcSoFar.toFixed(1),
            failed: progress.failed,
            eta_text: formatDuration(progress.etaMs),
          };
          if (!started) {
            bar.start(progress.total, progress.done, payload);
            started = true;
          } else bar.update(progress.done, payload);
        },
      },
    );
    if (started) bar.stop();
    const { loadEvalRun } = await import("../../eval/index.js");
    const loaded = await loadEvalRun(result.runDir, { name: result.run });
    if (flags.json) {
      const { records: _records, ...rest } = result;
      console.log(JSON.stringify(rest, null, 2));
    } else {
      const reference = result.label.startsWith("reference:")
        ? " — a reference policy (no model), a bound for comparison"
        : "";
      console.log(`Run ${result.run}: ${result.label}${reference}`);
      console.log(
        `${result.records.length} task runs (${result.resumed} resumed) in ${formatDuration(result.durationMs)}; results in ${result.runDir}`,
      );
      console.log("");
      console.log(formatComparisonTable(compareResults([loaded])));
      console.log("");
      console.log(
        `Files: ${[result.outputs.summary, ...result.outputs.keyValueCsv, ...result.outputs.appWorldEvaluation].join(", ")}`,
      );
    }
    if (result.failures.length > 0) {
      console.error(
        `${result.failures.length} task run(s) failed and were not recorded (rerun the same command to retry them):`,
      );
      for (const failure of result.failures.slice(0, 5))
        console.error(`  ${failure.taskId} (trial ${failure.trial}): ${failure.error.split("\n")[0]}`);
      process.exitCode = 1;
    }
    if (controller.signal.aborted) process.exitCode = 130;
  } finally {
    if (started) bar.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

// Register `eval` (`compare` is the report's command).
export function registerEvalCommands(program: Command): void {
  program
    .command("eval")
    .description(
      "Evaluate a model (any OpenAI-compatible endpoint) or a reference policy on AppWorld-style tasks; rerunning a run resumes it.",
    )
    .option("--split <split>", "task split: train, dev, test_normal, test_challenge")
    .option("--task-ids <ids>", "comma-separated task ids instead of (or within) a split")
    .option(
      "--agent <agent>",
      "json-react (the seed's {thought, action} format) or code-react (AppWorld's minimal ReAct)",
      "json-react",
    )
    .option("--template <name>", "json-react prompt template: v1 or v2 (use the one the model was trained on)", "v1")
    .option("--model <name>", "model name as the server knows it (vLLM served name, OpenAI model, Ollama tag)")
    .option(
      "--base-url <url>",
      "OpenAI-compatible base URL, e.g. http://localhost:8000/v1 (default $AGENTFT_BASE_URL, $OPENAI_BASE_URL, OpenAI)",
    )
    .option("--provider <provider>", "server preset: openai (any compatible server), azure, vllm, ollama or llamacpp")
    .option(
      "--api-key-env <name>",
      "environment variable holding the API key (default AGENTFT_API_KEY, then OPENAI_API_KEY / AZURE_OPENAI_API_KEY)",
    )
    .option("--temperature <t>", "sampling temperature (default 0)")
    .option("--max-tokens <n>", "max generated tokens per call (default 400)")
    .option(
      "--policy <policy>",
      "reference policy instead of a model: gold (replays gold steps) or noop (completes at once)",
    )
    .option(
      "--env <env>",
      "embedded, appworld (one `appworld serve environment` per worker) or an environment server URL",
      "embedded",
    )
    .option(
      "--appworld-command <path>",
      "the `appworld` executable for --env appworld (default: appworld on PATH); task lists come from $APPWORLD_ROOT/data/datasets",
    )
    .option("--workers <n>", "tasks run in parallel", "4")
    .option("--model-concurrency <n>", "most model calls in flight (default: workers)")
    .option("--trials <k>", "runs of every task", "1")
    .option("--max-interactions <n>", "most model calls per task", "50")
    .option("--max-tokens-per-task <n>", "token budget per task (prompt + completion)")
    .option("--run <name>", "run name (folder under --results-dir); default <model|policy>-<agent>-<split>")
    .option("--results-dir <dir>", "folder of run folders", "results/evals")
    .option("--json", "print the result as JSON")
    .option("--no-progress", "no progress lines on stderr when it is not a terminal")
    .action((flags: EvalFlags) => runEvalCommand(flags));
}

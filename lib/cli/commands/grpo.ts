// `agentft grpo reward-server|dry-run|plan|run`: the step-mode reward service, the reward dry run, a GRPO run
// directory in either mode, and the run itself beside the server it needs.
import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { waitForStopSignal } from "../stop-signal.js";

interface RewardServerFlags {
  readonly host: string;
  readonly port: string;
  readonly env: string;
  readonly maxWorlds?: string;
}

// A whole number in range, or a ConfigError naming the flag, its value and the fix.
async function intFlag(name: string, value: string, min: number, max: number): Promise<number> {
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  const { ConfigError } = await import("../../errors.js");
  throw new ConfigError(`Expected \`--${name}\` to be a whole number from ${min} to ${max}, got \`${value}\`.`);
}

async function serveRewards(flags: RewardServerFlags): Promise<void> {
  const port = await intFlag("port", flags.port, 0, 65535);
  const maxWorlds = flags.maxWorlds === undefined ? undefined : await intFlag("max-worlds", flags.maxWorlds, 1, 1e6);
  const { startRewardServer } = await import("../../grpo/index.js");
  const stopSignal = waitForStopSignal();
  const server = await startRewardServer({ host: flags.host, port, env: flags.env, maxWorlds });
  console.log(`Serving step rewards on ${server.url} (POST /reward, worlds: ${flags.env}).`);
  console.log("Press Ctrl-C to stop.");
  const signal = await stopSignal;
  const open = server.rewarder.stats.openWorlds;
  console.log(`Got ${signal}: closing ${open} world cop${open === 1 ? "y" : "ies"} and stopping.`);
  await server.close();
  console.log("Stopped.");
}

interface DryRunFlags {
  readonly mode: string;
  readonly split: string;
  readonly limit: string;
  readonly env: string;
  readonly set: readonly string[];
  readonly model?: string;
  readonly baseUrl?: string;
  readonly provider?: string;
  readonly samples: string;
  readonly json?: boolean;
}

interface PlanFlags {
  readonly mode: string;
  readonly preset: string;
  readonly set: readonly string[];
  readonly data?: string;
  readonly split: string;
  readonly limit?: string;
  readonly env?: string;
  readonly out: string;
}

interface RunFlags {
  readonly backend: string;
  readonly python?: string;
  readonly host: string;
  readonly port: string;
  readonly publicUrl?: string;
  readonly maxWorlds?: string;
  readonly sshHost?: string;
  readonly sshPort?: string;
  readonly sshUser?: string;
  readonly identityFile?: string;
}

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

async function modeFlag(value: string): Promise<"step" | "episode"> {
  if (value === "step" || value === "episode") return value;
  const { ConfigError } = await import("../../errors.js");
  throw new ConfigError(`Expected \`--mode\` to be step or episode, got \`${value}\`.`, [
    { path: "--mode", message: "unknown mode" },
  ]);
}

// `--set reward.field=value` flags split from training overrides: the reward terms live in their own schema.
async function splitSets(sets: readonly string[]): Promise<{ reward: Record<string, unknown>; train: string[] }> {
  const { parseSetFlags } = await import("../../train/index.js");
  const rewardSets = sets.filter((s) => s.startsWith("reward."));
  const parsed = parseSetFlags(rewardSets) as { reward?: Record<string, unknown> };
  return { reward: parsed.reward ?? {}, train: sets.filter((s) => !s.startsWith("reward.")) };
}

async function dryRun(flags: DryRunFlags): Promise<void> {
  const mode = await modeFlag(flags.mode);
  const limit = await intFlag("limit", flags.limit, 1, 1e6);
  const samples = await intFlag("samples", flags.samples, 0, 64);
  const { reward } = await splitSets(flags.set);
  const [{ grpoDryRun }, { SingleBar }] = await Promise.all([import("../../grpo/index.js"), import("cli-progress")]);
  let model: import("../../model/index.js").ModelClient | undefined;
  if (flags.model || flags.baseUrl) {
    const { createModelClient } = await import("../../model/index.js");
    model = createModelClient({
      model: flags.model ?? "",
      ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
      ...(flags.provider ? { provider: flags.provider as never } : {}),
    });
  }
  const bar = new SingleBar({
    stream: process.stderr,
    format: `dry run |{bar}| {value}/{total} ${mode === "step" ? "prompts" : "tasks"} | ETA {eta}s`,
    hideCursor: true,
  });
  let started = false;
  const report = await grpoDryRun({
    mode,
    split: flags.split as never,
    limit,
    env: flags.env,
    reward,
    ...(model ? { model, samples } : {}),
    onProgress(done, total) {
      if (!started) bar.start(total, done);
      else bar.update(done);
      started = true;
    },
  });
  if (started) bar.stop();
  if (flags.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  console.log(`Reward dry run, ${mode} mode: ${report.groups.length} groups`);
  for (const s of report.bySource) {
    console.log(`  ${s.source.padEnd(6)} n=${s.count} mean ${s.mean.toFixed(3)} min ${s.min} max ${s.max}`);
  }
  const share = (report.equalGroupShare * 100).toFixed(0);
  console.log(`  groups with all rewards equal: ${share}%; gold above noop: ${report.separates ? "yes" : "no"}`);
  for (const warning of report.warnings.slice(0, 10)) console.error(`warning: ${warning}`);
  if (report.warnings.length > 10) console.error(`warning: ... and ${report.warnings.length - 10} more groups`);
}

async function plan(flags: PlanFlags): Promise<void> {
  const mode = await modeFlag(flags.mode);
  const limit = flags.limit === undefined ? undefined : await intFlag("limit", flags.limit, 1, 1e6);
  const { reward, train: trainSets } = await splitSets(flags.set);
  const [{ planGrpo }, train] = await Promise.all([import("../../grpo/index.js"), import("../../train/index.js")]);
  const config = train.trainingPreset(flags.preset, train.parseSetFlags(trainSets));
  let rows: never[] | undefined;
  if (flags.data) {
    const { readJsonLines } = await import("../../data/index.js");
    const { z } = await import("zod");
    rows = readJsonLines(path.resolve(flags.data), z.looseObject({})) as never[];
  }
  const result = await planGrpo({
    mode,
    outDir: path.resolve(flags.out),
    config,
    reward,
    split: flags.split as never,
    ...(limit === undefined ? {} : { limit }),
    ...(rows ? { rows } : {}),
    ...(flags.env ? { url: flags.env } : {}),
  });
  console.log(`Planned GRPO (${mode} mode) of ${result.config.model} in ${result.runDir}`);
  console.log(`  rows: ${result.rows}; files: ${result.files.join(", ")}`);
  for (const warning of result.memory?.warnings ?? []) console.log(`  memory: ${warning}`);
  console.log(`  command: ${result.command.join(" ")}`);
  console.log(`Next: agentft grpo run ${path.relative(process.cwd(), result.runDir) || "."}`);
}

async function run(runDir: string, flags: RunFlags): Promise<void> {
  const port = await intFlag("port", flags.port, 0, 65535);
  const maxWorlds = flags.maxWorlds === undefined ? undefined : await intFlag("max-worlds", flags.maxWorlds, 1, 1e6);
  const [{ startGrpoRun }, jobs, train] = await Promise.all([
    import("../../grpo/index.js"),
    import("../../jobs/index.js"),
    import("../../train/index.js"),
  ]);
  let python = flags.python;
  if (!python && flags.backend === "local") {
    const venv = path.join(train.defaultTrainVenv(), "bin", "python");
    python = existsSync(venv) ? venv : "python";
  }
  const sshPort = flags.sshPort === undefined ? undefined : await intFlag("ssh-port", flags.sshPort, 1, 65535);
  const backend = jobs.getJobBackend(flags.backend, {
    ...(flags.sshHost ? { host: flags.sshHost } : {}),
    ...(sshPort === undefined ? {} : { port: sshPort }),
    ...(flags.sshUser ? { user: flags.sshUser } : {}),
    ...(flags.identityFile ? { identityFile: flags.identityFile } : {}),
  });
  const stopSignal = waitForStopSignal();
  const grpoRun = await startGrpoRun(path.resolve(runDir), {
    backend,
    host: flags.host,
    port,
    ...(python ? { python } : {}),
    ...(flags.publicUrl ? { publicUrl: flags.publicUrl } : {}),
    ...(maxWorlds === undefined ? {} : { maxWorlds }),
  });
  const what = grpoRun.mode === "step" ? "reward service" : "environment server";
  console.error(`Submitted ${grpoRun.job.backend} job ${grpoRun.job.id}; ${what} on ${grpoRun.serverUrl}`);
  const follow = (async () => {
    for await (const p of jobs.monitorJob(grpoRun.job, {
      onBadLine: (bad) => console.error(`Warning: ${bad.message}`),
    })) {
      if (p.reward === undefined) continue;
      console.error(`step ${p.step}/${p.total ?? "?"} reward ${p.reward.toFixed(4)}`);
    }
  })();
  const ended = grpoRun.wait();
  const first = await Promise.race([ended.then(() => "ended" as const), stopSignal]);
  const result = first === "ended" ? await ended : await grpoRun.cancel();
  await follow.catch(() => undefined);
  console.log(`${result.state.toUpperCase()}; ${what} stopped`);
  if (result.state !== "completed") {
    console.error((await jobs.readTail(result.logPath, 20)).trimEnd());
    process.exitCode = 1;
  }
}

// Creates the `grpo` command.
export function registerGrpoCommands(program: Command): void {
  const grpo =
    program.commands.find((command) => command.name() === "grpo") ??
    program.command("grpo").description("GRPO with the world in the loop: step rewards and episodes.");
  grpo
    .command("reward-server")
    .description("Serve step-mode rewards: POST /reward {prompts, completions, task_id, history} → {rewards}.")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--port <port>", "TCP port (0 picks a free one)", "8100")
    .option("--env <where>", "where worlds run: embedded, or the URL of `agentft world serve`", "embedded")
    .option("--max-worlds <n>", "most world copies kept open (default 256)")
    .action((flags: RewardServerFlags) => serveRewards(flags));
  grpo
    .command("dry-run")
    .description("Score gold, noop and sampled completions; warn where a group's rewards are all equal.")
    .option("--mode <mode>", "step or episode", "step")
    .option("--split <split>", "tasks of this split", "train")
    .option("--limit <n>", "tasks taken from the split", "5")
    .option("--env <where>", "where worlds run: embedded, or the URL of `agentft world serve`", "embedded")
    .option("--set <reward.field=value>", "a reward term (repeatable), e.g. reward.successBonus=2", collect, [])
    .option("--model <name>", "sample step replies from this model (OpenAI-compatible)")
    .option("--base-url <url>", "the model server")
    .option("--provider <provider>", "server preset: openai, azure, vllm, ollama or llamacpp")
    .option("--samples <n>", "sampled replies per prompt", "2")
    .option("--json", "print the whole report as JSON")
    .action((flags: DryRunFlags) => dryRun(flags));
  grpo
    .command("plan")
    .description("Write a GRPO run directory: train.py, rewards.py (+ environment.py in episode mode), data.")
    .option("--mode <mode>", "step or episode", "step")
    .option("--preset <name>", "training preset", "grpo")
    .option("--set <field=value>", "a config field or reward.<term> (repeatable), e.g. trl.max_steps=4", collect, [])
    .option("--data <file>", "rows as JSON lines (default: built from --split)")
    .option("--split <split>", "tasks of this split", "train")
    .option("--limit <n>", "tasks taken from the split (default: all)")
    .option("--env <url>", "the reward service (step) or environment server (episode) the job reaches")
    .requiredOption("--out <dir>", "the run directory")
    .action((flags: PlanFlags) => plan(flags));
  grpo
    .command("run")
    .description("Start the mode's server, run the GRPO job beside it, follow its rewards, stop both.")
    .argument("<dir>", "the planned run directory")
    .option("--backend <name>", "local, ssh or slurm", "local")
    .option("--python <path>", "the interpreter with TRL (default: the training venv, else python)")
    .option("--host <host>", "address the server binds", "127.0.0.1")
    .option("--port <port>", "the server's port (0 picks a free one)", "0")
    .option("--public-url <url>", "the server's address as the job sees it (a remote backend)")
    .option("--max-worlds <n>", "most worlds open at once on the server (default 256)")
    .option("--ssh-host <host>", "the GPU machine (ssh backend)")
    .option("--ssh-port <port>", "its ssh port (ssh backend)")
    .option("--ssh-user <user>", "the remote user (ssh backend)")
    .option("--identity-file <file>", "the private key (ssh backend)")
    .action((dir: string, flags: RunFlags) => run(dir, flags));
}

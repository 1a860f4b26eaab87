// `agentft train plan|run|status|logs|cancel|setup`: plan a run directory from a preset and `--set` overrides,
// submit it through a jobs backend, follow its metrics with a bar, and reopen it later from the directory alone.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { ConfigError } from "../../errors.js";
import type { JobBackend, JobResources } from "../../jobs/index.js";
import type { TrainingConfig } from "../../train/index.js";

interface PlanFlags {
  readonly preset: string;
  readonly set: readonly string[];
  readonly data?: string;
  readonly out: string;
}

interface RunFlags {
  readonly backend: string;
  readonly host?: string;
  readonly port?: string;
  readonly user?: string;
  readonly identityFile?: string;
  readonly remoteRoot?: string;
  readonly sshOption: readonly string[];
  readonly python?: string;
  readonly detach?: boolean;
}

const collect = (value: string, previous: readonly string[]): string[] => [...previous, value];

function fmtDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

async function runPlan(flags: PlanFlags): Promise<void> {
  const train = await import("../../train/index.js");
  const outDir = path.resolve(flags.out);
  const dataFile = flags.data ?? path.join(outDir, "data", "train.jsonl");
  if (!existsSync(dataFile)) {
    throw new ConfigError(
      `No training data: \`--data\` was not given and ${dataFile} does not exist; pass \`--data rows.jsonl\`.`,
      [{ path: "--data", message: "missing" }],
    );
  }
  const { readJsonLines } = await import("../../data/index.js");
  const { z } = await import("zod");
  const rows = readJsonLines(dataFile, z.looseObject({}));
  const config = train.trainingPreset(flags.preset, train.parseSetFlags(flags.set));
  const plan = await train.planTraining(config, rows, { outDir });
  const { lengths, overLength } = plan;
  console.log(`Planned ${plan.config.method} run of ${plan.config.model} in ${plan.runDir}`);
  console.log(
    `  rows: ${overLength.rows.length} of ${rows.length}; tokens max ${lengths.max}, mean ${lengths.mean.toFixed(0)}`,
  );
  if (overLength.message) console.log(`  ${overLength.message}`);
  for (const warning of plan.memory?.warnings ?? []) console.log(`  memory: ${warning}`);
  console.log(`  command: ${plan.command.join(" ")}`);
  console.log(`Next: agentft train run ${path.relative(process.cwd(), plan.runDir) || "."}`);
}

// The interpreter a local run uses: --python, else the default training venv when it exists, else `python`.
async function pythonFor(flags: RunFlags): Promise<string> {
  if (flags.python) return flags.python;
  const { defaultTrainVenv } = await import("../../train/index.js");
  const venv = path.join(defaultTrainVenv(), "bin", "python");
  return existsSync(venv) ? venv : "python";
}

async function followWithBar(runDir: string): Promise<void> {
  const jobs = await import("../../jobs/index.js");
  const { job } = await jobs.openJob(runDir);
  const tty = process.stderr.isTTY;
  const { SingleBar, Presets } = (await import("cli-progress")).default;
  const bar = tty
    ? new SingleBar(
        {
          format: "train [{bar}] {value}/{total} loss {loss} eta {etaText}",
          stream: process.stderr,
          hideCursor: true,
        },
        Presets.shades_classic,
      )
    : undefined;
  let started = false;
  for await (const p of jobs.monitorJob(job, { onBadLine: (bad) => console.error(`Warning: ${bad.message}`) })) {
    const loss = p.loss === undefined ? "-" : p.loss.toFixed(4);
    const etaText = fmtDuration(p.etaS);
    if (bar) {
      if (!started) bar.start(p.total ?? p.step, 0, { loss, etaText });
      started = true;
      bar.setTotal(p.total ?? p.step);
      bar.update(p.step, { loss, etaText });
    } else if (p.loss !== undefined || p.reward !== undefined) {
      const reward = p.reward === undefined ? "" : ` reward ${p.reward.toFixed(4)}`;
      console.error(`step ${p.step}/${p.total ?? "?"} loss ${loss}${reward} eta ${etaText}`);
    }
  }
  if (bar && started) bar.stop();
}

// The ssh backend's options from the flags (the other backends take none).
function sshOptionsOf(flags: RunFlags): Record<string, unknown> {
  if (flags.port !== undefined && !/^\d+$/.test(flags.port)) {
    throw new ConfigError(`\`--port\` must be a port number; got \`${flags.port}\`.`, [
      { path: "--port", message: "not a number" },
    ]);
  }
  return {
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.port ? { port: Number(flags.port) } : {}),
    ...(flags.user ? { user: flags.user } : {}),
    ...(flags.identityFile ? { identityFile: flags.identityFile } : {}),
    ...(flags.remoteRoot ? { remoteRoot: flags.remoteRoot } : {}),
    ...(flags.sshOption.length ? { sshOptions: [...flags.sshOption] } : {}),
  };
}

// Read the target's GPUs with nvidia-smi there and warn before launch when the run cannot fit; a launch is
// never refused on an estimate, the user decides.
async function preflightOnTarget(config: TrainingConfig, backend: JobBackend, resources: JobResources): Promise<void> {
  const train = await import("../../train/index.js");
  const target = await train.queryTargetGpus(backend, { resources });
  const preflight = train.preflightMemory(config, target.gpus);
  const need = `${(preflight.estimate.totalBytes / 2 ** 30).toFixed(1)} GiB`;
  const cards = target.gpus.map(
    (g) => `GPU ${g.index} ${g.name} ${((g.totalMiB - g.usedMiB) / 1024).toFixed(1)} GiB free`,
  );
  if (target.gpus.length > 0) console.error(`memory: needs about ${need} per GPU; target: ${cards.join(", ")}`);
  if (target.note) console.error(`memory: ${target.note}; the run needs about ${need} per GPU`);
  else for (const warning of preflight.warnings) console.error(`memory: warning: ${warning}`);
}

async function runRun(runDir: string, flags: RunFlags): Promise<void> {
  const dir = path.resolve(runDir);
  const train = await import("../../train/index.js");
  const jobs = await import("../../jobs/index.js");
  const configFile = path.join(dir, "train_config.json");
  if (!existsSync(configFile)) {
    throw new ConfigError(`${configFile} does not exist; plan the run first: agentft train plan --out ${runDir}`, [
      { path: "DIR", message: "not a planned run directory" },
    ]);
  }
  const config = train.parseTrainingConfig(JSON.parse(readFileSync(configFile, "utf8")));
  // ssh and slurm run `python` of the target machine; only a local run picks this machine's venv.
  const python = flags.backend === "local" ? await pythonFor(flags) : (flags.python ?? "python");
  const backend = jobs.getJobBackend(flags.backend, sshOptionsOf(flags));
  if (!config.trl.use_cpu) await preflightOnTarget(config, backend, { gpus: config.numProcesses });
  const { job, command } = await train.submitTraining(backend, dir, config, { python });
  console.error(`Submitted ${job.backend} job ${job.id}: ${command.join(" ")} (log ${job.logPath})`);
  if (flags.detach) return;
  await followWithBar(dir);
  const result = await backend.wait(job, { reject: false });
  console.log(`${result.state.toUpperCase()} in ${fmtDuration(result.durationMs / 1000)}`);
  if (result.state !== "completed") {
    console.error((await jobs.readTail(result.logPath, 20)).trimEnd());
    process.exitCode = 1;
  }
}

async function runStatus(runDir: string, flags: { json?: boolean }): Promise<void> {
  const jobs = await import("../../jobs/index.js");
  const train = await import("../../train/index.js");
  const dir = path.resolve(runDir);
  const { job, backend } = await jobs.openJob(dir);
  const status = await backend.status(job);
  const events = train.readRunMetrics(dir, { onBadLine: (bad) => console.error(`Warning: ${bad.message}`) });
  const progress = train.summarizeProgress(events);
  if (flags.json) {
    console.log(JSON.stringify({ job: { backend: job.backend, id: job.id }, status, progress }, null, 2));
    return;
  }
  const loss = progress.loss === undefined ? "" : `, loss ${progress.loss.toFixed(4)}`;
  const eta = progress.state === "running" ? `, eta ${fmtDuration(progress.etaS)}` : "";
  console.log(`${status.state.toUpperCase()} (${job.backend} job ${job.id})`);
  console.log(`step ${progress.step}/${progress.totalSteps ?? "?"}${loss}${eta}`);
  if (progress.final) console.log(`final: ${progress.final}`);
  else if (progress.lastCheckpoint) console.log(`last checkpoint: ${progress.lastCheckpoint}`);
}

async function runLogs(runDir: string, flags: { follow?: boolean }): Promise<void> {
  const jobs = await import("../../jobs/index.js");
  const { job, backend } = await jobs.openJob(path.resolve(runDir));
  for await (const line of backend.logs(job, { follow: flags.follow ?? false })) process.stdout.write(`${line}\n`);
}

async function runCancel(runDir: string): Promise<void> {
  const jobs = await import("../../jobs/index.js");
  const { job, backend } = await jobs.openJob(path.resolve(runDir));
  const status = await backend.cancel(job);
  console.log(`${status.state.toUpperCase()}${status.reason ? ` (${status.reason})` : ""}`);
}

async function runSetup(runDir: string, flags: { venv?: string; python?: string }): Promise<void> {
  const train = await import("../../train/index.js");
  const requirements = path.join(path.resolve(runDir), "requirements.txt");
  if (!existsSync(requirements)) {
    throw new ConfigError(`${requirements} does not exist; plan the run first.`, [
      { path: "DIR", message: "no requirements.txt" },
    ]);
  }
  const result = await train.setupTrainingVenv({
    requirements: [requirements],
    ...(flags.venv ? { venvDir: flags.venv } : {}),
    ...(flags.python ? { python: flags.python } : {}),
    onProgress: (line) => console.error(line),
  });
  console.log(`${result.created ? "Created" : "Updated"} ${result.venvDir}; runs use ${result.python}`);
}

// Register `agentft train ...`.
export function registerTrainCommands(program: Command): void {
  const train = program.command("train").description("Plan, run and follow fine-tuning runs (SFT, QLoRA, GRPO).");
  train
    .command("plan")
    .description("Write a run directory (train.py, config, data, requirements) from a preset.")
    .requiredOption("--preset <name>", "approach1, approach2, approach3 or grpo")
    .option("--set <field=value>", "override a config field (repeatable), e.g. trl.max_steps=4", collect, [])
    .option("--data <file>", "training rows as JSON lines (default: the run directory's data/train.jsonl)")
    .requiredOption("--out <dir>", "the run directory")
    .action((flags: PlanFlags) => runPlan(flags));
  train
    .command("run")
    .description("Submit a planned run through a jobs backend and follow its progress.")
    .argument("<dir>", "the planned run directory")
    .option("--backend <name>", "local, ssh or slurm", "local")
    .option("--host <host>", "the ssh host (ssh backend)")
    .option("--port <port>", "the ssh port (ssh backend)")
    .option("--user <user>", "the remote user (ssh backend)")
    .option("--identity-file <file>", "the private key (ssh backend)")
    .option("--remote-root <dir>", "the remote folder for run directories (ssh backend; default agentft-runs)")
    .option(
      "--ssh-option <option>",
      "an ssh -o option, e.g. StrictHostKeyChecking=accept-new (repeatable)",
      collect,
      [],
    )
    .option("--python <path>", "the interpreter (default: the training venv, else python)")
    .option("--detach", "return after submitting")
    .action((dir: string, flags: RunFlags) => runRun(dir, flags));
  train
    .command("status")
    .description("The run's job state and training progress.")
    .argument("<dir>", "the run directory")
    .option("--json", "print JSON")
    .action((dir: string, flags: { json?: boolean }) => runStatus(dir, flags));
  train
    .command("logs")
    .description("The run's log (stdout and stderr).")
    .argument("<dir>", "the run directory")
    .option("--follow", "keep printing until the job ends")
    .action((dir: string, flags: { follow?: boolean }) => runLogs(dir, flags));
  train
    .command("cancel")
    .description("Stop the run's job.")
    .argument("<dir>", "the run directory")
    .action((dir: string) => runCancel(dir));
  train
    .command("setup")
    .description("Create or update the training venv from the run's requirements.txt.")
    .argument("<dir>", "the planned run directory")
    .option("--venv <dir>", "where the venv goes (default: .cache/train-venv)")
    .option("--python <path>", "the interpreter that creates it", "python3")
    .action((dir: string, flags: { venv?: string; python?: string }) => runSetup(dir, flags));
}

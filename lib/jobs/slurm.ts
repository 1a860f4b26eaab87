// The `slurm` backend: `sbatch --parsable` a script whose `#SBATCH` lines hold the resources and whose
// arguments are the command (so nothing is pasted into the script), states from `scontrol show job -o`,
// `scancel`, and the log file Slurm writes (on a cluster's shared file system, read from here).
import { mkdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type {
  CancelOptions,
  ExecOptions,
  ExecResult,
  JobBackend,
  JobHandle,
  JobState,
  JobStatus,
  LogsOptions,
  SubmitOptions,
  WaitOptions,
} from "./backend.js";
import { TERMINAL_STATES } from "./backend.js";
import { followJobLog } from "./follow-job-log.js";
import { JobHolders } from "./holder.js";
import {
  cancelRecordText,
  jobPaths,
  readCancelRecord,
  readExitCode,
  saveJob,
  writeCancelRecord,
  writeFileAtomic,
} from "./job-files.js";
import { type JobSpec, type JobSpecInput, parseJobSpec } from "./job-spec.js";
import { statusFromFiles } from "./local.js";
import { runCommand } from "./run-command.js";
import { waitForJob } from "./wait.js";
import { WRAPPER_SCRIPT } from "./wrapper.js";

const SLURM = { backend: "slurm", debianPackage: "slurm-client", purpose: "to run jobs on Slurm" } as const;

// Slurm's job states (squeue(1) "JOB STATE CODES") in our words.
const STATES: Readonly<Record<string, JobState>> = {
  PENDING: "pending",
  CONFIGURING: "pending",
  REQUEUED: "pending",
  RESIZING: "pending",
  SUSPENDED: "running",
  RUNNING: "running",
  COMPLETING: "running",
  STAGE_OUT: "running",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
  TIMEOUT: "timeout",
  FAILED: "failed",
  OUT_OF_MEMORY: "failed",
  NODE_FAIL: "failed",
  BOOT_FAIL: "failed",
  DEADLINE: "failed",
  PREEMPTED: "failed",
};

// The batch script: resources on #SBATCH lines (values are checked to hold no spaces), then the wrapper.
export function buildSbatchScript(spec: JobSpec): string {
  const r = spec.resources;
  const lines = ["#!/bin/sh", `#SBATCH --job-name=${spec.name}`];
  if (r.partition) lines.push(`#SBATCH --partition=${r.partition}`);
  if (r.gpus) lines.push(`#SBATCH --gres=gpu:${r.gpus}`);
  if (r.cpus) lines.push(`#SBATCH --cpus-per-task=${r.cpus}`);
  if (r.memoryMb) lines.push(`#SBATCH --mem=${r.memoryMb}M`);
  if (spec.timeoutMs) lines.push(`#SBATCH --time=${Math.ceil(spec.timeoutMs / 60_000)}`);
  for (const option of r.sbatch ?? []) lines.push(`#SBATCH ${option}`);
  lines.push(
    "# The command arrives as this script's arguments: sbatch [options] THIS_SCRIPT EXIT_FILE PROGRAM ARGS...",
  );
  lines.push(WRAPPER_SCRIPT, "");
  return lines.join("\n");
}

// Read `Key=Value` pairs of `scontrol show job -o` (one line; values have no spaces but for a few keys).
export function parseScontrolJob(line: string): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const match of line.matchAll(/(\w+(?:\/\w+)?)=(\S*)/g)) fields[match[1] as string] ??= match[2] as string;
  return fields;
}

// Turn a `scontrol` record into a status: `ExitCode=3:0` is the exit code and the signal number.
export function statusOfScontrol(fields: Readonly<Record<string, string>>): JobStatus {
  const raw = fields["JobState"] ?? "UNKNOWN";
  const state = STATES[raw] ?? "running";
  const [code, signalNumber] = (fields["ExitCode"] ?? "").split(":").map(Number);
  const ended = TERMINAL_STATES.has(state);
  const signal = ended && signalNumber ? signalName(signalNumber) : undefined;
  const reason = fields["Reason"] && fields["Reason"] !== "None" ? fields["Reason"] : undefined;
  const node = fields["BatchHost"] && fields["BatchHost"] !== "(null)" ? fields["BatchHost"] : undefined;
  return {
    state,
    rawState: raw,
    ...(node ? { node } : {}),
    ...(ended && code !== undefined && !Number.isNaN(code) ? { exitCode: code } : {}),
    ...(signal ? { signal } : {}),
    ...(reason ? { reason } : {}),
  };
}

function signalName(number: number): string | undefined {
  const names: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 6: "SIGABRT", 9: "SIGKILL", 15: "SIGTERM" };
  return names[number] ?? `signal ${number}`;
}

// Waits for the end of its input (this process's end, however it ends: the pipe closes), then, unless the job
// has ended (its exit file $4 exists), records why and cancels it. $1 is the job id, $2 the cancel record's
// text, $3 its file.
const HOLDER_SCRIPT =
  'cat >/dev/null; [ -f "$4" ] && exit 0; printf "%s" "$2" > "$3.tmp" && mv -f "$3.tmp" "$3"; exec scancel "$1"';

// Create the `slurm` backend; `sbatch`, `scontrol` and `scancel` come from PATH.
export function createSlurmBackend(): JobBackend {
  // `endWithSubmitter`: a small shell per job that cancels it once this process's pipe closes.
  const holders = new JobHolders();
  const holdJob = (job: JobHandle): void => {
    const paths = jobPaths(job.runDir, job.name);
    holders.hold(job.id, [
      "sh",
      "-c",
      HOLDER_SCRIPT,
      "sh",
      job.id,
      cancelRecordText("orphaned"),
      paths.cancel,
      paths.exit,
    ]);
  };
  const backend: JobBackend = {
    name: "slurm",

    async submit(input: JobSpecInput, submitOptions: SubmitOptions = {}): Promise<JobHandle> {
      const spec = parseJobSpec(input);
      const paths = jobPaths(spec.runDir, spec.name);
      await mkdir(paths.logsDir, { recursive: true });
      await rm(paths.exit, { force: true });
      await rm(paths.cancel, { force: true });
      const scriptPath = path.join(paths.logsDir, `${spec.name}.sbatch`);
      await writeFileAtomic(scriptPath, buildSbatchScript(spec));
      const logOffset = await stat(paths.log).then(
        (s) => s.size,
        () => 0,
      );
      // Paths go on the command line, not on #SBATCH lines, so spaces in them need no quoting.
      const command = [
        "sbatch",
        "--parsable",
        `--chdir=${spec.runDir}`,
        `--output=${paths.log}`,
        "--open-mode=append",
        scriptPath,
        paths.exit,
        ...spec.command,
      ];
      const { stdout } = await runCommand(command, {
        ...SLURM,
        env: { ...process.env, ...spec.env } as Record<string, string>,
      });
      const id = stdout.trim().split(";")[0] ?? "";
      const job: JobHandle = {
        backend: "slurm",
        backendOptions: {},
        id,
        name: spec.name,
        runDir: spec.runDir,
        command: spec.command,
        logPath: paths.log,
        submittedAt: new Date().toISOString(),
        ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
        detail: { scriptPath, logOffset },
      };
      await saveJob(job);
      if (submitOptions.endWithSubmitter) holdJob(job);
      return job;
    },

    async status(job: JobHandle): Promise<JobStatus> {
      const result = await runCommand(["scontrol", "show", "job", job.id, "-o"], { ...SLURM, reject: false });
      if (result.exitCode === 0 && result.stdout.includes("JobState=")) {
        return statusOfScontrol(parseScontrolJob(result.stdout));
      }
      // The record is gone after MinJobAge: the wrapper's exit file still tells how the job ended.
      const paths = jobPaths(job.runDir, job.name);
      return statusFromFiles(await readExitCode(paths.exit), await readCancelRecord(paths.cancel), false);
    },

    logs(job: JobHandle, options: LogsOptions = {}): AsyncIterable<string> {
      return followJobLog(backend, job, options);
    },

    async cancel(job: JobHandle, options: CancelOptions = {}): Promise<JobStatus> {
      const before = await backend.status(job);
      if (TERMINAL_STATES.has(before.state)) return before;
      await writeCancelRecord(jobPaths(job.runDir, job.name).cancel, options.reason ?? "cancelled");
      // scancel sends SIGTERM, then SIGKILL after the cluster's KillWait.
      await runCommand(["scancel", job.id], SLURM);
      holders.release(job.id);
      const deadline = Date.now() + (options.graceMs ?? 5_000) + 60_000;
      for (;;) {
        const status = await backend.status(job);
        if (TERMINAL_STATES.has(status.state) || Date.now() > deadline) return status;
        await sleep(200);
      }
    },

    // `srun` runs the command on a node Slurm picks with these resources (a GPU node when `gpus` is set).
    async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
      const r = options.resources ?? {};
      const srun = [
        "srun",
        "--quiet",
        "--ntasks=1",
        "--job-name=agentft-exec",
        ...(r.partition ? [`--partition=${r.partition}`] : []),
        ...(r.gpus ? [`--gres=gpu:${r.gpus}`] : []),
        "--",
        ...command,
      ];
      const result = await runCommand(srun, {
        ...SLURM,
        reject: false,
        timeoutMs: options.timeoutMs ?? 60_000,
        env: { ...process.env, ...options.env } as Record<string, string>,
      });
      // srun reports a program missing on the node as a failed execve (exit 2); answer as a shell would.
      if (result.exitCode !== 0 && /execve\(\).*No such file or directory/.test(result.stderr)) {
        return { ...result, exitCode: 127 };
      }
      return result;
    },

    wait(job: JobHandle, options: WaitOptions = {}) {
      return waitForJob(backend, job, options, { defaultPollMs: 1_000, enforcesTimeout: true });
    },
  };
  return backend;
}

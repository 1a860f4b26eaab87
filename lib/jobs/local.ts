// The `local` backend: the command runs on this machine in its own process group (so a cancel reaches
// every process it started), with stdout and stderr written straight to the log file. The job survives
// the process that submitted it (unless submitted with `endWithSubmitter`); its exit code lands in
// `logs/<name>.exit`, read by any later process.
import { closeSync, openSync, statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { execa } from "execa";
import type {
  CancelOptions,
  ExecOptions,
  ExecResult,
  JobBackend,
  JobHandle,
  JobStatus,
  LogsOptions,
  SubmitOptions,
  WaitOptions,
} from "./backend.js";
import { TERMINAL_STATES } from "./backend.js";
import { JobError } from "./errors.js";
import { followJobLog } from "./follow-job-log.js";
import {
  type CancelRecord,
  cancelRecordText,
  jobPaths,
  readCancelRecord,
  readExitCode,
  saveJob,
  writeCancelRecord,
} from "./job-files.js";
import { type JobSpecInput, parseJobSpec } from "./job-spec.js";
import { isGroupAlive, terminateGroup } from "./process-group.js";
import { waitForJob } from "./wait.js";
import { watchdogCommand } from "../watchdog.js";
import { signalOfExitCode, wrapCommand } from "./wrapper.js";

const DEFAULT_GRACE_MS = 5_000;

// How a job that left an exit file (or a cancel record) ended; shared with the ssh backend.
export function statusFromFiles(
  exitCode: number | undefined,
  cancel: { readonly reason: CancelRecord["reason"] } | undefined,
  alive: boolean,
): JobStatus {
  if (exitCode === undefined && alive) return { state: "running", rawState: "running" };
  const signal = exitCode === undefined ? (cancel ? "SIGKILL" : undefined) : signalOfExitCode(exitCode);
  const base = { ...(exitCode === undefined ? {} : { exitCode }), ...(signal ? { signal } : {}) };
  if (cancel) {
    const state = cancel.reason === "timeout" ? "timeout" : "cancelled";
    const reason = {
      timeout: "time limit reached",
      cancelled: "cancelled on request",
      orphaned: "stopped when the process that started it ended",
    }[cancel.reason];
    return { ...base, state, rawState: cancel.reason, reason };
  }
  if (exitCode === undefined) return { state: "lost", rawState: "lost" };
  return { ...base, state: exitCode === 0 ? "completed" : "failed", rawState: exitCode === 0 ? "completed" : "failed" };
}

function pgidOf(job: JobHandle): number {
  return Number(job.detail["pid"]);
}

// Create the `local` backend (it takes no options).
export function createLocalBackend(): JobBackend {
  const backend: JobBackend = {
    name: "local",

    async submit(input: JobSpecInput, options: SubmitOptions = {}): Promise<JobHandle> {
      const spec = parseJobSpec(input);
      const paths = jobPaths(spec.runDir, spec.name);
      await mkdir(paths.logsDir, { recursive: true });
      await rm(paths.exit, { force: true });
      await rm(paths.cancel, { force: true });
      // Append: an earlier attempt's log is kept; this attempt's lines start at `logOffset`.
      const logFd = openSync(paths.log, "a");
      const logOffset = statSync(paths.log).size;
      // Tied to this process, the wrapped command runs under the watchdog, which leads the job's group and
      // stops it when the pipe on its stdin closes; the pipe is unref'd so it never keeps this process alive.
      const wrapped = wrapCommand(paths.exit, spec.command);
      const tied = options.endWithSubmitter === true;
      const orphanRecord = { path: paths.cancel, text: cancelRecordText("orphaned") };
      const [file, ...args] = tied ? watchdogCommand(wrapped, { graceMs: DEFAULT_GRACE_MS, orphanRecord }) : wrapped;
      // The child writes the log itself (not through this process), so the log survives us. execa passes
      // any descriptor number straight to spawn, but its types list only the literals 3-9, hence the cast.
      const fd = logFd as 3;
      const child = execa(file as string, args, {
        cwd: spec.runDir,
        env: spec.env,
        detached: true,
        cleanup: false,
        stdin: tied ? "pipe" : "ignore",
        stdout: fd,
        stderr: fd,
        reject: false,
        buffer: false,
      });
      closeSync(logFd);
      if (child.pid === undefined) {
        const result = await child;
        throw new JobError({
          summary: `Job \`${spec.name}\` (local) could not start`,
          command: spec.command,
          backend: "local",
          logPath: paths.log,
          cause: result,
        });
      }
      child.unref();
      (child.stdin as { unref?: () => void } | null)?.unref?.();
      const job: JobHandle = {
        backend: "local",
        backendOptions: {},
        id: String(child.pid),
        name: spec.name,
        runDir: spec.runDir,
        command: spec.command,
        logPath: paths.log,
        submittedAt: new Date().toISOString(),
        ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
        detail: { pid: child.pid, logOffset },
      };
      await saveJob(job);
      // While this process lives it enforces the time limit and the abort signal; `wait` does too.
      const timer =
        spec.timeoutMs === undefined
          ? undefined
          : setTimeout(() => void backend.cancel(job, { reason: "timeout" }).catch(() => {}), spec.timeoutMs);
      timer?.unref();
      const onAbort = () => void backend.cancel(job).catch(() => {});
      options.signal?.addEventListener("abort", onAbort, { once: true });
      void child.then(() => {
        if (timer) clearTimeout(timer);
        options.signal?.removeEventListener("abort", onAbort);
      });
      return job;
    },

    async status(job: JobHandle): Promise<JobStatus> {
      const paths = jobPaths(job.runDir, job.name);
      const exitCode = await readExitCode(paths.exit);
      const cancel = await readCancelRecord(paths.cancel);
      if (exitCode !== undefined) return statusFromFiles(exitCode, cancel, false);
      const alive = isGroupAlive(pgidOf(job));
      // The wrapper may have written its exit file between the two reads above.
      return statusFromFiles(alive ? undefined : await readExitCode(paths.exit), cancel, alive);
    },

    logs(job: JobHandle, options: LogsOptions = {}): AsyncIterable<string> {
      return followJobLog(backend, job, options);
    },

    async cancel(job: JobHandle, options: CancelOptions = {}): Promise<JobStatus> {
      const before = await backend.status(job);
      if (TERMINAL_STATES.has(before.state)) return before;
      await writeCancelRecord(jobPaths(job.runDir, job.name).cancel, options.reason ?? "cancelled");
      await terminateGroup(pgidOf(job), options.graceMs ?? DEFAULT_GRACE_MS);
      return backend.status(job);
    },

    wait(job: JobHandle, options: WaitOptions = {}) {
      return waitForJob(backend, job, options, { defaultPollMs: 250 });
    },

    async exec(command: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
      const [file, ...args] = command;
      const result = await execa(file as string, args, {
        reject: false,
        stdin: "ignore",
        timeout: options.timeoutMs ?? 60_000,
        ...(options.env ? { env: options.env } : {}),
      });
      // Answer as a shell would, so callers tell "not installed" apart the same way on every backend.
      if ((result as { code?: string }).code === "ENOENT") {
        return { stdout: "", stderr: `${file}: command not found`, exitCode: 127 };
      }
      return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
    },
  };
  return backend;
}

// What every backend's `wait` shares: poll the state until it ends, enforce the job's time limit, and turn
// an end other than "completed" into a JobError with the exit code and the log's last lines.
import { setTimeout as sleep } from "node:timers/promises";
import type { JobBackend, JobHandle, JobResult, JobStatus, WaitOptions } from "./backend.js";
import { TERMINAL_STATES } from "./backend.js";
import { JobError } from "./errors.js";
import { readTail } from "./follow-file.js";

/** Backend-specific steps of waiting. */
export interface WaitHooks {
  /** The backend enforces `timeoutMs` itself (Slurm's `--time`): do not cancel from here. */
  readonly enforcesTimeout?: boolean;
  /** Runs once the job has ended, before the result is built (ssh copies the run dir back here). */
  readonly afterEnd?: () => Promise<void>;
  readonly defaultPollMs: number;
}

// Poll until the job ends; resolve for "completed" (or any end with `reject: false`), else throw JobError.
export async function waitForJob(
  backend: JobBackend,
  job: JobHandle,
  options: WaitOptions,
  hooks: WaitHooks,
): Promise<JobResult> {
  const pollMs = options.pollMs ?? hooks.defaultPollMs;
  const started = Date.parse(job.submittedAt);
  let last: string | undefined;
  let status: JobStatus;
  for (;;) {
    if (options.signal?.aborted) {
      await backend.cancel(job);
      status = await backend.status(job);
      break;
    }
    status = await backend.status(job);
    if (status.state !== last) {
      last = status.state;
      options.onProgress?.(status);
    }
    if (TERMINAL_STATES.has(status.state)) break;
    if (!hooks.enforcesTimeout && job.timeoutMs !== undefined && Date.now() - started > job.timeoutMs) {
      status = await backend.cancel(job, { reason: "timeout" });
      break;
    }
    await sleep(pollMs, undefined, { signal: options.signal }).catch(() => undefined);
  }
  await hooks.afterEnd?.();
  const result: JobResult = { ...status, job, durationMs: Date.now() - started, logPath: job.logPath };
  if (status.state === "completed" || options.reject === false) return result;
  throw await jobErrorOf(result, options.explain);
}

// The error for a job that ended in any state but "completed", with its log tail and a hint when known.
export async function jobErrorOf(
  result: JobResult,
  explain?: (logTail: string) => string | undefined,
): Promise<JobError> {
  const { job } = result;
  const logTail = await readTail(job.logPath);
  const who = `Job \`${job.name}\` (${job.backend} ${job.id})`;
  const summary = summaryOf(who, result);
  return new JobError({
    summary,
    command: job.command,
    backend: job.backend,
    jobId: job.id,
    state: result.rawState ?? result.state,
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.state === "timeout",
    isCanceled: result.state === "cancelled",
    durationMs: result.durationMs,
    logPath: job.logPath,
    logTail,
    hint: explain?.(logTail),
  });
}

function summaryOf(who: string, result: JobResult): string {
  const reason = result.reason ? ` (${result.reason})` : "";
  switch (result.state) {
    case "cancelled":
      return `${who} was cancelled${reason}`;
    case "timeout":
      return `${who} timed out after ${result.job.timeoutMs ?? "its time limit of"} milliseconds${reason}`;
    case "lost":
      return `${who} was lost: it ended without leaving an exit status${reason}`;
    default:
      if (result.signal) return `${who} was killed with ${result.signal}${reason}`;
      if (result.rawState && !["FAILED", "failed"].includes(result.rawState))
        return `${who} ended with state ${result.rawState}${result.exitCode === undefined ? "" : `, exit code ${result.exitCode}`}${reason}`;
      return `${who} failed with exit code ${result.exitCode ?? "unknown"}${reason}`;
  }
}

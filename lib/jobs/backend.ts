// The one interface every job backend implements, and the types that cross it.
import type { JobResources, JobSpecInput } from "./job-spec.js";

/** Where a job stands. `lost` means it is gone without leaving an exit status (its machine rebooted, a kill -9). */
export type JobState = "pending" | "running" | "completed" | "failed" | "cancelled" | "timeout" | "lost";

/** The end states: a job in one of these never changes again. */
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(["completed", "failed", "cancelled", "timeout", "lost"]);

/**
 * A submitted job, as plain data: written to `<runDir>/logs/<name>.job.json` at submit, so another process
 * (`agentft train status DIR`) can reopen it with `openJob`.
 */
export interface JobHandle {
  /** The backend's registry name. */
  readonly backend: string;
  /** The options the backend was created with (host, port, user, key path...; never a secret). */
  readonly backendOptions: Readonly<Record<string, unknown>>;
  /** The backend's id: a process group id (local, ssh), a Slurm job id. */
  readonly id: string;
  readonly name: string;
  readonly runDir: string;
  readonly command: readonly string[];
  /** The combined stdout + stderr log on this machine (ssh copies it back at the end). */
  readonly logPath: string;
  /** ISO time of submission. */
  readonly submittedAt: string;
  readonly timeoutMs?: number;
  /** Backend-specific facts (`remoteDir` for ssh, `scriptPath` for Slurm). */
  readonly detail: Readonly<Record<string, string | number>>;
}

/** A job's state now, with its exit status once it has one. */
export interface JobStatus {
  readonly state: JobState;
  readonly exitCode?: number;
  readonly signal?: string;
  /** The backend's own word for the state (`COMPLETED`, `OUT_OF_MEMORY`, `running`). */
  readonly rawState?: string;
  /** Why it ended, in words, when the backend says (Slurm's `Reason`, "cancelled on request"). */
  readonly reason?: string;
  /** The machine the job runs on, when the backend chooses it (Slurm's `BatchHost`). */
  readonly node?: string;
}

/** What `wait` resolves to: the final status, how long it took, and where the log is. */
export interface JobResult extends JobStatus {
  readonly job: JobHandle;
  readonly durationMs: number;
  readonly logPath: string;
}

export interface SubmitOptions {
  /** Cancel the job when this signal aborts. */
  readonly signal?: AbortSignal;
  /**
   * Stop the job when the submitting process ends, however it ends (a notebook kernel killed mid-cell):
   * what a model server started from a cell wants, never a training run. `local` runs the job under a
   * watchdog; `ssh` holds one connection whose remote end stops the job when the connection closes; `slurm`
   * holds a pipe to a small shell that runs `scancel` when it closes.
   * @default false
   */
  readonly endWithSubmitter?: boolean;
}

export interface LogsOptions {
  /** Keep reading as the job writes, until it ends. @default false */
  readonly follow?: boolean;
  /** Stop following. */
  readonly signal?: AbortSignal;
  /** How often to look for new output, in milliseconds. @default 250 */
  readonly pollMs?: number;
  /**
   * Another file of the run dir to read instead of the log, relative to it (`metrics.jsonl`); on ssh it is
   * read on the remote machine. @default the job's log
   */
  readonly file?: string;
}

export interface WaitOptions {
  readonly signal?: AbortSignal;
  /** How often to ask the backend for the state, in milliseconds. @default 250 (local), 1000 (ssh, slurm) */
  readonly pollMs?: number;
  /** Resolve with the failed status instead of throwing a JobError (execa's `reject: false`). @default true */
  readonly reject?: boolean;
  /** Called with each new state seen while waiting. */
  readonly onProgress?: (status: JobStatus) => void;
  /** Turns the log tail of a failed job into one concrete fix (train/ and serve/ pass their hints table). */
  readonly explain?: (logTail: string) => string | undefined;
}

export interface CancelOptions {
  /** Milliseconds between SIGTERM and SIGKILL (execa's forceKillAfterDelay). @default 5000 */
  readonly graceMs?: number;
  /** What to record as the end state: a cancel on request, or the job's time limit running out. @default "cancelled" */
  readonly reason?: "cancelled" | "timeout";
}

export interface ExecOptions {
  /** What Slurm reserves for the command (a GPU, so it lands on a GPU node); others ignore it. */
  readonly resources?: JobResources;
  /** Extra environment variables for the command. */
  readonly env?: Readonly<Record<string, string>>;
  /** @default 60000 */
  readonly timeoutMs?: number;
}

/** What a short command on the target printed. A program the target lacks exits 127 (as a shell reports it). */
export interface ExecResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** One way of running jobs: on this machine, over ssh, on a Slurm cluster. Registered by name. */
export interface JobBackend {
  readonly name: string;
  /** Start the job (copying its run dir where needed) and return its handle, already saved in the run dir. */
  submit(spec: JobSpecInput, options?: SubmitOptions): Promise<JobHandle>;
  status(job: JobHandle): Promise<JobStatus>;
  /** The job's log lines (stdout and stderr together), from the start; with `follow`, until the job ends. */
  logs(job: JobHandle, options?: LogsOptions): AsyncIterable<string>;
  /** Stop the job (SIGTERM, then SIGKILL after the grace period) and return its final status. */
  cancel(job: JobHandle, options?: CancelOptions): Promise<JobStatus>;
  /** Wait until the job ends (bringing results back for ssh); throws JobError unless it completed. */
  wait(job: JobHandle, options?: WaitOptions): Promise<JobResult>;
  /**
   * Run a short command where the jobs run (this machine, the ssh host, a Slurm node through `srun`) and
   * return its output whatever its exit code: how `nvidia-smi` is read on the target before a launch.
   */
  exec(command: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Where the jobs run on another machine reached over a secure channel (ssh): the argv of a process that
   * forwards this machine's `127.0.0.1:localPort` to `127.0.0.1:remotePort` there, so a server there can
   * stay on its loopback. Backends whose jobs are reachable directly have none.
   */
  forwardCommand?(localPort: number, remotePort: number): string[];
}

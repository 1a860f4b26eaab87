// Errors of job backends: one class for a job or a backend command that did not succeed, shaped like execa's.
import { AgentftError } from "../errors.js";

/** Everything known about a job (or a backend's own command, e.g. `sbatch`) that failed, was cancelled or timed out. */
export interface JobErrorInit {
  /** What failed, first line of the message: "Job `train` (local, 4711) failed with exit code 3". */
  readonly summary: string;
  /** The program and its arguments, as given (never a shell string). */
  readonly command: readonly string[];
  /** The backend's registry name: `local`, `ssh`, `slurm`. */
  readonly backend: string;
  /** The backend's id of the job (a process id, a Slurm job id), when it got one. */
  readonly jobId?: string;
  /** The backend's own state word when it has one (`FAILED`, `CANCELLED`, `TIMEOUT`, `OUT_OF_MEMORY`). */
  readonly state?: string;
  readonly exitCode?: number;
  /** The signal that ended the process (`SIGTERM`, `SIGKILL`), when one did. */
  readonly signal?: string;
  readonly timedOut?: boolean;
  /** True when the job was cancelled on request (`cancel()`, an AbortSignal). */
  readonly isCanceled?: boolean;
  readonly durationMs?: number;
  /** The job's combined stdout + stderr log on this machine. */
  readonly logPath?: string;
  /** The last lines of that log (or of the command's stderr), shown under the summary. */
  readonly logTail?: string;
  /** One concrete thing to change, when the log shows a known failure. */
  readonly hint?: string;
  readonly cause?: unknown;
}

// execa's message recipe: what happened, the escaped command, then the detail (hint, log tail).
function buildMessage(init: JobErrorInit): string {
  const lines = [`${init.summary}: ${formatCommand(init.command)}`];
  if (init.hint) lines.push(init.hint);
  if (init.logPath) lines.push(`Log: ${init.logPath}`);
  if (init.logTail?.trim()) lines.push("", init.logTail.trimEnd());
  return lines.join("\n");
}

/** A job or a backend command that did not complete: its command, exit code, signal, timing and log tail. */
export class JobError extends AgentftError {
  readonly shortMessage: string;
  readonly command: readonly string[];
  readonly backend: string;
  readonly jobId: string | undefined;
  readonly state: string | undefined;
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  readonly durationMs: number | undefined;
  readonly logPath: string | undefined;
  readonly logTail: string;
  readonly hint: string | undefined;

  constructor(init: JobErrorInit) {
    super("job", buildMessage(init), { cause: init.cause });
    this.name = "JobError";
    this.shortMessage = `${init.summary}: ${formatCommand(init.command)}`;
    this.command = init.command;
    this.backend = init.backend;
    this.jobId = init.jobId;
    this.state = init.state;
    this.exitCode = init.exitCode;
    this.signal = init.signal;
    this.timedOut = init.timedOut ?? false;
    this.isCanceled = init.isCanceled ?? false;
    this.durationMs = init.durationMs;
    this.logPath = init.logPath;
    this.logTail = init.logTail ?? "";
    this.hint = init.hint;
  }
}

/** A backend name that is not in the registry; the message lists the registered ones. */
export class UnknownBackendError extends AgentftError {
  readonly backendName: string;
  readonly registered: readonly string[];
  constructor(name: string, registered: readonly string[]) {
    super(
      "unknown-backend",
      `No job backend named \`${name}\`; registered backends: ${registered.map((n) => `\`${n}\``).join(", ")}. ` +
        "Pick one of them, or register yours with registerJobBackend().",
    );
    this.name = "UnknownBackendError";
    this.backendName = name;
    this.registered = registered;
  }
}

// Show an argument array the way a person would type it, quoting only what needs it (for messages only).
export function formatCommand(command: readonly string[]): string {
  return command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : quoteShellArg(arg))).join(" ");
}

// POSIX single-quote an argument: the one safe way to hand an argument to a remote shell (ssh joins its
// arguments into one string that the remote shell parses, so there is no argument array on that side).
export function quoteShellArg(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

// Run a backend's own short command (sbatch, scontrol, ssh, rsync) and return its output; a failure is a
// JobError with the command, exit code and stderr, and a program that is not installed names its package.
import { execa } from "execa";
import { MissingDependencyError } from "../errors.js";
import { JobError } from "./errors.js";

export interface RunCommandOptions {
  /** The backend this runs for, for the error. */
  readonly backend: string;
  /** Debian package that provides the program, for the "not installed" message. */
  readonly debianPackage: string;
  readonly purpose: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Resolve with the failed result instead of throwing (for "job not found" answers). */
  readonly reject?: boolean;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

// Run `command` (an argument array) to its end.
export async function runCommand(command: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const [file, ...args] = command;
  const started = Date.now();
  const result = await execa(file as string, args, {
    reject: false,
    stdin: "ignore",
    timeout: options.timeoutMs ?? 60_000,
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  if ((result as { code?: string }).code === "ENOENT") {
    throw new MissingDependencyError(file as string, options.debianPackage, options.purpose);
  }
  const out = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
  if (result.exitCode === 0 || options.reject === false) return out;
  throw new JobError({
    summary: result.timedOut
      ? `\`${file}\` timed out after ${options.timeoutMs ?? 60_000} milliseconds`
      : `\`${file}\` failed with exit code ${result.exitCode ?? "unknown"}`,
    command,
    backend: options.backend,
    ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
    ...(result.signal ? { signal: result.signal } : {}),
    timedOut: result.timedOut,
    durationMs: Date.now() - started,
    logTail: [result.stderr, result.stdout].filter(Boolean).join("\n").split("\n").slice(-20).join("\n"),
  });
}

// The few lines of POSIX sh every backend runs the command under: the command arrives as arguments
// ("$@"), never pasted into the script, and its exit code is written to a file (atomically) when it ends,
// so a later process, a remote machine or an expired Slurm record can still tell how the job ended.
import { constants } from "node:os";

// $1 is the exit file; the rest is the command. TERM/INT are trapped so the wrapper outlives the command it
// waits for and records its code (143 after SIGTERM); a trapped signal is reset to default for the command
// on exec, so the command itself still gets the signal as usual. A SIGKILL ends both: no exit file then.
export const WRAPPER_SCRIPT = [
  'exit_file=$1; shift; trap "" HUP',
  "trap : TERM INT",
  '"$@" </dev/null',
  "code=$?",
  'printf "%s\\n" "$code" > "$exit_file.tmp" && mv -f "$exit_file.tmp" "$exit_file"',
  'exit "$code"',
].join("\n");

// argv that runs `command` under the wrapper: ["sh", "-c", WRAPPER_SCRIPT, "sh", exitFile, ...command].
export function wrapCommand(exitFile: string, command: readonly string[]): string[] {
  return ["sh", "-c", WRAPPER_SCRIPT, "sh", exitFile, ...command];
}

// A shell's exit code above 128 means "killed by signal code-128"; name that signal (143 → SIGTERM).
export function signalOfExitCode(code: number | undefined): string | undefined {
  if (code === undefined || code <= 128 || code > 128 + 64) return undefined;
  const number = code - 128;
  for (const [name, value] of Object.entries(constants.signals)) if (value === number) return name;
  return undefined;
}

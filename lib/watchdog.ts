// A command tied to the life of this process. The command runs under a small Node parent that leads a
// process group of its own (so a Ctrl-C or a cell interrupt sent to ours does not reach it) and holds the
// read end of a pipe from us on its stdin. When this process dies, however it dies (a kernel killed
// mid-cell, a SIGKILL), the pipe closes and the watchdog stops the whole group: SIGTERM, then SIGKILL
// after the grace period. It runs no other code, so it notices at once.

/** How the watchdog treats its command. */
export interface WatchdogOptions {
  /** Milliseconds between SIGTERM and SIGKILL once this process is gone; 0 sends SIGKILL at once. */
  readonly graceMs: number;
  /** A SIGINT to the watchdog: passed on to the command (a kernel's interrupt) or a stop. @default "stop" */
  readonly onInterrupt?: "forward" | "stop";
  /** A file written (text, atomically) before the stop that follows this process's end, so a later reader
   * can tell that stop from the command ending by itself (a job's cancel record). */
  readonly orphanRecord?: { readonly path: string; readonly text: string };
}

// argv[1] is the JSON options, the rest the command. A command that cannot start is reported on stderr
// with exit code 127, as a shell does. Stopping signals the group (`-process.pid`), so the command's own
// children (vLLM's engine workers, a wrapper's child) go too; the watchdog ignores its own SIGTERM then.
const SCRIPT = `
const { spawn } = require("node:child_process");
const { signals } = require("node:os").constants;
const options = JSON.parse(process.argv[1]);
const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
let stopping = false;
const group = (signal) => { try { process.kill(-process.pid, signal); } catch { try { child.kill(signal); } catch {} } };
const stop = () => {
  if (stopping) return;
  stopping = true;
  if (options.graceMs <= 0) return group("SIGKILL");
  group("SIGTERM");
  setTimeout(() => group("SIGKILL"), options.graceMs);
};
const orphaned = () => {
  const record = options.orphanRecord;
  if (record && !stopping) {
    try {
      require("node:fs").writeFileSync(record.path + ".tmp", record.text);
      require("node:fs").renameSync(record.path + ".tmp", record.path);
    } catch {}
  }
  stop();
};
process.stdin.on("end", orphaned);
process.stdin.on("error", orphaned);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
process.on("SIGINT", () => (options.onInterrupt === "forward" ? child.kill("SIGINT") : stop()));
child.on("error", (error) => { console.error("agentft: failed to start: " + error.message); process.exit(127); });
// Once stopping, what the command left behind in the group goes with the watchdog itself.
child.on("exit", (code, signal) => (stopping ? group("SIGKILL") : process.exit(code ?? 128 + (signals[signal] || 9))));
`;

/** What the watchdog writes before exiting 127 when its command cannot start. */
export const WATCHDOG_NOT_STARTED = "agentft: failed to start: ";

// The argv that runs `command` under the watchdog. Spawn it with `detached: true` (its own group) and
// `stdin: "pipe"`, and keep that pipe open for as long as the command may live.
export function watchdogCommand(command: readonly string[], options: WatchdogOptions): [string, ...string[]] {
  if (command.length === 0) throw new TypeError("watchdogCommand: the command is empty");
  return [process.execPath, "-e", SCRIPT, JSON.stringify(options), ...command];
}

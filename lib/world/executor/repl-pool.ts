// Pre-started REPL processes, so opening a task world never waits for Python to start. The processes
// are forked by one host per pool (see repl-host.ts); a host that dies is replaced at the next take.
import { ConfigError, MissingDependencyError } from "../../errors.js";
import { parseOptions, sandboxOptionsSchema, type SandboxOptions } from "./executor-config.js";
import { ReplHost } from "./repl-host.js";
import { ReplProcess } from "./repl-process.js";
import {
  buildReplCommand,
  detectBwrap,
  detectUserNamespaces,
  findReplScript,
  resolvePython,
  type ReplCommand,
} from "./sandbox.js";

/** Options of a pool: how its processes are confined, how many wait ready, where warnings go. */
export interface ReplPoolOptions extends SandboxOptions {
  /** Processes kept started and idle. 0 starts each process on demand. @default 2 */
  readonly size?: number;
  /**
   * Receives the one-time warning that the REPL runs without bubblewrap. Without it the warning goes
   * to `process.emitWarning` (once per process).
   */
  readonly onWarning?: (message: string) => void;
}

/** A source of fresh REPL processes. A process handed out is never handed out again. */
export interface ReplPool {
  /** True when the processes run under bubblewrap. */
  readonly sandboxed: boolean;
  /** Processes started and not yet taken. */
  readonly idle: number;
  /** Hand out a started (or starting) process and start its replacement in the background. */
  take(): ReplProcess;
  /** Kill the idle processes; processes already taken belong to their worlds. */
  close(): Promise<void>;
}

const warnedCallbacks = new WeakSet<(message: string) => void>();
let warnedDefault = false;

function warnOnce(onWarning: ((message: string) => void) | undefined, message: string): void {
  if (onWarning) {
    if (warnedCallbacks.has(onWarning)) return;
    warnedCallbacks.add(onWarning);
    onWarning(message);
  } else if (!warnedDefault) {
    warnedDefault = true;
    process.emitWarning(message, { code: "AGENTFT_WEAK_SANDBOX" });
  }
}

// Decide bubblewrap or not, resolve the interpreter, and build the command every process of a pool runs.
export function resolveReplCommand(options: ReplPoolOptions = {}): ReplCommand {
  const { size: _size, onWarning, ...rest } = options;
  const sandbox = parseOptions(sandboxOptionsSchema, rest, "Python executor sandbox options");
  const python = resolvePython(sandbox.python);
  const replPath = findReplScript();
  let bwrapPath: string | undefined;
  let withoutBwrap = '`sandbox: "none"` was requested';
  if (sandbox.sandbox === "unsafe-none") {
    // Warned at every start, never once: nothing but this option lets agent code run as root.
    const message =
      "The Python REPL runs without bubblewrap (`sandbox: unsafe-none`)" +
      (process.getuid?.() === 0 ? " and AS ROOT: agent code can read and change everything this server can. " : ". ") +
      "Use `sandbox: auto` (with Debian's bubblewrap) or `none` instead.";
    if (onWarning) onWarning(message);
    else process.emitWarning(message, { code: "AGENTFT_UNSAFE_SANDBOX" });
  } else if (sandbox.sandbox === "none") {
    warnOnce(onWarning, weakIsolationMessage('`sandbox: "none"` was requested'));
  } else {
    const probe = detectBwrap();
    if (probe.problem === undefined) bwrapPath = probe.path;
    else if (sandbox.sandbox === "bwrap") {
      if (probe.path === undefined) {
        throw new MissingDependencyError(
          "bwrap",
          "bubblewrap",
          'to sandbox the embedded world\'s Python REPL (`sandbox: "bwrap"`)',
        );
      }
      throw new ConfigError(`${probe.problem}. Allow user namespaces here, or use \`sandbox: "auto"\` or \`"none"\`.`);
    } else {
      withoutBwrap = probe.problem;
      warnOnce(onWarning, weakIsolationMessage(probe.problem));
    }
  }
  // Without bubblewrap and without root, only an unprivileged user namespace keeps agent code from acting
  // as this server's user (its files, its processes): refuse to start without one.
  const root = process.getuid?.() === 0;
  if (bwrapPath === undefined && sandbox.sandbox !== "unsafe-none" && !root) {
    const problem = detectUserNamespaces(python);
    if (problem !== undefined) {
      throw new ConfigError(
        `The Python REPL cannot be confined here: it runs without bubblewrap (${withoutBwrap}) and ${problem}. ` +
          "Install bubblewrap (sudo apt-get install bubblewrap), or allow user namespaces " +
          "(sudo sysctl kernel.unprivileged_userns_clone=1 user.max_user_namespaces=10000), or accept agent " +
          'code acting as your own user with `sandbox: "unsafe-none"`.',
      );
    }
  }
  return buildReplCommand({ python, replPath, bwrapPath, sandbox });
}

function weakIsolationMessage(why: string): string {
  const user = process.getuid?.() === 0 ? "user `nobody`" : "your user";
  return (
    `The Python REPL runs without bubblewrap (${why}): isolation is weaker (each REPL still has mount, ` +
    "network, IPC and process namespaces of its own, a private /tmp and /dev/shm, a read-only file system, " +
    `limits and a system-call filter, but it can read every file on this machine that ${user} can read, ` +
    "except this server's working and home folders). Install it with: sudo apt-get install bubblewrap"
  );
}

// Start a pool; `size` processes are started now and each `take()` starts one more.
export function createReplPool(options: ReplPoolOptions = {}): ReplPool {
  const size = options.size ?? 2;
  if (!Number.isInteger(size) || size < 0) {
    throw new ConfigError(
      `Expected the \`size\` option of the REPL pool to be a non-negative integer, got ${JSON.stringify(size)}.`,
      [{ path: "size", message: "must be a non-negative integer" }],
    );
  }
  const command = resolveReplCommand(options);
  const spares: ReplProcess[] = [];
  let closed = false;
  let host: ReplHost | undefined;
  const liveHost = (): ReplHost => {
    if (!host?.accepting) host = new ReplHost(command);
    return host;
  };
  const refill = (): void => {
    while (!closed && spares.length < size) spares.push(new ReplProcess(liveHost()));
  };
  refill();
  return {
    sandboxed: command.sandboxed,
    get idle() {
      return spares.filter((spare) => spare.alive).length;
    },
    take() {
      let taken = spares.shift();
      while (taken && !taken.alive) taken = spares.shift();
      const result = taken ?? new ReplProcess(liveHost());
      // A process taken from a closed pool gets a host of its own, which ends with it.
      if (closed) host?.release();
      // Start the replacement after this turn, so opening a world returns at once.
      if (!closed) setImmediate(refill);
      return result;
    },
    async close() {
      closed = true;
      for (const spare of spares.splice(0)) spare.kill();
      // Processes already taken keep the host until they end.
      host?.release();
    },
  };
}

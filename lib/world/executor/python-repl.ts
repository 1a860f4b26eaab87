// The REPL a task world executes agent code in: AppWorld's execute() semantics over a replaceable process.
import { AgentftError } from "../../errors.js";
import type { ApiCaller } from "../apps/types.js";
import { parseOptions, replOptionsSchema, type ReplOptions, type ResolvedReplOptions } from "./executor-config.js";
import { createReplPool, type ReplPool, type ReplPoolOptions } from "./repl-pool.js";
import { interactionLimitOutput } from "./protocol.js";
import type { ReplProcess, RunOutcome } from "./repl-process.js";

/** Options of one world's REPL. Sandbox options apply only when no `pool` is given. */
export interface StartPythonReplOptions extends ReplOptions, Omit<ReplPoolOptions, "size"> {
  /** Take processes (the first one and replacements) from this pool instead of starting them on demand. */
  readonly pool?: ReplPool;
}

/** Per-call options of `execute`. */
export interface ExecuteOptions {
  /** Overrides the REPL's `timeoutSeconds` for this execution. @unit seconds */
  readonly timeoutSeconds?: number;
}

/** A persistent Python REPL bound to one world's API caller. */
export interface PythonRepl {
  /** True when the REPL runs under bubblewrap. */
  readonly sandboxed: boolean;
  /** Executions counted so far (AppWorld's `num_interactions`). */
  readonly interactions: number;
  /** Times the process was replaced after a hard time-out or a crash (variables were lost each time). */
  readonly restarts: number;
  /** Run a code cell; resolves with AppWorld's output string. Calls are queued, one at a time. */
  execute(code: string, options?: ExecuteOptions): Promise<string>;
  /** Kill the process. Further `execute` calls reject. */
  close(): Promise<void>;
}

const FAILED = "Execution failed. Traceback:\n";
// The outputs for which repl.py says an execution does not count (AppWorld does not count refused code,
// syntax errors or empty code). The REPL's word is believed only for these, and only `maxInteractions` times.
const UNCOUNTED_OUTPUTS = [`${FAILED}Syntax error in line:\n`, `${FAILED}Usage of the following `];
const EMPTY_OUTPUT = "No code available to execute.";

// Open a REPL for one world: takes a process at once (from `pool` when given) and never blocks.
export function startPythonRepl(caller: ApiCaller, options: StartPythonReplOptions = {}): PythonRepl {
  const {
    pool: givenPool,
    onWarning,
    timeoutSeconds,
    hardTimeoutGraceSeconds,
    maxInteractions,
    maxApiCallsPerExecution,
    ...sandbox
  } = options;
  const settings = parseOptions(
    replOptionsSchema,
    { timeoutSeconds, hardTimeoutGraceSeconds, maxInteractions, maxApiCallsPerExecution },
    "Python REPL options",
  );
  const pool = givenPool ?? createReplPool({ ...sandbox, size: 0, ...(onWarning ? { onWarning } : {}) });
  return new ReplSession(caller, pool, settings, givenPool === undefined);
}

class ReplSession implements PythonRepl {
  private process: ReplProcess | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private execCounter = 0;
  /** Executions the REPL reported as not counted (believed at most `maxInteractions` times). */
  private uncounted = 0;
  private closed = false;
  interactions = 0;
  restarts = 0;

  constructor(
    private readonly caller: ApiCaller,
    private readonly pool: ReplPool,
    private readonly settings: ResolvedReplOptions,
    private readonly ownsPool: boolean,
  ) {
    this.process = pool.take();
  }

  get sandboxed(): boolean {
    return this.pool.sandboxed;
  }

  execute(code: string, options: ExecuteOptions = {}): Promise<string> {
    if (typeof code !== "string") {
      return Promise.reject(
        new TypeError(`Expected the \`code\` argument of execute() to be a string, got ${typeof code}.`),
      );
    }
    const timeoutSeconds = options.timeoutSeconds ?? this.settings.timeoutSeconds;
    if (!(timeoutSeconds > 0) || !Number.isFinite(timeoutSeconds)) {
      return Promise.reject(
        new TypeError(
          `Expected the \`timeoutSeconds\` option of execute() to be a positive number, got ${JSON.stringify(timeoutSeconds)}.`,
        ),
      );
    }
    const run = this.queue.then(() => this.runOne(code, timeoutSeconds));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.process?.kill();
    this.process = undefined;
    if (this.ownsPool) await this.pool.close();
  }

  private async runOne(code: string, timeoutSeconds: number): Promise<string> {
    if (this.closed)
      throw new AgentftError("repl-closed", "This Python REPL was closed; open a new world to execute more code.");
    if (!this.process?.alive) {
      // The world's state lives in TypeScript and is intact; only the Python variables are gone.
      this.process = this.pool.take();
      this.restarts += 1;
    }
    // A process whose host died while it started (killed, or found stopped) is replaced once: its host's
    // end is no fault of this world. A second failure is a real start-up problem and is reported.
    if (
      !(await this.process.ready.then(
        () => true,
        () => false,
      ))
    ) {
      this.process = this.pool.take();
      this.restarts += 1;
    }
    const limit = this.settings.maxInteractions;
    // Past the limit the code never reaches Python: the refusal is written here, where the count is kept.
    if (this.interactions >= limit || this.uncounted >= limit) {
      this.interactions += 1;
      return interactionLimitOutput(limit);
    }
    const outcome = await this.process.run({ exec: ++this.execCounter, code, timeoutSeconds }, this.caller, {
      maxApiCalls: this.settings.maxApiCallsPerExecution,
      hardTimeoutMs: (timeoutSeconds + this.settings.hardTimeoutGraceSeconds) * 1000,
    });
    return this.describeOutcome(outcome, timeoutSeconds);
  }

  private describeOutcome(outcome: RunOutcome, timeoutSeconds: number): string {
    if (outcome.kind === "done") {
      const believable =
        outcome.output === EMPTY_OUTPUT || UNCOUNTED_OUTPUTS.some((prefix) => outcome.output.startsWith(prefix));
      if (outcome.counted || !believable) this.interactions += 1;
      else this.uncounted += 1;
      return outcome.output;
    }
    this.interactions += 1;
    this.process?.kill();
    if (outcome.kind === "timeout") {
      // Same last line as the in-cell time-out, so readers of the output need one pattern.
      return `${FAILED}Exception: Execution timed out after ${timeoutSeconds} seconds.`;
    }
    if (outcome.kind === "died") {
      return `${FAILED}Exception: The Python process stopped (${outcome.reason.split(";")[0]}); variables from earlier executions are lost.`;
    }
    return `${FAILED}Exception: The Python process sent an unreadable reply (${outcome.error.slice(0, 300)}); variables from earlier executions are lost.`;
  }
}

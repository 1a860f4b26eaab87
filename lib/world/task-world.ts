// One open task world: the task's start state, the apps bound to it and a Python REPL that runs
// agent code against it. This is the API the environment server (AppWorld's protocol) is built on.
import { AgentftError } from "../errors.js";
import { createApiCaller } from "./apps/call.js";
import { evaluateTask } from "./evaluate.js";
import { createReplPool, startPythonRepl, type PythonRepl, type ReplPool } from "./executor/index.js";
import { getPerson } from "./mutations.js";
import { cloneState, type WorldState } from "./state.js";
import { getTask } from "./tasks/catalog.js";
import type { EvaluationReport, Task } from "./tasks/types.js";

/** What AppWorld's `/initialize` returns for a task. */
export interface TaskWorldInfo {
  readonly task_id: string;
  readonly instruction: string;
  readonly supervisor: {
    readonly first_name: string;
    readonly last_name: string;
    readonly email: string;
    readonly phone_number: string;
  };
  readonly datetime: string;
}

export interface OpenTaskWorldOptions {
  /** Executions allowed before AppWorld's "Maximum number of executions" failure. @default 1000 */
  readonly maxInteractions?: number;
  /** Seconds one execution may run. @unit seconds @default 10 */
  readonly timeoutSeconds?: number;
  /** `auto` uses bubblewrap when it works here; `bwrap` requires it; `none` never uses it. @default "auto" */
  readonly sandbox?: "auto" | "bwrap" | "none" | "unsafe-none";
  /** Receives the one-time warning when the REPL runs without bubblewrap. */
  readonly onWarning?: (message: string) => void;
  /** Take REPL processes from this pool instead of the shared default pool of the sandbox mode. */
  readonly pool?: ReplPool;
}

export interface TaskWorld {
  readonly task: Task;
  readonly info: TaskWorldInfo;
  /** The live world state (changed by executed code; replaced in place by `loadState`). */
  readonly state: WorldState;
  /** Whether the REPL runs under bubblewrap. */
  readonly sandboxed: boolean;
  /** Runs a code cell; resolves with AppWorld's output string. */
  execute(code: string): Promise<string>;
  /** True once `complete_task` was called (status success or fail). */
  taskCompleted(): boolean;
  /** Runs the task's tests on the start state and the current state. */
  evaluate(): EvaluationReport;
  /** Keeps a snapshot of the current state under `stateId`. */
  saveState(stateId: string): void;
  /** Restores a snapshot taken by `saveState` (the REPL's Python variables are kept). */
  loadState(stateId: string): void;
  close(): Promise<void>;
}

const defaultPools = new Map<string, ReplPool>();

// One shared pool per sandbox mode, so opening a world takes an already started Python process.
function defaultPool(options: OpenTaskWorldOptions): ReplPool {
  const mode = options.sandbox ?? "auto";
  let pool = defaultPools.get(mode);
  if (!pool) {
    pool = createReplPool({ sandbox: mode, size: 2, ...(options.onWarning ? { onWarning: options.onWarning } : {}) });
    defaultPools.set(mode, pool);
  }
  return pool;
}

// Kills the idle processes of the shared pools (they are unref'd, so this is only needed to free them early).
export async function closeDefaultReplPools(): Promise<void> {
  const pools = [...defaultPools.values()];
  defaultPools.clear();
  await Promise.all(pools.map((p) => p.close()));
}

// Replaces the contents of `target` with a copy of `source`, keeping the object the API caller holds.
function replaceState(target: WorldState, source: WorldState): void {
  const copy = cloneState(source);
  for (const key of Object.keys(target)) delete (target as unknown as Record<string, unknown>)[key];
  Object.assign(target, copy);
}

// The /initialize output of a task on a state.
export function describeTaskWorld(task: Task, state: WorldState): TaskWorldInfo {
  const person = getPerson(state, state.supervisor.personId);
  return {
    task_id: task.id,
    instruction: task.instruction,
    supervisor: {
      first_name: person.firstName,
      last_name: person.lastName,
      email: person.email,
      phone_number: person.phoneNumber,
    },
    datetime: task.datetime,
  };
}

// Opens the world of a task: its start state, the allowed apps and a Python REPL (throws UnknownTaskError for a bad id).
export async function openTaskWorld(taskId: string, options: OpenTaskWorldOptions = {}): Promise<TaskWorld> {
  const task = getTask(taskId);
  const state = task.buildState();
  const start = task.buildState();
  const caller = createApiCaller(state, { allowedApps: task.allowedApps });
  const repl: PythonRepl = startPythonRepl(caller, {
    pool: options.pool ?? defaultPool(options),
    maxInteractions: options.maxInteractions ?? 1000,
    timeoutSeconds: options.timeoutSeconds ?? 10,
  });
  const snapshots = new Map<string, WorldState>();
  const info = describeTaskWorld(task, state);
  return {
    task,
    info,
    state,
    sandboxed: repl.sandboxed,
    execute: (code) => repl.execute(code),
    taskCompleted: () => state.supervisor.task.status !== null,
    evaluate: () => evaluateTask(task, start, state),
    saveState(stateId) {
      snapshots.set(stateId, cloneState(state));
    },
    loadState(stateId) {
      const snapshot = snapshots.get(stateId);
      if (!snapshot) {
        const known = [...snapshots.keys()];
        throw new AgentftError(
          "unknown-state",
          `No saved state \`${stateId}\` for task ${task.id}; saved states: ${known.length ? known.map((k) => `\`${k}\``).join(", ") : "none"}. Call saveState("${stateId}") first.`,
        );
      }
      replaceState(state, snapshot);
    },
    close: () => repl.close(),
  };
}

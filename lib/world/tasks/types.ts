// What a task is: an instruction, a start state, gold steps and state-based tests (AppWorld's model).
import type { WorldState } from "../state.js";

export const SPLITS = ["train", "dev", "test_normal", "test_challenge"] as const;
export type Split = (typeof SPLITS)[number];

/** One step of a gold solution or of a trajectory: why, and the Python code run in the REPL. */
export interface GoldStep {
  readonly thought: string;
  readonly action: string;
}

/** What a test sees: the world before the agent acted, after it acted, and the task's completion. */
export interface TestContext {
  readonly start: WorldState;
  readonly end: WorldState;
}

/**
 * A state-based unit test of a task. `label` says whether a policy that does nothing passes it
 * (`no_op_pass`) or fails it (`no_op_fail`), as AppWorld labels its tests.
 */
export interface TaskTest {
  readonly requirement: string;
  readonly label: "no_op_pass" | "no_op_fail";
  /** Returns null when the requirement holds, otherwise the failure trace (what was expected, what was found). */
  readonly check: (context: TestContext) => string | null;
}

/** One task: a variant `{scenario}_{n}` of a scenario. Everything is derived deterministically from the catalog seed. */
export interface Task {
  /** `{7 hex}_{1..3}`, e.g. `325d6ec_2`. */
  readonly id: string;
  /** The 7 hex digits before `_`. */
  readonly scenarioId: string;
  readonly split: Split;
  readonly difficulty: 1 | 2 | 3;
  /** Intent family: `send_money`, `request_money`, `split_bill`, `add_balance`, `approve_requests`, `deny_requests`, `refund`, `question`, ... */
  readonly intent: string;
  readonly instruction: string;
  /** Frozen world clock, `YYYY-MM-DDTHH:MM:SS`. */
  readonly datetime: string;
  /** Apps the task may use (always includes `api_docs` and `supervisor`). */
  readonly allowedApps: readonly string[];
  /** Builds a fresh start state (a new object every call). */
  readonly buildState: () => WorldState;
  readonly goldSteps: readonly GoldStep[];
  readonly tests: readonly TaskTest[];
  /** The answer `complete_task(answer=...)` must give, for questions; undefined when the task is not a question. */
  readonly expectedAnswer?: string | number;
}

/** AppWorld's per-task test tracker (`/evaluate` output with `report: false`). */
export interface EvaluationReport {
  readonly success: boolean;
  readonly difficulty: 1 | 2 | 3;
  readonly num_tests: number;
  readonly passes: readonly { readonly requirement: string; readonly label: TaskTest["label"] }[];
  readonly failures: readonly {
    readonly requirement: string;
    readonly trace: string;
    readonly label: TaskTest["label"];
  }[];
}

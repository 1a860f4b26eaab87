// AppWorld's environment-server wire format: request bodies and `output` shapes of every route, as zod schemas.
// These are wire shapes (snake_case, Python's None as null); the client maps them to camelCase domain types.
import { z } from "zod";

// Python clients send None for unset options; treat null like an absent key.
const optionalString = z.string().nullish();

/** `task_id` as AppWorld sends it with every request after `/initialize`. */
const taskId = z.string().min(1, "`task_id` must be a non-empty string such as `325d6ec_2`");

/**
 * `POST /initialize`. AppWorld's Python client also sends `remote_apis_url`, `raise_on_failure`,
 * `ground_truth_mode`, `load_ground_truth`, ...; unknown keys are accepted and ignored, as AppWorld does.
 */
export const InitializeBody = z.object({
  task_id: taskId,
  /** Picks among several open worlds of the same task; AppWorld's client sends `"default"` when unset. */
  experiment_name: optionalString,
  /** Executions allowed before `Maximum number of executions (N) reached.` @default 1000 */
  max_interactions: z.number().int().positive().nullish(),
  /** Per-execution time limit in seconds. @default the world's own (10 s in the embedded world) */
  timeout_seconds: z.number().positive().nullish(),
  /** Accepted for compatibility; the embedded world is deterministic per task. @default 100 */
  random_seed: z.number().int().nullish(),
});

/** `POST /execute`. */
export const ExecuteBody = z.object({ task_id: taskId, code: z.string(), experiment_name: optionalString });

/** `POST /batch_execute` (AppWorld main): several codes run one after another in the same REPL. */
export const BatchExecuteBody = z.object({
  task_id: taskId,
  codes: z.array(z.string()),
  experiment_name: optionalString,
});

/** `POST /task_completed`, `/close`: only the world to address. */
export const TaskBody = z.object({ task_id: taskId, experiment_name: optionalString });

/** `POST /evaluate`: `report: true` answers the text report instead of the test tracker dict. */
export const EvaluateBody = z.object({
  task_id: taskId,
  experiment_name: optionalString,
  suppress_errors: z.boolean().nullish(),
  report: z.boolean().nullish(),
});

/** `POST /save_state`, `/load_state`: a named snapshot of the task's world state. */
export const StateBody = z.object({
  task_id: taskId,
  state_id: z.string().min(1, "`state_id` must be a non-empty string"),
  experiment_name: optionalString,
});

/**
 * `POST /close_all`: AppWorld main sends no body, 0.1.3 sends `{task_id}` (ignored). With `experiment_name`
 * only that experiment's worlds are closed, so one client cannot close another's worlds.
 */
export const CloseAllBody = z.object({ experiment_name: optionalString, task_id: z.string().nullish() });

/** AppWorld's supervisor record (the person the agent acts for). */
export const SupervisorWire = z.object({
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  phone_number: z.string(),
});

/** `output` of `/initialize` and of `GET /tasks/{task_id}` (which adds a few task fields). */
export const InitializeOutput = z.object({
  task_id: z.string(),
  instruction: z.string(),
  supervisor: SupervisorWire,
  datetime: z.string(),
});

/** `output` of `GET /tasks/{task_id}`: the initialize fields plus what a task list shows. */
export const TaskInfoOutput = InitializeOutput.extend({
  difficulty: z.number().int().nullish(),
  split: z.string().nullish(),
  allowed_apps: z.array(z.string()).nullish(),
});

/** AppWorld's per-task test tracker, the `output` of `/evaluate` without `report`. */
export const EvaluationTracker = z
  .object({
    success: z.boolean(),
    difficulty: z.number().int(),
    num_tests: z.number().int(),
    passes: z.array(z.object({ requirement: z.string(), label: z.string() }).loose()),
    failures: z.array(z.object({ requirement: z.string(), trace: z.string(), label: z.string() }).loose()),
  })
  .loose();

/** `GET /`: AppWorld answers `{"message": "Welcome to AppWorld Server! ..."}`, which pools poll for readiness. */
export const WelcomeBody = z.object({ message: z.string() }).loose();

/** Every failure: FastAPI's `{"detail": ...}`; a string from AppWorld and from us, a list for FastAPI's 422. */
export const ErrorBody = z.object({ detail: z.unknown() }).loose();

// Route table: method, path, body schema and `output` schema of each route, the one list server and client share.
export const ROUTES = {
  initialize: { method: "POST", path: "/initialize", body: InitializeBody, output: InitializeOutput },
  execute: { method: "POST", path: "/execute", body: ExecuteBody, output: z.string() },
  batchExecute: { method: "POST", path: "/batch_execute", body: BatchExecuteBody, output: z.array(z.string()) },
  taskCompleted: { method: "POST", path: "/task_completed", body: TaskBody, output: z.boolean() },
  evaluate: { method: "POST", path: "/evaluate", body: EvaluateBody, output: z.union([z.string(), EvaluationTracker]) },
  saveState: { method: "POST", path: "/save_state", body: StateBody, output: z.unknown() },
  loadState: { method: "POST", path: "/load_state", body: StateBody, output: z.unknown() },
  close: { method: "POST", path: "/close", body: TaskBody, output: z.unknown() },
  closeAll: { method: "POST", path: "/close_all", body: CloseAllBody, output: z.unknown() },
} as const;

/** Names of the POST routes, camelCase as the client methods. */
export type RouteName = keyof typeof ROUTES;
export type InitializeBodyWire = z.input<typeof InitializeBody>;
export type InitializeOutputWire = z.output<typeof InitializeOutput>;
export type TaskInfoOutputWire = z.output<typeof TaskInfoOutput>;
export type EvaluationTrackerWire = z.output<typeof EvaluationTracker>;

/** The message of a `{"detail": ...}` body: the string itself, or the JSON of FastAPI's list of issues. */
export function readErrorDetail(body: unknown): string | undefined {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return typeof body === "string" && body.trim() ? body.trim().slice(0, 500) : undefined;
  const detail = parsed.data.detail;
  return typeof detail === "string" ? detail : JSON.stringify(detail);
}

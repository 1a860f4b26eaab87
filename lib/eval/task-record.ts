// The one-line-per-task record of an eval run (`tasks.jsonl`), and AppWorld's per-task test tracker.
import type { Episode } from "../agent/episode.js";
import type { EvaluationTrackerWire } from "../env/index.js";

/** AppWorld's `/evaluate` tracker for one task: the one wire shape of env/protocol.ts, as the client parsed it. */
export type TaskEvaluation = EvaluationTrackerWire;

/** One finished (task, trial): the whole episode and its evaluation. Written as one JSON line. */
export interface TaskRecord {
  readonly taskId: string;
  /** 1-based trial number (runs with `trials: K` hold K records per task). */
  readonly trial: number;
  readonly scenarioId: string;
  readonly episode: Episode;
  readonly evaluation: TaskEvaluation;
  /** ISO times. */
  readonly startedAt: string;
  readonly finishedAt: string;
}

// AppWorld task ids are `{scenario}_{n}`; the scenario is everything before the last `_`.
export function scenarioOf(taskId: string): string {
  const cut = taskId.lastIndexOf("_");
  return cut > 0 ? taskId.slice(0, cut) : taskId;
}

// The key a resumed run uses to skip what is done.
export function recordKey(taskId: string, trial: number): string {
  return `${taskId}#${trial}`;
}

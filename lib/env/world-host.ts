// The one place env/ touches the embedded world: everything the protocol needs from lib/world, as a small interface.
import { buildApiDocs, describeTaskWorld, getTask, openTaskWorld, renderEvaluationReport } from "../world/index.js";
import type { EvaluationReport, Task } from "../world/index.js";
import type { InitializeOutputWire, TaskInfoOutputWire } from "./protocol.js";

/** What the server asks of one open task world (a REPL process plus its state). */
export interface HostedWorld {
  readonly info: InitializeOutputWire;
  execute(code: string): Promise<string>;
  taskCompleted(): boolean | Promise<boolean>;
  evaluate(): EvaluationReport | Promise<EvaluationReport>;
  saveState(stateId: string): unknown;
  loadState(stateId: string): unknown;
  close(): Promise<void>;
}

/** How a world is opened: AppWorld's initialize options plus the sandbox choice. */
export interface OpenWorldOptions {
  readonly maxInteractions?: number | undefined;
  readonly timeoutSeconds?: number | undefined;
  readonly sandbox?: "auto" | "bwrap" | "none" | "unsafe-none" | undefined;
  readonly onWarning?: ((message: string) => void) | undefined;
}

/** The world operations the request handler depends on. */
export interface WorldHost {
  /** Undefined when no task has this id. */
  findTask(taskId: string): Task | undefined;
  openWorld(taskId: string, options: OpenWorldOptions): Promise<HostedWorld>;
  describeTask(task: Task): TaskInfoOutputWire;
  renderReport(report: EvaluationReport, taskId: string): string;
  apiDocs(): unknown;
}

// getTask throws UnknownTaskError for an id it does not know; the handler wants undefined and its own 404.
function findTask(taskId: string): Task | undefined {
  try {
    return getTask(taskId);
  } catch {
    return undefined;
  }
}

async function openWorld(taskId: string, options: OpenWorldOptions): Promise<HostedWorld> {
  return openTaskWorld(taskId, {
    ...(options.maxInteractions !== undefined ? { maxInteractions: options.maxInteractions } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.sandbox !== undefined ? { sandbox: options.sandbox } : {}),
    ...(options.onWarning !== undefined ? { onWarning: options.onWarning } : {}),
  });
}

function describeTask(task: Task): TaskInfoOutputWire {
  return {
    ...describeTaskWorld(task, task.buildState()),
    difficulty: task.difficulty,
    split: task.split,
    allowed_apps: [...task.allowedApps],
  };
}

/** The embedded payments world of lib/world. */
export const embeddedWorldHost: WorldHost = {
  findTask,
  openWorld,
  describeTask,
  renderReport: (report, taskId) => renderEvaluationReport(report, { taskId }),
  apiDocs: () => buildApiDocs(),
};

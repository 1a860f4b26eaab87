// Which tasks a run covers, and the gold steps the `gold` reference policy replays.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PolicyStep } from "../agent/index.js";
import { ConfigError } from "../errors.js";
import { getTask, listTaskIds } from "../world/index.js";

/** Where task ids come from: the embedded world's catalog, or AppWorld's `data/datasets/{split}.txt`. */
export interface ResolveTaskIdsOptions {
  readonly split?: string | undefined;
  readonly taskIds?: readonly string[] | undefined;
  /** Read the split from AppWorld's data (env `appworld`): `$APPWORLD_ROOT/data/datasets/{split}.txt`. */
  readonly appWorldRoot?: string | undefined;
}

// Resolve the run's task ids in a stable order (the split's order, or the order given).
export function resolveTaskIds(options: ResolveTaskIdsOptions): string[] {
  if (options.taskIds !== undefined) return [...new Set(options.taskIds)];
  const split = options.split as string;
  if (options.appWorldRoot !== undefined) {
    const file = path.join(options.appWorldRoot, "data", "datasets", `${split}.txt`);
    if (!existsSync(file)) {
      throw new ConfigError(
        `AppWorld's task list ${file} does not exist; set APPWORLD_ROOT to the folder where \`appworld download data\` put \`data/\`, or pass the task ids.`,
        [{ path: "split", message: "AppWorld task list not found" }],
      );
    }
    return readFileSync(file, "utf8")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  }
  return listTaskIds(split as Parameters<typeof listTaskIds>[0]);
}

// The gold steps of an embedded-world task (AppWorld's protocol does not serve solutions).
export function getGoldSteps(taskId: string): readonly PolicyStep[] {
  return getTask(taskId).goldSteps;
}

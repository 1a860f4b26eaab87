// Which tasks a run covers, and the gold steps the `gold` reference policy replays.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { PolicyStep } from "../agent/index.js";
import { EnvironmentClient, WELCOME_MESSAGE } from "../env/index.js";
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

/** What decides where a run's task ids come from. */
export interface RunTaskSource {
  readonly split?: string | undefined;
  readonly taskIds?: readonly string[] | undefined;
  /** `embedded`, `appworld` (a pool of AppWorld servers) or an environment server's URL. */
  readonly env: string;
  /** A ready client used instead of `env` (its `target` says what it talks to). */
  readonly envClient?: EnvironmentClient | undefined;
  /** AppWorld's root (the folder holding `data/`); for `appworld` the default is $APPWORLD_ROOT, then the cwd. */
  readonly appWorldRoot?: string | undefined;
}

// The task ids of a run. Only the embedded world (in process, or served by `agentft world serve`) knows
// the embedded catalog; a real AppWorld server's split comes from its dataset files, or the run is refused.
export async function resolveRunTaskIds(source: RunTaskSource): Promise<string[]> {
  if (source.taskIds !== undefined) return resolveTaskIds({ taskIds: source.taskIds });
  const target = source.envClient?.target ?? source.env;
  if (target === "embedded") return resolveTaskIds({ split: source.split });
  const root = source.appWorldRoot ?? process.env["APPWORLD_ROOT"];
  if (target === "appworld") return resolveTaskIds({ split: source.split, appWorldRoot: root ?? process.cwd() });
  // AppWorld's protocol lists no splits, but our own server says who it is in its welcome message.
  const client = source.envClient ?? EnvironmentClient.http(target);
  try {
    if ((await client.ping()) === WELCOME_MESSAGE) return resolveTaskIds({ split: source.split });
  } finally {
    if (source.envClient === undefined) await client.dispose();
  }
  if (root !== undefined) return resolveTaskIds({ split: source.split, appWorldRoot: root });
  throw new ConfigError(
    `The environment server ${target} is not the embedded world, so the embedded catalog's \`${source.split}\` task ids mean nothing to it. ` +
      `Pass the task ids (CLI: --task-ids), or set APPWORLD_ROOT to the folder holding AppWorld's \`data/datasets/${source.split}.txt\`.`,
    [{ path: "split", message: "no task list for this environment server" }],
  );
}

// The gold steps of an embedded-world task (AppWorld's protocol does not serve solutions).
export function getGoldSteps(taskId: string): readonly PolicyStep[] {
  return getTask(taskId).goldSteps;
}

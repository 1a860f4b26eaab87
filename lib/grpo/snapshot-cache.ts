// World copies restored to a step prompt's state: the earlier actions are replayed once per copy, then
// `/save_state` keeps the result and `/load_state` restores it in O(1) for every later completion of that prompt.
import { randomBytes } from "node:crypto";
import type { EnvironmentClient } from "../env/index.js";
import type { TestTracker } from "./reward-terms.js";

/** One world of a prompt: its own `experiment_name`, so no two completions ever share it. */
export interface WorldCopy {
  readonly taskId: string;
  readonly experimentName: string;
  /** The tracker in the prompt's state (before any completion), for the collateral comparison. */
  readonly base: TestTracker;
}

interface CopyEntry extends WorldCopy {
  /** An action may have changed its Python names: replay before the next use. */
  stale: boolean;
  /** Just rebuilt: already in the prompt's state, no `/load_state` needed. */
  fresh: boolean;
  /** The replay started when the copy came back stale; settles (never rejects) when it is done. */
  rebuilding: Promise<void> | undefined;
}

interface PromptEntry {
  readonly taskId: string;
  readonly history: readonly string[];
  readonly idle: CopyEntry[];
  /** Copies of this prompt in use or idle. */
  count: number;
  lastUsed: number;
}

/** Options of the cache. */
export interface SnapshotCacheOptions {
  /** Most world copies kept open; the least recently used idle ones are closed beyond it. @default 256 */
  readonly maxWorlds?: number;
  /** Replay a copy as soon as it comes back stale (off the next batch's path) rather than when next used. @default true */
  readonly rebuildEarly?: boolean;
}

/** What the cache has done so far (the benchmark prints it). */
export interface SnapshotCacheStats {
  /** Copies built by opening a world and replaying a history. */
  readonly replays: number;
  /** Completions that started from `/load_state` (O(1)). */
  readonly restores: number;
  readonly openWorlds: number;
}

const STATE_ID = "agentft-grpo-prompt";
const keyOf = (taskId: string, history: readonly string[]): string => `${taskId}\u0000${JSON.stringify(history)}`;

// Keeps world copies per (task, history) on one environment client and hands out one copy per completion.
export class SnapshotCache {
  readonly #env: EnvironmentClient;
  readonly #maxWorlds: number;
  readonly #rebuildEarly: boolean;
  readonly #prefix = `grpo-${randomBytes(4).toString("hex")}`;
  readonly #prompts = new Map<string, PromptEntry>();
  #serial = 0;
  #open = 0;
  #replays = 0;
  #restores = 0;
  #clock = 0;

  constructor(env: EnvironmentClient, options: SnapshotCacheOptions = {}) {
    this.#env = env;
    this.#maxWorlds = options.maxWorlds ?? 256;
    this.#rebuildEarly = options.rebuildEarly ?? true;
  }

  get stats(): SnapshotCacheStats {
    return { replays: this.#replays, restores: this.#restores, openWorlds: this.#open };
  }

  // Run `use` on a copy of the prompt's world; `keep(result)` says whether the copy may be reused as it is.
  async with<T>(
    taskId: string,
    history: readonly string[],
    use: (copy: WorldCopy) => Promise<T>,
    reusable: (result: T) => boolean,
  ): Promise<T> {
    const prompt = this.#prompt(taskId, history);
    const copy = await this.#acquire(prompt);
    let keep = false;
    try {
      const result = await use(copy);
      keep = reusable(result);
      return result;
    } finally {
      this.#release(prompt, copy, keep);
    }
  }

  // Close every copy this cache opened.
  async dispose(): Promise<void> {
    const all = [...this.#prompts.values()].flatMap((p) => p.idle.splice(0));
    this.#prompts.clear();
    await Promise.all(all.map((c) => this.#close(c)));
  }

  #prompt(taskId: string, history: readonly string[]): PromptEntry {
    const key = keyOf(taskId, history);
    let prompt = this.#prompts.get(key);
    if (!prompt) {
      prompt = { taskId, history: [...history], idle: [], count: 0, lastUsed: 0 };
      this.#prompts.set(key, prompt);
    }
    prompt.lastUsed = ++this.#clock;
    return prompt;
  }

  async #acquire(prompt: PromptEntry): Promise<CopyEntry> {
    // Prefer a copy that only needs `/load_state`, then one whose replay is under way, then a stale one.
    const clean = prompt.idle.findIndex((c) => !c.stale && c.rebuilding === undefined);
    const pending = prompt.idle.findIndex((c) => c.rebuilding !== undefined);
    const pick = clean >= 0 ? clean : pending >= 0 ? pending : prompt.idle.length - 1;
    const idle = pick >= 0 ? prompt.idle.splice(pick, 1)[0] : undefined;
    if (idle?.rebuilding) await idle.rebuilding;
    if (idle?.stale) {
      try {
        await this.#replay(prompt, idle.experimentName);
        idle.stale = false;
        return idle;
      } catch (error) {
        prompt.count--;
        await this.#close(idle);
        throw error;
      }
    }
    if (idle) {
      if (!idle.fresh) {
        await this.#env.loadState(idle.taskId, STATE_ID, { experimentName: idle.experimentName });
        this.#restores++;
      }
      idle.fresh = false;
      return idle;
    }
    prompt.count++;
    this.#open++;
    await this.#evictIdle();
    try {
      return await this.#build(prompt, `${this.#prefix}-${++this.#serial}`);
    } catch (error) {
      prompt.count--;
      this.#open--;
      throw error;
    }
  }

  // Open the world (re-opening replaces an old one of the same name), replay the history, keep the snapshot.
  async #build(prompt: PromptEntry, experimentName: string): Promise<CopyEntry> {
    await this.#replay(prompt, experimentName);
    const base = await this.#env.evaluate(prompt.taskId, { experimentName });
    return { taskId: prompt.taskId, experimentName, base, stale: false, fresh: false, rebuilding: undefined };
  }

  // Re-open the world under its name (a new REPL), replay the prompt's history and save that state.
  async #replay(prompt: PromptEntry, experimentName: string): Promise<void> {
    const selector = { experimentName };
    await this.#env.initialize(prompt.taskId, { experimentName, maxInteractions: 1_000_000 });
    if (prompt.history.length > 0) await this.#env.batchExecute(prompt.taskId, prompt.history, selector);
    await this.#env.saveState(prompt.taskId, STATE_ID, selector);
    this.#replays++;
  }

  // A copy whose Python names may differ from the prompt's now is rebuilt in place (same name, new REPL) at
  // once, so the replay runs while the trainer generates the next batch, not when that batch needs the copy.
  #release(prompt: PromptEntry, copy: CopyEntry, keep: boolean): void {
    copy.stale = !keep;
    copy.fresh = false;
    if (!keep && this.#rebuildEarly) {
      copy.rebuilding = this.#replay(prompt, copy.experimentName).then(
        () => {
          copy.stale = false;
          copy.fresh = true;
          copy.rebuilding = undefined;
        },
        () => {
          // Stays stale: the next user replays it and sees the error itself.
          copy.rebuilding = undefined;
        },
      );
    }
    prompt.idle.push(copy);
  }

  // Close idle copies of the least recently used prompts until a new one fits under maxWorlds.
  async #evictIdle(): Promise<void> {
    if (this.#open <= this.#maxWorlds) return;
    const prompts = [...this.#prompts.values()]
      .filter((p) => p.idle.length > 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    const closing: CopyEntry[] = [];
    for (const prompt of prompts) {
      while (prompt.idle.length > 0 && this.#open - closing.length > this.#maxWorlds) {
        closing.push(prompt.idle.shift() as CopyEntry);
        prompt.count--;
      }
    }
    await Promise.all(closing.map((c) => this.#close(c)));
  }

  async #close(copy: CopyEntry): Promise<void> {
    this.#open--;
    await copy.rebuilding;
    await this.#env.close(copy.taskId, { experimentName: copy.experimentName }).catch(() => undefined);
  }
}

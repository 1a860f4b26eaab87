// The crash-safe task log of a run: one JSON line per finished task, appended and flushed to disk.
import { mkdir, open, readFile, truncate } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { recordKey, type TaskRecord } from "./task-record.js";

/** An open `tasks.jsonl`: the records already there, and an append that is on disk when it resolves. */
export interface ResultStore {
  readonly path: string;
  /** Records read at open, in file order, one per (task, trial). */
  readonly records: readonly TaskRecord[];
  /** Bytes of a torn last line (a writer killed mid-line) that were cut off at open; 0 when none. */
  readonly tornBytes: number;
  has(taskId: string, trial: number): boolean;
  append(record: TaskRecord): Promise<void>;
  close(): Promise<void>;
}

// Read the log, cut a torn last line, and open it for appends. A corrupt line before the last is an error.
export async function openResultStore(file: string): Promise<ResultStore> {
  await mkdir(path.dirname(file), { recursive: true });
  const { records, validBytes, tornBytes } = await readTaskLog(file);
  // A line cut by SIGKILL must go, or the next append would be glued onto it.
  if (tornBytes > 0) await truncate(file, validBytes);
  const done = new Set(records.map((r) => recordKey(r.taskId, r.trial)));
  const handle = await open(file, "a");
  let queue: Promise<void> = Promise.resolve();
  return {
    path: file,
    records,
    tornBytes,
    has: (taskId, trial) => done.has(recordKey(taskId, trial)),
    append(record) {
      const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
      // Appends are chained so two workers never interleave bytes; each line is one write, then fsync.
      queue = queue.then(async () => {
        let written = 0;
        while (written < line.length) written += (await handle.write(line, written)).bytesWritten;
        await handle.datasync();
        done.add(recordKey(record.taskId, record.trial));
      });
      return queue;
    },
    async close() {
      await queue.catch(() => undefined);
      await handle.close();
    },
  };
}

/** What `readTaskLog` found: the good records, and where the good bytes end. */
export interface TaskLog {
  readonly records: TaskRecord[];
  readonly validBytes: number;
  readonly tornBytes: number;
}

// Read a `tasks.jsonl`; a missing file is an empty log. Duplicate (task, trial) lines keep the first.
export async function readTaskLog(file: string): Promise<TaskLog> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], validBytes: 0, tornBytes: 0 };
    throw error;
  }
  const records: TaskRecord[] = [];
  const seen = new Set<string>();
  let offset = 0;
  let lineNumber = 0;
  while (offset < buffer.length) {
    const end = buffer.indexOf(0x0a, offset);
    lineNumber++;
    const isLast = end === -1 || end === buffer.length - 1;
    const text = buffer.subarray(offset, end === -1 ? buffer.length : end).toString("utf8");
    const record = parseRecord(text);
    if (record === undefined || end === -1) {
      if (isLast) return { records, validBytes: offset, tornBytes: buffer.length - offset };
      throw new ConfigError(
        `${file}:${lineNumber} is not a task record (${text.length > 60 ? `${text.slice(0, 60)}...` : text}); ` +
          "the file was edited by hand or by another program. Delete that line (its task will run again) or start a new run with another --run name.",
        [{ path: `${file}:${lineNumber}`, message: "not a task record" }],
      );
    }
    const key = recordKey(record.taskId, record.trial);
    if (!seen.has(key)) {
      seen.add(key);
      records.push(record);
    }
    offset = end + 1;
  }
  return { records, validBytes: offset, tornBytes: 0 };
}

function parseRecord(text: string): TaskRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<TaskRecord> | null;
    if (
      value &&
      typeof value.taskId === "string" &&
      typeof value.trial === "number" &&
      value.evaluation &&
      value.episode
    ) {
      return value as TaskRecord;
    }
  } catch {
    // Falls through: not JSON.
  }
  return undefined;
}

// The crash-safe task log of a run: one JSON line per finished task, in the one journal format.
import { openJournalFile, readJournal, type JournalContents, type JournalFormat } from "../data/index.js";
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

/** What `readTaskLog` found: the good records, and where the good bytes end. */
export type TaskLog = JournalContents<TaskRecord>;

const TASK_RECORD_FORMAT: JournalFormat<TaskRecord> = {
  parse: (value) => {
    const record = value as Partial<TaskRecord> | null;
    return record &&
      typeof record.taskId === "string" &&
      typeof record.trial === "number" &&
      record.evaluation &&
      record.episode
      ? (record as TaskRecord)
      : undefined;
  },
  keyOf: (record) => recordKey(record.taskId, record.trial),
  describe: "a task record",
  fix: "Delete that line (its task will run again) or start a new run with another --run name.",
};

// Read the log, cut a torn last line, and open it for appends. A corrupt line before the last is an error.
export async function openResultStore(file: string): Promise<ResultStore> {
  const journal = await openJournalFile(file, TASK_RECORD_FORMAT);
  const done = new Set(journal.records.map(TASK_RECORD_FORMAT.keyOf));
  return {
    path: file,
    records: journal.records,
    tornBytes: journal.tornBytes,
    has: (taskId, trial) => done.has(recordKey(taskId, trial)),
    async append(record) {
      await journal.append(record);
      done.add(recordKey(record.taskId, record.trial));
    },
    close: () => journal.close(),
  };
}

// Read a `tasks.jsonl`; a missing file is an empty log. Duplicate (task, trial) lines keep the first.
export function readTaskLog(file: string): Promise<TaskLog> {
  return readJournal(file, TASK_RECORD_FORMAT);
}

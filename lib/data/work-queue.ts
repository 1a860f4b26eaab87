// An append-only journal of finished items, so a long synthesis run can be interrupted and resumed:
// items already in the journal are not asked again.
import { openJournalFile, type JournalFormat } from "./journal.js";

/** One finished item of a run: its key and what became of it. */
export interface JournalEntry {
  readonly key: string;
  readonly [field: string]: unknown;
}

/** The finished items of a synthesis run, kept in a journal file when one is given. */
export interface Journal {
  /** Entries read at open time and appended since, by key. */
  readonly entries: ReadonlyMap<string, JournalEntry>;
  /** Record an item; on disk (when there is a file) when it resolves. */
  append(entry: JournalEntry): Promise<void>;
  close(): Promise<void>;
}

const ENTRY_FORMAT: JournalFormat<JournalEntry> = {
  parse: (value) =>
    value !== null && typeof value === "object" && typeof (value as { key?: unknown }).key === "string"
      ? (value as JournalEntry)
      : undefined,
  keyOf: (entry) => entry.key,
  describe: "a journal entry",
  fix: "Delete that line (its item will be asked again) or pass another --journal file.",
};

// Open (or start) a journal; without a file it only remembers in memory. A torn last line is cut off.
export async function openJournal(file: string | undefined): Promise<Journal> {
  const entries = new Map<string, JournalEntry>();
  if (file === undefined) {
    return {
      entries,
      append: async (entry) => void entries.set(entry.key, entry),
      close: async () => undefined,
    };
  }
  const journal = await openJournalFile(file, ENTRY_FORMAT);
  for (const entry of journal.records) entries.set(entry.key, entry);
  return {
    entries,
    async append(entry) {
      entries.set(entry.key, entry);
      await journal.append(entry);
    },
    close: () => journal.close(),
  };
}

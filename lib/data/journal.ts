// The one crash-safe JSON-lines journal: a line per finished item, appended with one write and an fsync.
// A writer killed mid-line leaves a torn last line; opening cuts it off, so the next append starts on a
// line of its own and the redone item is kept. Synthesis journals and eval task logs both use it.
import { mkdir, open, readFile, truncate } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";

/** How a journal reads its lines back. */
export interface JournalFormat<T> {
  /** The record of one parsed JSON line, or undefined when the line is not one. */
  readonly parse: (value: unknown) => T | undefined;
  /** Identity of a record: a second line with the same key is ignored (the first one wins). */
  readonly keyOf: (record: T) => string;
  /** What a line holds, for the error about a corrupt line: `a task record`. */
  readonly describe: string;
  /** What to do about a corrupt line before the last one. */
  readonly fix: string;
}

/** What `readJournal` found: the good records, and where the good bytes end. */
export interface JournalContents<T> {
  readonly records: T[];
  readonly validBytes: number;
  /** Bytes of a torn last line (a writer killed mid-line); 0 when none. */
  readonly tornBytes: number;
}

/** An open journal: the records already there, and an append that is on disk when it resolves. */
export interface JournalFile<T> {
  readonly path: string;
  /** Records read at open, in file order, one per key. */
  readonly records: readonly T[];
  /** Bytes of a torn last line that were cut off at open; 0 when none. */
  readonly tornBytes: number;
  append(record: T): Promise<void>;
  close(): Promise<void>;
}

// Read a journal; a missing file is empty. A torn last line is reported, a corrupt line before it throws.
export async function readJournal<T>(file: string, format: JournalFormat<T>): Promise<JournalContents<T>> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { records: [], validBytes: 0, tornBytes: 0 };
    throw error;
  }
  const records: T[] = [];
  const seen = new Set<string>();
  let offset = 0;
  let lineNumber = 0;
  while (offset < buffer.length) {
    const end = buffer.indexOf(0x0a, offset);
    lineNumber++;
    const isLast = end === -1 || end === buffer.length - 1;
    const text = buffer.subarray(offset, end === -1 ? buffer.length : end).toString("utf8");
    const record = end === -1 ? undefined : parseLine(text, format);
    if (record === undefined) {
      if (isLast) return { records, validBytes: offset, tornBytes: buffer.length - offset };
      throw new ConfigError(
        `${file}:${lineNumber} is not ${format.describe} (${text.length > 60 ? `${text.slice(0, 60)}...` : text}); ` +
          `the file was edited by hand or by another program. ${format.fix}`,
        [{ path: `${file}:${lineNumber}`, message: `not ${format.describe}` }],
      );
    }
    const key = format.keyOf(record);
    if (!seen.has(key)) {
      seen.add(key);
      records.push(record);
    }
    offset = end + 1;
  }
  return { records, validBytes: offset, tornBytes: 0 };
}

// Read the journal, cut a torn last line, and open it for appends.
export async function openJournalFile<T>(file: string, format: JournalFormat<T>): Promise<JournalFile<T>> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const { records, validBytes, tornBytes } = await readJournal(file, format);
  // A line cut by SIGKILL must go, or the next append would be glued onto it and lost with it.
  if (tornBytes > 0) await truncate(file, validBytes);
  const handle = await open(file, "a");
  let queue: Promise<void> = Promise.resolve();
  return {
    path: file,
    records,
    tornBytes,
    append(record) {
      const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
      // Appends are chained so two workers never interleave bytes; each line is written whole, then fsync.
      const write = queue.then(async () => {
        let written = 0;
        while (written < line.length) written += (await handle.write(line, written)).bytesWritten;
        await handle.datasync();
      });
      queue = write.catch(() => undefined);
      return write;
    },
    async close() {
      await queue;
      await handle.close();
    },
  };
}

function parseLine<T>(text: string, format: JournalFormat<T>): T | undefined {
  try {
    return format.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
}

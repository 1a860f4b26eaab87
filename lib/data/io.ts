// Reading and writing the data area's files: JSON lines validated row by row, and CSV as Python's
// csv module writes it (QUOTE_MINIMAL, "\n" line ends), which is how the seed stored its rows.
import { readFileSync } from "node:fs";
import type { z } from "zod";
import { configErrorFromZod } from "../errors.js";
import { DataFormatError } from "./errors.js";

// The data area's atomic write is the shared one (synchronous); `writeFileAtomic` is its public name here.
import { writeFileAtomicSync as writeFileAtomic } from "../atomic-write.js";

export { writeFileAtomic };

// One JSON document per line.
export function formatJsonLines(rows: Iterable<unknown>): string {
  let out = "";
  for (const row of rows) out += `${JSON.stringify(row)}\n`;
  return out;
}

export function writeJsonLines(file: string, rows: Iterable<unknown>): void {
  writeFileAtomic(file, formatJsonLines(rows));
}

// Parse JSON lines text against a schema; the first bad line fails naming file:line and every bad field of it
// (one row at a time: a systematic problem would otherwise repeat on thousands of lines).
export function parseJsonLines<S extends z.ZodType>(text: string, schema: S, file: string): z.output<S>[] {
  const rows: z.output<S>[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new DataFormatError(
        { file, line: i + 1 },
        `is not valid JSON (${(error as Error).message})`,
        "Each line must hold one JSON object",
        { cause: error },
      );
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      throw configErrorFromZod(parsed.error, { subject: `row at ${file}:${i + 1} (fix or drop it)`, input: value });
    }
    rows.push(parsed.data);
  }
  return rows;
}

export function readJsonLines<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  return parseJsonLines(readFileSync(file, "utf8"), schema, file);
}

/** A CSV record with the 1-based line its first field starts on. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

// RFC 4180 CSV (quoted fields may hold commas, quotes doubled, newlines); keeps the start line of each record.
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let atFieldStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n") line += 1;
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      quoted = true;
      atFieldStart = false;
    } else if (ch === ",") {
      fields.push(field);
      field = "";
      atFieldStart = true;
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i += 1;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = "";
      line += 1;
      recordLine = line;
      atFieldStart = true;
    } else {
      field += ch;
      atFieldStart = false;
    }
    i += 1;
  }
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

// A field as Python's csv.writer (QUOTE_MINIMAL) writes it.
export function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function formatCsv(header: readonly string[], rows: Iterable<readonly string[]>): string {
  let out = `${header.map(formatCsvField).join(",")}\n`;
  for (const row of rows) out += `${row.map(formatCsvField).join(",")}\n`;
  return out;
}

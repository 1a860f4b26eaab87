// Tables out of the notebook: CSV (spreadsheets), Markdown (a README or a pull request), JSON.
import { frameRows, type Cell, type DataFrame } from "./dataframe.js";

function csvField(value: Cell): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// RFC 4180 CSV with a header row.
export function toCsv(frame: DataFrame): string {
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  return `${[columns.map(csvField).join(","), ...rows.map((row) => columns.map((c) => csvField(row[c] ?? null)).join(","))].join("\n")}\n`;
}

function mdField(value: Cell): string {
  if (value === null) return "";
  const text =
    typeof value === "number" && !Number.isInteger(value) ? String(Math.round(value * 100) / 100) : String(value);
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

// A GitHub-flavoured Markdown table; numeric columns right-aligned.
export function toMarkdown(frame: DataFrame): string {
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === "number"));
  const lines = [
    `| ${columns.map((c) => mdField(c)).join(" | ")} |`,
    `|${numeric.map((n) => (n ? "---:" : ":---")).join("|")}|`,
    ...rows.map((row) => `| ${columns.map((c) => mdField(row[c] ?? null)).join(" | ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}

// Rows as JSON objects keyed by column.
export function toJsonRows(frame: DataFrame): Record<string, Cell>[] {
  return frameRows(frame);
}

// A fixed-width text table for terminals: text left-aligned, numbers right-aligned, nulls as "–".
export function toText(frame: DataFrame): string {
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  const show = (v: Cell) => (v === null ? "–" : mdField(v));
  const cells = rows.map((row) => columns.map((c) => show(row[c] ?? null)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === "number"));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

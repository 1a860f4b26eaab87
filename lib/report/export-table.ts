// Tables out of the notebook: CSV (spreadsheets), Markdown (a README or a pull request), JSON.
import { frameRows, type TableCell, type DataFrame } from "./dataframe.js";

function csvField(value: TableCell): string {
  const text = value === null ? "" : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// RFC 4180 CSV with a header row.
export function toCsv(frame: DataFrame): string {
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  return `${[columns.map(csvField).join(","), ...rows.map((row) => columns.map((c) => csvField(row[c] ?? null)).join(","))].join("\n")}\n`;
}

// Decimals of each numeric column: those of its most precise value, at most 2. A column prints all its
// values alike, so a TGC of 0 beside 41.7 reads "0.0", as the eval layer prints metrics.
function columnDecimals(columns: readonly string[], rows: readonly Record<string, TableCell>[]): number[] {
  return columns.map((c) =>
    Math.max(
      0,
      ...rows.map((row) => {
        const value = row[c];
        if (typeof value !== "number" || !Number.isFinite(value)) return 0;
        const rounded = Math.round(value * 100) / 100;
        return Number.isInteger(rounded) ? 0 : Number.isInteger(rounded * 10) ? 1 : 2;
      }),
    ),
  );
}

function mdField(value: TableCell, decimals = 0): string {
  if (value === null) return "";
  const text =
    typeof value === "number" && Number.isFinite(value) && (decimals > 0 || !Number.isInteger(value))
      ? (Math.round(value * 100) / 100).toFixed(decimals)
      : String(value);
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

// A GitHub-flavoured Markdown table; numeric columns right-aligned.
export function toMarkdown(frame: DataFrame): string {
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  const numeric = columns.map((c) => rows.length > 0 && rows.every((r) => r[c] === null || typeof r[c] === "number"));
  const decimals = columnDecimals(columns, rows);
  const lines = [
    `| ${columns.map((c) => mdField(c)).join(" | ")} |`,
    `|${numeric.map((n) => (n ? "---:" : ":---")).join("|")}|`,
    ...rows.map((row) => `| ${columns.map((c, i) => mdField(row[c] ?? null, decimals[i])).join(" | ")} |`),
  ];
  return `${lines.join("\n")}\n`;
}

// Rows as JSON objects keyed by column.
export function toJsonRows(frame: DataFrame): Record<string, TableCell>[] {
  return frameRows(frame);
}

// A table as one JSON document: metadata (runs, filter, date: whatever says where it came from), the
// columns in order (JSON objects do not keep a column order a reader can rely on) and the rows.
export function toJson(frame: DataFrame, metadata: Readonly<Record<string, unknown>> = {}): string {
  return `${JSON.stringify({ metadata, columns: frame.columns as string[], rows: frameRows(frame) }, null, 2)}\n`;
}

// A fixed-width text table for terminals: text left-aligned, numbers right-aligned, nulls as "–".
export function toText(frame: DataFrame): string {
  const columns = frame.columns as string[];
  const rows = frameRows(frame);
  const decimals = columnDecimals(columns, rows);
  const show = (v: TableCell, i: number) => (v === null ? "–" : mdField(v, decimals[i]));
  const cells = rows.map((row) => columns.map((c, i) => show(row[c] ?? null, i)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = columns.map((c) => rows.some((r) => typeof r[c] === "number"));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(columns), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

// danfojs-node DataFrames for report tables, loaded on first use: the package (with TensorFlow.js)
// takes about a second to load, which `import "agentft"` and every CLI command should not pay.
import { createRequire } from "node:module";
import type { DataFrame } from "danfojs-node";

export type { DataFrame };

/** A table cell as report tables hold them. */
export type TableCell = string | number | boolean | null;

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | undefined;

// The danfojs-node module, required once.
export function loadDanfo(): Danfo {
  danfo ??= createRequire(import.meta.url)("danfojs-node") as Danfo;
  return danfo;
}

// Build a DataFrame with exactly these columns in this order (missing cells are null).
export function toDataFrame(
  rows: readonly Readonly<Record<string, TableCell>>[],
  columns: readonly string[],
): DataFrame {
  const { DataFrame: Frame } = loadDanfo();
  if (rows.length === 0) return new Frame([], { columns: [...columns] });
  return new Frame(
    rows.map((row) => Object.fromEntries(columns.map((column) => [column, row[column] ?? null]))),
    { columns: [...columns] },
  );
}

// True for a danfo DataFrame (checked by shape, so a frame from another copy of danfo counts too).
export function isDataFrame(value: unknown): value is DataFrame {
  if (typeof value !== "object" || value === null) return false;
  const frame = value as { columns?: unknown; values?: unknown; shape?: unknown };
  return Array.isArray(frame.columns) && Array.isArray(frame.values) && Array.isArray(frame.shape);
}

// A frame's rows as plain objects keyed by column, for exports and HTML.
export function frameRows(frame: DataFrame): Record<string, TableCell>[] {
  const columns = frame.columns as string[];
  const values = frame.values as unknown as TableCell[][];
  return values.map((row) => Object.fromEntries(columns.map((column, i) => [column, normalizeCell(row[i])])));
}

function normalizeCell(value: unknown): TableCell {
  if (value === undefined || (typeof value === "number" && Number.isNaN(value))) return null;
  return value as TableCell;
}

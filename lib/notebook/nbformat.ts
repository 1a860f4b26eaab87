// Reading and writing .ipynb files (nbformat 4.5): the shapes the schema allows and nothing more.
import { randomBytes } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { ConfigError, describeValue } from "../errors.js";

/** A multiline string as nbformat stores it: one string, or a list of lines each ending in "\n". */
export type MultilineString = string | string[];

/** MIME type → data; `application/*json` values may be JSON objects, the rest are strings. */
export type MimeBundle = Record<string, unknown>;

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ExecuteResultOutput {
  output_type: "execute_result";
  data: MimeBundle;
  metadata: Record<string, unknown>;
  execution_count: number | null;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** Per-cell record of a run, the way papermill writes it. */
export interface PapermillCellMetadata {
  start_time: string | null;
  end_time: string | null;
  duration: number | null;
  status: "pending" | "running" | "completed" | "failed";
  exception: boolean | null;
}

export interface CellMetadata {
  tags?: string[];
  papermill?: PapermillCellMetadata;
  [key: string]: unknown;
}
export interface CodeCell {
  id: string;
  cell_type: "code";
  metadata: CellMetadata;
  source: MultilineString;
  outputs: Output[];
  execution_count: number | null;
}
export interface MarkdownCell {
  id: string;
  cell_type: "markdown";
  metadata: CellMetadata;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}
export interface RawCell {
  id: string;
  cell_type: "raw";
  metadata: CellMetadata;
  source: MultilineString;
  attachments?: Record<string, MimeBundle>;
}
export type Cell = CodeCell | MarkdownCell | RawCell;

export interface Notebook {
  cells: Cell[];
  metadata: {
    kernelspec?: { name: string; display_name: string; language?: string };
    language_info?: { name: string; [key: string]: unknown };
    papermill?: Record<string, unknown>;
    [key: string]: unknown;
  };
  nbformat: 4;
  nbformat_minor: number;
}

// Join a multiline string into one string.
export function sourceText(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

// Split text into nbformat's list-of-lines form (each line keeps its "\n"), as Jupyter writes it.
export function splitLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((line) => line.length > 0);
}

// A new cell id: 8 random hex characters, as JupyterLab makes them.
export function createCellId(): string {
  return randomBytes(4).toString("hex");
}

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

// Check the parts the runner relies on and give nbformat 4.0–4.4 notebooks cell ids (the 4.5 upgrade).
export function parseNotebook(text: string, file: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file} is not valid JSON (${(error as Error).message}); is it an .ipynb notebook?`, [], {
      cause: error,
    });
  }
  const notebook = raw as Partial<Notebook> & { nbformat?: unknown };
  if (typeof raw !== "object" || raw === null || notebook.nbformat !== 4 || !Array.isArray(notebook.cells)) {
    throw new ConfigError(
      `${file} is not an nbformat 4 notebook (nbformat ${describeValue(notebook?.nbformat)}); convert it with: jupyter nbconvert --to notebook ${file}`,
    );
  }
  const seen = new Set<string>();
  notebook.cells.forEach((cell, index) => {
    if (!["code", "markdown", "raw"].includes(cell.cell_type)) {
      throw new ConfigError(
        `${file}: cells[${index}].cell_type is ${describeValue(cell.cell_type)}; expected code, markdown or raw.`,
      );
    }
    if (typeof cell.id !== "string" || !CELL_ID.test(cell.id) || seen.has(cell.id)) cell.id = createCellId();
    seen.add(cell.id);
    cell.metadata ??= {};
    cell.source ??= "";
    if (cell.cell_type === "code") {
      cell.outputs ??= [];
      cell.execution_count ??= null;
    }
  });
  return {
    cells: notebook.cells,
    metadata: notebook.metadata ?? {},
    nbformat: 4,
    nbformat_minor: Math.max(5, typeof notebook.nbformat_minor === "number" ? notebook.nbformat_minor : 5),
  };
}

// Read an .ipynb file.
export async function readNotebook(file: string): Promise<Notebook> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `Cannot read notebook ${file}: ${(error as NodeJS.ErrnoException).code ?? error}; check the path.`,
      [],
      {
        cause: error,
      },
    );
  }
  return parseNotebook(text, file);
}

// Serialize as Jupyter does (1-space indent, trailing newline) so diffs stay small.
export function formatNotebook(notebook: Notebook): string {
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

// Write atomically (temp file + rename), so a reader never sees half a notebook.
export async function writeNotebook(file: string, notebook: Notebook): Promise<void> {
  const temp = `${file}.${process.pid}.${createCellId()}.tmp`;
  await writeFile(temp, formatNotebook(notebook));
  await rename(temp, file);
}

// Deep copy, so a run never edits the caller's notebook.
export function cloneNotebook(notebook: Notebook): Notebook {
  return structuredClone(notebook);
}

// Whether a cell carries a tag such as `parameters`.
export function hasTag(cell: Cell, tag: string): boolean {
  return Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);
}

// Run a folder of notebooks in name order (what `npm start` does): each on a fresh kernel through the
// runner, written executed with its standalone HTML beside it, then signed as trusted when Jupyter is there.
import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { renderNotebookFile } from "./render.js";
import { executeNotebook, type NotebookProgress } from "./runner.js";
import { trustNotebooks, type TrustNotebooksOptions, type TrustResult } from "./trust.js";

/** A step of a folder run, for a progress line. */
export interface FolderProgress {
  readonly type: "notebook-start" | "notebook-end" | "cell";
  /** The notebook's file name, e.g. `00_Data_Prep.ipynb`. */
  readonly notebook: string;
  /** 1-based position of the notebook and how many run. */
  readonly position: number;
  readonly count: number;
  /** The runner's own event, for `cell`. */
  readonly cell?: NotebookProgress;
  /** How long the notebook took, for `notebook-end`. @unit milliseconds */
  readonly durationMs?: number;
}

/** Options of {@link runNotebookFolder}. */
export interface RunNotebookFolderOptions {
  /** Where executed notebooks and their HTML go. @default `<folder>/../results/notebooks` */
  readonly outDir?: string;
  /** Run only the notebooks whose file name starts with one of these (e.g. `["00", "04"]`). @default all */
  readonly only?: readonly string[];
  /** Parameter values per notebook, keyed by file name without `.ipynb` (e.g. `{"00_Data_Prep": {count: 100}}`). */
  readonly parameters?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Per-cell limit. @unit milliseconds */
  readonly cellTimeoutMs?: number;
  /** Sign the executed notebooks with `jupyter trust` when Jupyter is installed. @default true */
  readonly trust?: boolean;
  /** How to find Jupyter for signing. */
  readonly trustOptions?: TrustNotebooksOptions;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: FolderProgress) => void;
}

/** One notebook that ran to its end. */
export interface NotebookRunSummary {
  readonly name: string;
  readonly inputPath: string;
  readonly outputPath: string;
  readonly htmlPath: string;
  readonly codeCells: number;
  /** @unit milliseconds */
  readonly durationMs: number;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly warnings: readonly string[];
}

/** A folder run that finished. */
export interface RunNotebookFolderResult {
  readonly outDir: string;
  readonly notebooks: readonly NotebookRunSummary[];
  readonly trust: TrustResult;
  /** @unit milliseconds */
  readonly durationMs: number;
}

// The notebooks of a folder in the order they are meant to be read (their names start with 00_, 01_, ...).
export async function listNotebooks(folder: string, only?: readonly string[]): Promise<string[]> {
  const names = (await readdir(folder))
    .filter((name) => name.endsWith(".ipynb") && !name.startsWith("."))
    .filter((name) => !only || only.some((prefix) => name.startsWith(prefix)))
    .sort();
  if (names.length === 0) {
    const which = only ? ` matching ${only.map((p) => `\`${p}\``).join(", ")}` : "";
    throw new ConfigError(`No notebooks${which} in ${folder}; give a folder that holds .ipynb files.`);
  }
  return names.map((name) => path.join(folder, name));
}

// Run every notebook of `folder` in order; the first failure stops the run after its notebook (error
// marked) and HTML are written, and rethrows the runner's error (cell, source, traceback).
export async function runNotebookFolder(
  folder: string,
  options: RunNotebookFolderOptions = {},
): Promise<RunNotebookFolderResult> {
  const started = Date.now();
  const root = path.resolve(folder);
  const outDir = path.resolve(options.outDir ?? path.join(root, "..", "results", "notebooks"));
  const inputs = await listNotebooks(root, options.only);
  const known = new Set(inputs.map((input) => path.basename(input, ".ipynb")));
  for (const key of Object.keys(options.parameters ?? {})) {
    if (!known.has(key)) {
      throw new ConfigError(
        `Parameters were given for \`${key}\`, which is not a notebook that runs here; use one of ${[...known].join(", ")}.`,
      );
    }
  }
  await mkdir(outDir, { recursive: true });
  const notebooks: NotebookRunSummary[] = [];
  for (const [index, inputPath] of inputs.entries()) {
    const name = path.basename(inputPath, ".ipynb");
    const base = { notebook: path.basename(inputPath), position: index + 1, count: inputs.length };
    const outputPath = path.join(outDir, `${name}.ipynb`);
    const htmlPath = path.join(outDir, `${name}.html`);
    options.onProgress?.({ ...base, type: "notebook-start" });
    let codeCells = 0;
    try {
      const result = await executeNotebook(inputPath, {
        outputPath,
        parameters: options.parameters?.[name],
        cellTimeoutMs: options.cellTimeoutMs,
        signal: options.signal,
        onProgress: (cell) => {
          codeCells = cell.codeCells;
          options.onProgress?.({ ...base, type: "cell", cell });
        },
      });
      await renderNotebookFile(outputPath, htmlPath);
      notebooks.push({
        name,
        inputPath,
        outputPath,
        htmlPath,
        codeCells,
        durationMs: result.durationMs,
        parameters: result.parameters,
        warnings: result.warnings,
      });
      options.onProgress?.({ ...base, type: "notebook-end", durationMs: result.durationMs });
    } catch (error) {
      // The runner wrote the notebook with the failure marked; its page shows the same in red.
      await renderNotebookFile(outputPath, htmlPath).catch(() => undefined);
      throw error;
    }
  }
  const trust =
    options.trust === false
      ? { trusted: false, reason: "signing was turned off" }
      : await trustNotebooks(
          notebooks.map((n) => n.outputPath),
          options.trustOptions,
        );
  return { outDir, notebooks, trust, durationMs: Date.now() - started };
}

// Shared by the suites that run the project's notebooks: a scratch project (the notebooks, their data and a
// link to node_modules, so `import ... from "agentft"` resolves as in the repository) and Jupyter folders.
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../helpers/prerequisites.js";

const run = promisify(execFile);
export const notebooksDir = path.join(repoRoot, "notebooks");
export const NOTEBOOKS = [
  "00_Data_Prep",
  "01_Starter",
  "02_Training",
  "03_GRPO",
  "04_Base_Inferencing",
  "05_FT_Inferencing",
] as const;

/** A copy of the project's layout in a temp folder: notebooks/, data/, node_modules (linked), results/. */
export interface ScratchProject {
  readonly root: string;
  readonly notebooks: string;
  readonly results: string;
  /** Environment that points Jupyter's data, config and runtime folders into the scratch project. */
  readonly jupyterEnv: NodeJS.ProcessEnv;
  remove(): Promise<void>;
}

// Relative paths in the notebooks ("../results", "../data/seed") then land in the scratch folder, never the repo.
export function createScratchProject(prefix: string, names: readonly string[] = NOTEBOOKS): ScratchProject {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  const notebooks = path.join(root, "notebooks");
  mkdirSync(notebooks);
  for (const name of names) cpSync(path.join(notebooksDir, `${name}.ipynb`), path.join(notebooks, `${name}.ipynb`));
  cpSync(path.join(repoRoot, "data"), path.join(root, "data"), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"));
  // The Python with TRL the training notebook runs (`../.cache/venv/bin/python`), when this checkout has one.
  const venv = path.join(repoRoot, ".cache", "venv");
  if (existsSync(venv)) {
    mkdirSync(path.join(root, ".cache"));
    symlinkSync(venv, path.join(root, ".cache", "venv"));
  }
  const jupyter = path.join(root, "jupyter");
  const jupyterEnv = {
    ...process.env,
    JUPYTER_DATA_DIR: path.join(jupyter, "data"),
    JUPYTER_PATH: path.join(jupyter, "data"),
    JUPYTER_CONFIG_DIR: path.join(jupyter, "config"),
    JUPYTER_RUNTIME_DIR: path.join(jupyter, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
  };
  return {
    root,
    notebooks,
    results: path.join(root, "results"),
    jupyterEnv,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

// Whether Jupyter's notary (in the data dir of `env`) holds a signature for the notebook file.
export async function isTrusted(file: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const script = [
    "import sys, nbformat",
    "from nbformat.sign import NotebookNotary",
    "nb = nbformat.read(sys.argv[1], as_version=4)",
    "print(NotebookNotary().check_signature(nb))",
  ].join("\n");
  const { stdout } = await run("/usr/bin/python3", ["-c", script, file], { env });
  return stdout.trim() === "True";
}

/** A chart drawn by an HTML output: its traces as `Plotly.newPlot` receives them. */
export interface DrawnTrace {
  readonly type: string;
  readonly name: string;
  readonly y: readonly (number | null)[];
}

// The data array of every `Plotly.newPlot(el, data, ...)` call in an HTML output (the library's chart
// outputs), read by matching brackets outside JSON strings.
export function chartTraces(html: string): DrawnTrace[][] {
  const charts: DrawnTrace[][] = [];
  const marker = "newPlot(el, ";
  for (let at = html.indexOf(marker); at >= 0; at = html.indexOf(marker, at + 1)) {
    const start = at + marker.length;
    let depth = 0;
    let inString = false;
    let end = start;
    for (; end < html.length; end++) {
      const ch = html[end];
      if (inString) {
        if (ch === "\\") end++;
        else if (ch === '"') inString = false;
      } else if (ch === '"') inString = true;
      else if (ch === "[" || ch === "{") depth++;
      else if (ch === "]" || ch === "}") {
        depth--;
        if (depth === 0) break;
      }
    }
    charts.push(JSON.parse(html.slice(start, end + 1)) as DrawnTrace[]);
  }
  return charts;
}

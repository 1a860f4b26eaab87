// Sign executed notebooks as trusted (`jupyter trust`), so that JupyterLab runs the scripts of their
// HTML outputs (charts) when they are opened; an untrusted notebook shows them as inert text.
import { execFile } from "node:child_process";

/** Options of {@link trustNotebooks}. */
export interface TrustNotebooksOptions {
  /**
   * Commands tried in order until one runs; each is argv before the file names. The first that exits 0 signs.
   * @default [["jupyter", "trust"], ["python3", "-m", "nbformat.sign"], ["/usr/bin/python3", "-m", "nbformat.sign"]]
   */
  readonly commands?: readonly (readonly string[])[];
  /** Environment of the command (JUPYTER_DATA_DIR moves the signature database). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** What signing did: which command signed the files, or why none could. */
export interface TrustResult {
  readonly trusted: boolean;
  /** The command line that signed them, when one did. */
  readonly command?: string;
  /** Why nothing was signed (no Jupyter on the machine, or its error), when nothing was. */
  readonly reason?: string;
}

const DEFAULT_COMMANDS: readonly (readonly string[])[] = [
  ["jupyter", "trust"],
  ["python3", "-m", "nbformat.sign"],
  // Debian's python3-nbformat lives with the system interpreter, which a pyenv or venv python3 on PATH hides.
  ["/usr/bin/python3", "-m", "nbformat.sign"],
];

function tryCommand(
  argv: readonly string[],
  files: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; detail: string }> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    if (!command) return resolve({ ok: false, detail: "empty command" });
    execFile(command, [...args, ...files], { env, timeout: 60_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve({ ok: true, detail: "" });
      const code = (error as NodeJS.ErrnoException).code;
      resolve({
        ok: false,
        detail: code === "ENOENT" ? "not found" : stderr.trim().split("\n").at(-1) || error.message,
      });
    });
  });
}

// Sign the given notebooks with the first Jupyter command that works; never throws (trust is a convenience).
export async function trustNotebooks(
  files: readonly string[],
  options: TrustNotebooksOptions = {},
): Promise<TrustResult> {
  if (files.length === 0) return { trusted: false, reason: "no notebooks to sign" };
  const env = options.env ?? process.env;
  const tried: string[] = [];
  for (const argv of options.commands ?? DEFAULT_COMMANDS) {
    const outcome = await tryCommand(argv, files, env);
    if (outcome.ok) return { trusted: true, command: argv.join(" ") };
    tried.push(`\`${argv.join(" ")}\`: ${outcome.detail}`);
  }
  return {
    trusted: false,
    reason: `no Jupyter could sign them (${tried.join("; ")}); run Trust Notebook from JupyterLab's command palette, or \`jupyter trust\` on them once Jupyter is installed`,
  };
}

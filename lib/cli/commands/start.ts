// `agentft start` (what `npm start` runs): every notebook of notebooks/ in order, headless, executed
// copies and standalone HTML in results/notebooks/, then a one-screen summary of where to open them.
import path from "node:path";
import type { Command } from "commander";

interface StartFlags {
  readonly notebooks: string;
  readonly out?: string;
  readonly only?: string;
  readonly timeout?: string;
  readonly trust: boolean;
  readonly json?: boolean;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

async function start(flags: StartFlags): Promise<void> {
  const { runNotebookFolder } = await import("../../notebook/index.js");
  const { AgentftError, ConfigError, describeValue } = await import("../../errors.js");
  const timeoutS = flags.timeout === undefined ? undefined : Number(flags.timeout);
  if (timeoutS !== undefined && (!Number.isFinite(timeoutS) || timeoutS <= 0)) {
    throw new ConfigError(
      `Expected \`--timeout\` to be a positive number of seconds, got ${describeValue(flags.timeout)}; e.g. --timeout 600.`,
    );
  }
  const only = flags.only
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const controller = new AbortController();
  const onSigint = (): void =>
    controller.abort(
      new AgentftError("interrupted", "Interrupted by SIGINT; the running notebook was written so far."),
    );
  process.once("SIGINT", onSigint);
  const interactive = process.stderr.isTTY === true;
  const result = await runNotebookFolder(flags.notebooks, {
    outDir: flags.out,
    only,
    cellTimeoutMs: timeoutS === undefined ? undefined : Math.round(timeoutS * 1000),
    trust: flags.trust,
    signal: controller.signal,
    onProgress: (event) => {
      if (flags.json) return;
      const head = `[${event.position}/${event.count}] ${event.notebook}`;
      if (event.type === "notebook-end") {
        process.stderr.write(`${interactive ? "\r\u001b[K" : ""}${head}: done in ${seconds(event.durationMs ?? 0)}\n`);
      } else if (event.type === "cell" && event.cell?.type === "cell-start" && interactive) {
        process.stderr.write(`\r\u001b[K${head}: cell ${event.cell.codeCell}/${event.cell.codeCells}`);
      } else if (event.type === "notebook-start" && !interactive) {
        process.stderr.write(`${head}: running\n`);
      }
    },
  }).finally(() => process.off("SIGINT", onSigint));
  if (flags.json) {
    console.log(JSON.stringify(result, null, 1));
    return;
  }
  const rel = (p: string): string => path.relative(process.cwd(), p) || ".";
  const width = Math.max(...result.notebooks.map((n) => n.name.length), 8);
  const lines = [
    "",
    `Ran ${result.notebooks.length} notebooks in ${seconds(result.durationMs)}; executed copies and HTML in ${rel(result.outDir)}/`,
    "",
    `${"notebook".padEnd(width)}  cells   time     page`,
    ...result.notebooks.map(
      (n) =>
        `${n.name.padEnd(width)}  ${String(n.codeCells).padStart(5)}  ${seconds(n.durationMs).padStart(7)}  ${rel(n.htmlPath)}`,
    ),
    "",
    result.trust.trusted
      ? `Signed as trusted (${result.trust.command}): their charts draw when opened in JupyterLab.`
      : `Not signed as trusted: ${result.trust.reason}. The HTML pages draw every chart offline as they are.`,
    `Open them: jupyter lab ${rel(result.outDir)}/  (kernel "TypeScript (agentft)"; npm run kernel:install once)`,
    `Or read a page offline: ${rel(result.notebooks[0]?.htmlPath ?? result.outDir)}`,
  ];
  for (const n of result.notebooks) for (const warning of n.warnings) lines.push(`Warning (${n.name}): ${warning}`);
  console.log(lines.join("\n"));
}

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description(
      "Run every notebook of notebooks/ in order (what `npm start` runs): executed notebooks and HTML go to results/notebooks/.",
    )
    .option("--notebooks <dir>", "the folder of notebooks to run", "notebooks")
    .option("--out <dir>", "where the executed notebooks and pages go (default: results/notebooks beside that folder)")
    .option("--only <prefixes>", "run only notebooks whose names start with these, comma-separated (e.g. 00,04)")
    .option("--timeout <seconds>", "per-cell time limit")
    .option("--no-trust", "do not sign the executed notebooks with `jupyter trust`")
    .option("--json", "print the result as JSON")
    .action((flags: StartFlags) => start(flags));
}

// `agentft notebook run|render` and `agentft kernel install`: flags → options → one library call.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { AgentftError, ConfigError, describeValue } from "../../errors.js";

function collectParam(value: string, previous: string[]): string[] {
  return [...previous, value];
}

// `-p key=value` pairs → strings keyed by name; the runner reads each as its default's type.
export function parseParamFlags(flags: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const flag of flags) {
    const split = flag.indexOf("=");
    if (split <= 0) {
      throw new ConfigError(`\`-p ${flag}\` is not of the form key=value; write it as -p ${flag || "name"}=VALUE.`, [
        { path: "-p", message: `expected key=value, got ${describeValue(flag)}` },
      ]);
    }
    values[flag.slice(0, split).trim()] = flag.slice(split + 1);
  }
  return values;
}

// Read `--params file.json`: one JSON object of parameter values.
export async function readParamsFile(file: string): Promise<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ConfigError(
      `Cannot read --params ${file}: ${(error as Error).message}; give a JSON file such as {"epochs": 3}.`,
      [],
      { cause: error },
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ConfigError(
      `--params ${file} must hold a JSON object of parameter values; got ${describeValue(parsed)}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ConfigError(
      `Expected \`--timeout\` to be a positive number of seconds, got ${describeValue(value)}; e.g. --timeout 600.`,
    );
  }
  return Math.round(seconds * 1000);
}

interface RunFlags {
  output?: string;
  param: string[];
  params?: string;
  timeout?: string;
  continueOnError?: boolean;
  json?: boolean;
}

async function runNotebookCommand(input: string, flags: RunFlags): Promise<void> {
  const { executeNotebook } = await import("../../notebook/index.js");
  const outputPath = flags.output ?? path.join(path.dirname(input), `${path.basename(input, ".ipynb")}.out.ipynb`);
  const parameterStrings = parseParamFlags(flags.param);
  const parameters = flags.params ? await readParamsFile(flags.params) : undefined;
  const cellTimeoutMs = parseTimeout(flags.timeout);
  // Ctrl-C stops the running cell and still writes the notebook so far (the kernel sits in its own process group).
  const controller = new AbortController();
  const onSigint = (): void =>
    controller.abort(
      new AgentftError(
        "interrupted",
        `Interrupted by SIGINT while running ${input}; the notebook so far was written to ${outputPath}`,
      ),
    );
  process.once("SIGINT", onSigint);
  const result = await executeNotebook(input, {
    signal: controller.signal,
    outputPath,
    parameterStrings,
    parameters,
    cellTimeoutMs,
    continueOnError: flags.continueOnError ?? false,
    onProgress: (event) => {
      if (event.type !== "cell-end" || flags.json) return;
      process.stderr.write(`[${event.codeCell}/${event.codeCells}] cell ${event.cellIndex}: ${event.status}\n`);
    },
  }).finally(() => process.off("SIGINT", onSigint));
  for (const warning of result.warnings) process.stderr.write(`Warning: ${warning}\n`);
  if (flags.json) {
    console.log(
      JSON.stringify({
        outputPath: result.outputPath,
        parameters: result.parameters,
        durationMs: result.durationMs,
        warnings: result.warnings,
      }),
    );
  } else {
    console.log(`Executed ${input} in ${(result.durationMs / 1000).toFixed(1)} s; wrote ${result.outputPath}`);
  }
}

// Register the notebook and kernel commands on the program.
export function registerNotebookCommands(program: Command): void {
  const notebook = program
    .command("notebook")
    .description("Run TypeScript notebooks headless on the tslab kernel and render them to HTML.");
  notebook
    .command("run")
    .description(
      "Execute a notebook cell by cell on a fresh tslab kernel (papermill style); exits non-zero when a cell fails.",
    )
    .argument("<input>", "the .ipynb notebook to run (the kernel starts in its folder)")
    .option("-o, --output <path>", "where to write the executed notebook (default: <input>.out.ipynb beside the input)")
    .option(
      "-p, --param <key=value>",
      "set a parameter declared in the cell tagged `parameters` (repeatable)",
      collectParam,
      [],
    )
    .option("--params <file.json>", "a JSON object of parameter values")
    .option("--timeout <seconds>", "per-cell time limit; a cell over it is interrupted and the run stops")
    .option("--continue-on-error", "run the remaining cells after a failure (the command still exits non-zero)")
    .option("--json", "print the result as JSON")
    .action(runNotebookCommand);
  notebook
    .command("render")
    .description("Render a notebook as one standalone HTML page (charts included, nothing fetched).")
    .argument("<input>", "the .ipynb notebook, usually an executed one")
    .option("-o, --output <path>", "the HTML file to write (default: <input>.html beside the input)")
    .option("--title <title>", "page title (default: the notebook's first heading)")
    .option("--hide-code", "show outputs and text only")
    .action(async (input: string, flags: { output?: string; title?: string; hideCode?: boolean }) => {
      const { renderNotebookFile } = await import("../../notebook/index.js");
      const output = flags.output ?? path.join(path.dirname(input), `${path.basename(input, ".ipynb")}.html`);
      const result = await renderNotebookFile(input, output, { title: flags.title, hideCode: flags.hideCode });
      console.log(`Wrote ${result.outputPath} (${(result.bytes / 1024).toFixed(0)} KiB)`);
    });

  const kernel = program.command("kernel").description("The Jupyter kernel of this project (its own tslab).");
  kernel
    .command("install")
    .description(
      'Install the kernelspec "TypeScript (agentft)" for the current user through the Jupyter on this machine.',
    )
    .action(async () => {
      const { installKernelspec } = await import("../../notebook/index.js");
      const result = await installKernelspec();
      console.log(
        `Installed the Jupyter kernel "${result.displayName}" (${result.name}) in ${result.path} via ${result.method}.`,
      );
      console.log(`It starts: ${result.argv.join(" ")}`);
      console.log("Open the notebooks with `jupyter lab notebooks/` and pick that kernel.");
    });
}

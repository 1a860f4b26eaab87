// The CLI entry: builds the command table and is the only place that maps errors to exit codes.
import { Command, CommanderError } from "commander";
import { AgentftError, InternalError } from "../errors.js";
import { registerWorldCommands } from "./commands/world.js";
import { registerStartCommand } from "./commands/start.js";
import { registerNotebookCommands } from "./commands/notebook.js";
import { registerEnvCommands } from "./commands/env.js";
import { registerDataCommands } from "./commands/data.js";
import { registerEvalCommands } from "./commands/eval.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerReportCommands } from "./commands/report.js";
import { registerGrpoCommands } from "./commands/grpo.js";
import { registerTrainCommands } from "./commands/train.js";

const REPORT_URL = "https://github.com/agentft/agentft/issues/new";

// Build the program; exported so tests can inspect the command table without spawning.
export function buildProgram(): Command {
  const program = new Command("agentft")
    .description("Turn a small open model into an app-using agent: data, training, serving, AppWorld-style evaluation.")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  registerStartCommand(program);
  registerWorldCommands(program);
  registerEnvCommands(program);
  registerDataCommands(program);
  registerEvalCommands(program);
  registerReportCommands(program);
  registerNotebookCommands(program);
  registerServeCommand(program);
  registerGrpoCommands(program);
  registerTrainCommands(program);
  return program;
}

// Run the CLI and resolve to the process exit code; AgentftError prints its message only, bugs their stack.
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof InternalError) {
      console.error(error.stack);
      console.error(`This is a bug in agentft. Please report it with the output above: ${REPORT_URL}`);
      return 70;
    }
    if (error instanceof AgentftError) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    console.error(error instanceof Error ? error.stack : String(error));
    return 1;
  }
}

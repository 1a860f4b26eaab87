// `agentft world tasks` and `agentft world solve`: the embedded world's task catalog and reference policies.
import { Option, type Command } from "commander";
import { REFERENCE_POLICIES, type ReferencePolicy } from "../../world/reference-policy.js";
import { SPLITS, type Split } from "../../world/tasks/types.js";

interface TasksFlags {
  readonly split?: Split;
  readonly json?: boolean;
}

interface SolveFlags {
  readonly policy: ReferencePolicy;
  readonly json?: boolean;
  readonly sandbox: "auto" | "bwrap" | "none" | "unsafe-none";
  readonly timeoutSeconds: string;
  readonly steps?: boolean;
}

async function printTasks(flags: TasksFlags): Promise<void> {
  const { listTasks } = await import("../../world/index.js");
  const tasks = listTasks(flags.split);
  if (flags.json) {
    const rows = tasks.map((t) => ({
      task_id: t.id,
      split: t.split,
      difficulty: t.difficulty,
      intent: t.intent,
      instruction: t.instruction,
    }));
    console.log(JSON.stringify(rows, null, 1));
    return;
  }
  for (const t of tasks) console.log(`${t.id}  ${t.split.padEnd(14)}  d${t.difficulty}  ${t.instruction}`);
  console.error(`${tasks.length} tasks${flags.split ? ` in ${flags.split}` : ""}.`);
}

async function solve(taskId: string, flags: SolveFlags): Promise<void> {
  const timeoutSeconds = Number(flags.timeoutSeconds);
  if (!(timeoutSeconds > 0)) {
    const { ConfigError } = await import("../../errors.js");
    throw new ConfigError(`Expected \`--timeout-seconds\` to be a positive number, got \`${flags.timeoutSeconds}\`.`);
  }
  const { getTask, solveTask, renderEvaluationReport } = await import("../../world/index.js");
  const result = await solveTask(taskId, {
    policy: flags.policy,
    sandbox: flags.sandbox,
    timeoutSeconds,
    onWarning: (message) => console.error(`Warning: ${message}`),
  });
  if (flags.json) {
    console.log(JSON.stringify(result.report, null, 1));
    return;
  }
  if (flags.steps) {
    const task = getTask(taskId);
    console.log(`Instruction: ${task.instruction}\n`);
    task.goldSteps.forEach((step, i) => {
      console.log(
        `### Step ${i + 1}: ${step.thought}\n${step.action}\n--- output ---\n${result.outputs[i] ?? "(not run)"}\n`,
      );
    });
  }
  console.log(renderEvaluationReport(result.report, { taskId }));
}

// Creates the `world` command (other areas add subcommands to it by name, e.g. `world serve`).
export function registerWorldCommands(program: Command): void {
  const world = program.command("world").description("The embedded payments world: its tasks, policies and server.");
  world
    .command("tasks")
    .description("List task ids, difficulty and instructions.")
    .addOption(new Option("--split <split>", "only this split").choices(SPLITS))
    .option("--json", "print a JSON list of {task_id, split, difficulty, intent, instruction}")
    .action((flags: TasksFlags) => printTasks(flags));
  world
    .command("solve")
    .description("Run a reference policy on a task through the Python executor and print its evaluation report.")
    .argument("<task_id>", "task id such as e120e44_1 (list them with `agentft world tasks`)")
    .addOption(
      new Option("--policy <policy>", "gold: run the gold steps; noop: do nothing")
        .choices(REFERENCE_POLICIES)
        .default("gold"),
    )
    .option("--json", "print AppWorld's test tracker dict (success, difficulty, num_tests, passes, failures)")
    .addOption(
      new Option("--sandbox <mode>", "REPL sandbox").choices(["auto", "bwrap", "none", "unsafe-none"]).default("auto"),
    )
    .option("--timeout-seconds <seconds>", "time limit of one execution", "10")
    .option("--steps", "print each gold step (thought, code, output) before the report")
    .action((taskId: string, flags: SolveFlags) => solve(taskId, flags));
}

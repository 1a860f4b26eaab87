// `agentft grpo reward-server`: the step-mode reward service the generated rewards.py posts to.
import type { Command } from "commander";
import { waitForStopSignal } from "../stop-signal.js";

interface RewardServerFlags {
  readonly host: string;
  readonly port: string;
  readonly env: string;
  readonly maxWorlds?: string;
}

// A whole number in range, or a ConfigError naming the flag, its value and the fix.
async function intFlag(name: string, value: string, min: number, max: number): Promise<number> {
  const n = Number(value);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  const { ConfigError } = await import("../../errors.js");
  throw new ConfigError(`Expected \`--${name}\` to be a whole number from ${min} to ${max}, got \`${value}\`.`);
}

async function serveRewards(flags: RewardServerFlags): Promise<void> {
  const port = await intFlag("port", flags.port, 0, 65535);
  const maxWorlds = flags.maxWorlds === undefined ? undefined : await intFlag("max-worlds", flags.maxWorlds, 1, 1e6);
  const { startRewardServer } = await import("../../grpo/index.js");
  const stopSignal = waitForStopSignal();
  const server = await startRewardServer({ host: flags.host, port, env: flags.env, maxWorlds });
  console.log(`Serving step rewards on ${server.url} (POST /reward, worlds: ${flags.env}).`);
  console.log("Press Ctrl-C to stop.");
  const signal = await stopSignal;
  const open = server.rewarder.stats.openWorlds;
  console.log(`Got ${signal}: closing ${open} world cop${open === 1 ? "y" : "ies"} and stopping.`);
  await server.close();
  console.log("Stopped.");
}

// Creates the `grpo` command.
export function registerGrpoCommands(program: Command): void {
  const grpo =
    program.commands.find((command) => command.name() === "grpo") ??
    program.command("grpo").description("GRPO with the world in the loop: step rewards and episodes.");
  grpo
    .command("reward-server")
    .description("Serve step-mode rewards: POST /reward {prompts, completions, task_id, history} → {rewards}.")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--port <port>", "TCP port (0 picks a free one)", "8100")
    .option("--env <where>", "where worlds run: embedded, or the URL of `agentft world serve`", "embedded")
    .option("--max-worlds <n>", "most world copies kept open (default 256)")
    .action((flags: RewardServerFlags) => serveRewards(flags));
}

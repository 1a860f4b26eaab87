// `agentft world serve`: the embedded world over AppWorld's environment protocol.
import type { Command } from "commander";
import { waitForStopSignal } from "../stop-signal.js";

interface ServeFlags {
  readonly host: string;
  readonly port: string;
  readonly token?: string;
  readonly maxWorlds?: string;
  readonly idleTimeoutS?: string;
  readonly maxBodyBytes?: string;
  readonly sandbox?: string;
}

const toNumber = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

async function serveWorld(flags: ServeFlags): Promise<void> {
  const { parseEnvServerConfig, startEnvServer } = await import("../../env/index.js");
  const config = parseEnvServerConfig(
    {
      host: flags.host,
      port: toNumber(flags.port),
      token: flags.token ?? process.env.AGENTFT_WORLD_TOKEN ?? undefined,
      maxWorlds: toNumber(flags.maxWorlds),
      idleTimeoutS: toNumber(flags.idleTimeoutS),
      maxBodyBytes: toNumber(flags.maxBodyBytes),
      sandbox: flags.sandbox,
    },
    "`agentft world serve` flags",
  );
  const stopSignal = waitForStopSignal();
  const server = await startEnvServer({ ...config, onWarning: (message) => console.error(`Warning: ${message}`) });
  console.log(
    `Serving the embedded world on ${server.url} (AppWorld environment protocol${config.token ? ", token required" : ""}).`,
  );
  console.log("Press Ctrl-C to stop.");
  const signal = await stopSignal;
  const open = server.handler.openWorlds;
  console.log(
    `Got ${signal}: closing ${open} open task world${open === 1 ? "" : "s"} and stopping (Ctrl-C again to force).`,
  );
  // Running executions are allowed to finish; a second signal does not wait for them.
  const force = () => {
    console.error("Forced stop.");
    process.exit(130);
  };
  process.once("SIGINT", force);
  process.once("SIGTERM", force);
  await server.close();
  process.off("SIGINT", force);
  process.off("SIGTERM", force);
  console.log("Stopped.");
}

// Add `serve` to the `world` command (created by the world area; created here when absent).
export function registerEnvCommands(program: Command): void {
  const world =
    program.commands.find((command) => command.name() === "world") ??
    program.command("world").description("The embedded payments world: its tasks, policies and server.");
  world
    .command("serve")
    .description("Serve the embedded world over the routes of `appworld serve environment`, many task worlds at once.")
    .option(
      "--host <host>",
      "address to bind; anything but loopback exposes code execution, so set --token",
      "127.0.0.1",
    )
    .option("--port <port>", "TCP port (0 picks a free one)", "8000")
    .option(
      "--token <token>",
      "secret every request must carry (Authorization: Bearer, X-Agentft-Token or ?token=); default $AGENTFT_WORLD_TOKEN",
    )
    .option("--max-worlds <n>", "most task worlds open at once (default 64)")
    .option(
      "--idle-timeout-s <seconds>",
      "close a world after this many seconds without requests, 0 for never (default 900)",
    )
    .option("--max-body-bytes <bytes>", "largest request body (default 1048576)")
    .option("--sandbox <mode>", "REPL sandbox: auto, bwrap or none (default auto)")
    .action((flags: ServeFlags) => serveWorld(flags));
}

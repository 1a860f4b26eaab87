// `agentft serve MODEL`: start vLLM (or transformers serve) with adapters, print the base URL, stop on Ctrl-C.
import type { Command } from "commander";

interface ServeFlags {
  readonly engine: string;
  readonly adapter: string[];
  readonly tensorParallel?: string;
  readonly maxModelLen?: string;
  readonly gpuMemoryUtilization?: string;
  readonly host?: string;
  readonly port: string;
  readonly backend: string;
  readonly sshHost?: string;
  readonly partition?: string;
  readonly runDir?: string;
  readonly executable?: string;
  readonly startupTimeoutS?: string;
  readonly json?: boolean;
}

const toNumber = (value: string | undefined): number | undefined => (value === undefined ? undefined : Number(value));

// `name=path` pairs into an object; a pair without `=` names the flag and the fix.
function parseAdapters(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0)
      throw new Error(`--adapter expects NAME=PATH, got \`${pair}\`; e.g. --adapter approach2=results/run2/adapter`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

async function runServe(model: string, flags: ServeFlags): Promise<void> {
  const { ConfigError } = await import("../../errors.js");
  const { serve } = await import("../../serve/index.js");
  let adapters: Record<string, string>;
  try {
    adapters = parseAdapters(flags.adapter);
  } catch (error) {
    throw new ConfigError((error as Error).message, [{ path: "--adapter", message: "expects NAME=PATH" }]);
  }
  const server = await serve(
    {
      model,
      adapters,
      engine: flags.engine as "vllm",
      tensorParallel: toNumber(flags.tensorParallel),
      maxModelLen: toNumber(flags.maxModelLen),
      gpuMemoryUtilization: toNumber(flags.gpuMemoryUtilization),
      host: flags.host,
      resources: flags.partition ? { partition: flags.partition } : {},
      port: Number(flags.port),
      backend: flags.backend,
      backendOptions: flags.sshHost ? { host: flags.sshHost } : {},
      runDir: flags.runDir,
      executable: flags.executable,
      startupTimeoutS: toNumber(flags.startupTimeoutS),
    },
    { onProgress: (e) => console.error(`${e.phase} (${Math.round(e.elapsedMs / 1000)} s)`) },
  );
  const info = {
    baseUrl: server.baseUrl,
    model: server.model,
    adapters: server.adapters,
    log: server.logPath,
    ...(server.apiKey ? { apiKey: server.apiKey } : {}),
  };
  if (flags.json) console.log(JSON.stringify(info));
  else {
    console.log(`Serving ${server.model} at ${server.baseUrl}`);
    if (server.adapters.length > 0) console.log(`Adapters (use as "model"): ${server.adapters.join(", ")}`);
    // A server bound beyond loopback (a Slurm node) takes requests with its key only.
    if (server.apiKey) console.log(`Its /v1 needs the API key: export VLLM_API_KEY=${server.apiKey}`);
    console.log(`Log: ${server.logPath}\nPress Ctrl-C to stop.`);
  }
  await new Promise<void>((resolve) => {
    // Signal listeners do not keep Node running, and the server is a detached job: hold the loop open.
    const keepAlive = setInterval(() => {}, 60_000);
    const stop = () => {
      clearInterval(keepAlive);
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await server.stop();
  console.error("Stopped.");
}

// Register `agentft serve`.
export function registerServeCommand(program: Command): void {
  program
    .command("serve <model>")
    .description("Serve a model (and LoRA adapters) over an OpenAI-compatible API with vLLM or transformers serve.")
    .option("--engine <engine>", "vllm (GPU) or transformers (CPU, small models)", "vllm")
    .option(
      "--adapter <name=path>",
      "a LoRA adapter to serve under a name (repeatable)",
      (v, all: string[]) => [...all, v],
      [],
    )
    .option("--tensor-parallel <n>", "GPUs to shard the model over")
    .option("--max-model-len <tokens>", "longest prompt + completion")
    .option("--gpu-memory-utilization <fraction>", "GPU memory fraction vLLM may use (0-1]")
    .option("--host <host>", "address to bind (default 127.0.0.1; 0.0.0.0 on Slurm)")
    .option("--port <port>", "TCP port (0 picks a free one)", "8000")
    .option("--backend <name>", "job backend that runs the server: local, ssh or slurm", "local")
    .option("--ssh-host <host>", "remote host for --backend ssh (reached through an ssh forward)")
    .option("--partition <name>", "Slurm partition for --backend slurm")
    .option("--run-dir <dir>", "folder for the server's log")
    .option("--executable <path>", "the vllm / transformers program")
    .option("--startup-timeout-s <seconds>", "seconds to wait until the server is healthy")
    .option("--json", "print the base URL and model names as JSON")
    .action((model: string, flags: ServeFlags) => runServe(model, flags));
}

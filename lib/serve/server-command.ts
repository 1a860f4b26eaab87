// The argument arrays that start each engine's server.
import type { AdapterInfo } from "./adapters.js";
import type { ServeOptions } from "./serve-config.js";

// vLLM accepts only these values for --max-lora-rank; an adapter's rank is rounded up to the next one.
const LORA_RANKS = [1, 8, 16, 32, 64, 128, 256, 320, 512] as const;

export function maxLoraRankFor(ranks: readonly number[]): number {
  const highest = Math.max(...ranks);
  return LORA_RANKS.find((r) => r >= highest) ?? highest;
}

// `vllm serve MODEL --host H --port P ...`; snake_case pass-through flags become `--kebab-case`.
export function buildVllmCommand(options: ServeOptions, port: number, adapters: readonly AdapterInfo[]): string[] {
  const command = [
    options.executable ?? "vllm",
    "serve",
    options.model,
    "--host",
    options.host,
    "--port",
    String(port),
  ];
  command.push("--tensor-parallel-size", String(options.tensorParallel));
  if (options.maxModelLen !== undefined) command.push("--max-model-len", String(options.maxModelLen));
  if (options.gpuMemoryUtilization !== undefined)
    command.push("--gpu-memory-utilization", String(options.gpuMemoryUtilization));
  const extra = { ...options.vllm };
  if (adapters.length > 0) {
    command.push("--enable-lora");
    command.push("--max-lora-rank", String(extra["max_lora_rank"] ?? maxLoraRankFor(adapters.map((a) => a.rank))));
    command.push("--max-loras", String(extra["max_loras"] ?? adapters.length));
    delete extra["max_lora_rank"];
    delete extra["max_loras"];
  }
  for (const [key, value] of Object.entries(extra)) {
    const flag = `--${key.replaceAll("_", "-")}`;
    if (value === true) command.push(flag);
    else if (value !== false) command.push(flag, String(value));
  }
  // Last, because --lora-modules takes every following argument up to the next flag.
  if (adapters.length > 0) command.push("--lora-modules", ...adapters.map((a) => `${a.name}=${a.path}`));
  return command;
}

// `transformers serve MODEL --device D --host H --port P` (transformers >= 5, extra `serving`).
export function buildTransformersCommand(options: ServeOptions, port: number): string[] {
  return [
    options.executable ?? "transformers",
    "serve",
    options.model,
    "--device",
    options.device,
    "--host",
    options.host,
    "--port",
    String(port),
  ];
}

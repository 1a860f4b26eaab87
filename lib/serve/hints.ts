// Known fatal messages of vLLM (and of CUDA under it), each mapped to the setting to change.

interface Hint {
  readonly pattern: RegExp;
  readonly explain: (match: RegExpMatchArray) => string;
}

const HINTS: readonly Hint[] = [
  {
    // Newer engines say how long a sequence fits: that number is the value to use.
    pattern: /estimated maximum model length is (\d+)/,
    explain: (m) =>
      `The KV cache cannot hold one sequence of \`maxModelLen\`; vLLM estimates the maximum model length at ${m[1]}: set \`maxModelLen: ${m[1]}\` (or less), or raise \`gpuMemoryUtilization\`.`,
  },
  {
    pattern:
      /max seq len \((\d+)\) is larger than the maximum number of tokens that can be stored in KV cache \((\d+)\)/,
    explain: (m) =>
      `\`maxModelLen\` (${m[1]}) does not fit the KV cache (${m[2]} tokens): set \`maxModelLen: ${m[2]}\` (or less), or raise \`gpuMemoryUtilization\`.`,
  },
  {
    pattern: /No available memory for the cache blocks/,
    explain: () =>
      "No GPU memory is left for the KV cache after loading the weights: raise `gpuMemoryUtilization` (e.g. 0.95), lower `maxModelLen`, or add GPUs with `tensorParallel`.",
  },
  {
    pattern: /LoRA rank (\d+) is greater than max_lora_rank (\d+)/,
    explain: (m) =>
      `An adapter has rank ${m[1]} but the server allows ${m[2]}: pass \`vllm: { max_lora_rank: ${m[1]} }\` (serve() reads it from adapter_config.json unless overridden).`,
  },
  {
    pattern: /CUDA out of memory|torch\.OutOfMemoryError/,
    explain: () =>
      "The GPU ran out of memory: lower `gpuMemoryUtilization` if other processes share the GPU, lower `maxModelLen`, use a smaller or quantized model, or shard it with `tensorParallel`.",
  },
  {
    pattern: /(MQLLMEngine|Engine|EngineCore) is already dead|MQEngineDeadError|EngineDeadError/,
    explain: () =>
      "vLLM's engine process died (often out of memory while loading a large model): read the first error above it in the log; try a lower `maxModelLen`, a higher `tensorParallel`, or a smaller model.",
  },
];

// The fix for the first known failure in a server log, or undefined when none matches.
export function explainServerLog(log: string): string | undefined {
  for (const hint of HINTS) {
    const match = log.match(hint.pattern);
    if (match) return hint.explain(match);
  }
  return undefined;
}

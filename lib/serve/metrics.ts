// vLLM's Prometheus `/metrics`: requests running and waiting, KV-cache use, token counters; two reads
// give tokens per second for an evaluation's progress display.

/** One read of a server's `/metrics`, summed over the `model_name` labels. */
export interface ServerMetrics {
  readonly running: number;
  readonly waiting: number;
  /** KV cache in use, 0–1 (`vllm:kv_cache_usage_perc`, older `vllm:gpu_cache_usage_perc`). */
  readonly kvCacheUsage?: number;
  readonly promptTokens: number;
  readonly generationTokens: number;
  /** When it was read (ms since the epoch). */
  readonly at: number;
}

// Parse Prometheus text exposition: `name{labels} value` lines, comments skipped.
export function parsePrometheus(text: string): ReadonlyMap<string, number> {
  const sums = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})?\s+(\S+)/);
    if (!match) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) sums.set(match[1] as string, (sums.get(match[1] as string) ?? 0) + value);
  }
  return sums;
}

// Read the server's metrics now.
export function readServerMetrics(text: string, at = Date.now()): ServerMetrics {
  const m = parsePrometheus(text);
  const kv = m.get("vllm:kv_cache_usage_perc") ?? m.get("vllm:gpu_cache_usage_perc");
  return {
    running: m.get("vllm:num_requests_running") ?? 0,
    waiting: m.get("vllm:num_requests_waiting") ?? 0,
    ...(kv === undefined ? {} : { kvCacheUsage: kv }),
    promptTokens: m.get("vllm:prompt_tokens_total") ?? 0,
    generationTokens: m.get("vllm:generation_tokens_total") ?? 0,
    at,
  };
}

// Generated tokens per second between two reads.
export function tokensPerSecond(before: ServerMetrics, after: ServerMetrics): number {
  const seconds = (after.at - before.at) / 1000;
  return seconds > 0 ? (after.generationTokens - before.generationTokens) / seconds : 0;
}

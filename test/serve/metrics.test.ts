import { describe, expect, it } from "vitest";
import { explainServerLog, parsePrometheus, readServerMetrics, tokensPerSecond } from "../../lib/serve/index.js";

describe("vLLM /metrics", () => {
  it("sums each series over its model_name labels and reads running, waiting and tokens", () => {
    const text = [
      "# HELP vllm:num_requests_running Number of requests in model execution batches.",
      'vllm:num_requests_running{model_name="a"} 3.0',
      'vllm:num_requests_running{model_name="b"} 1.0',
      'vllm:num_requests_waiting{model_name="a"} 7.0',
      'vllm:gpu_cache_usage_perc{model_name="a"} 0.5',
      'vllm:generation_tokens_total{model_name="a"} 1000.0',
    ].join("\n");
    expect(parsePrometheus(text).get("vllm:num_requests_running")).toBe(4);
    const before = readServerMetrics(text, 0);
    expect(before).toEqual({
      running: 4,
      waiting: 7,
      kvCacheUsage: 0.5,
      promptTokens: 0,
      generationTokens: 1000,
      at: 0,
    });
    const after = readServerMetrics(text.replace("1000.0", "1500.0"), 2000);
    expect(tokensPerSecond(before, after)).toBe(250);
  });

  it("has no hint for a log without a known failure", () => {
    expect(explainServerLog("INFO Starting vLLM API server on http://0.0.0.0:8000")).toBeUndefined();
  });
});

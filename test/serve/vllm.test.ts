import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ConfigError } from "../../lib/errors.js";
import {
  buildVllmCommand,
  parseServeOptions,
  ServerStartError,
  serve,
  tokensPerSecond,
} from "../../lib/serve/index.js";
import { getJobBackend } from "../../lib/jobs/index.js";
import { waitGroupGone } from "../../lib/jobs/process-group.js";
import { repoRoot } from "../helpers/prerequisites.js";
import { gone, serveFromChild } from "./support.js";
import { createTempDir } from "../helpers/temp-dir.js";

// The stand-in for `vllm serve` (vLLM needs a GPU): see test/fixtures/bin/vllm.
const VLLM_STANDIN = path.join(repoRoot, "test", "fixtures", "bin", "vllm");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(ranks: Record<string, number> = {}) {
  const temp = await createTempDir("agentft-serve-");
  cleanups.push(temp.remove);
  const adapters: Record<string, string> = {};
  for (const [name, r] of Object.entries(ranks)) {
    const dir = path.join(temp.path, `adapter ${name}`);
    mkdirSync(dir);
    writeFileSync(path.join(dir, "adapter_config.json"), JSON.stringify({ r, lora_alpha: 32, peft_type: "LORA" }));
    adapters[name] = dir;
  }
  return { runDir: path.join(temp.path, "serve"), adapters };
}

describe("vllm serve command", () => {
  it("enables LoRA with each adapter and a max rank read from the adapters, rounded to vLLM's values", () => {
    const options = parseServeOptions({
      model: "Qwen/Qwen2.5-14B-Instruct",
      maxModelLen: 4096,
      gpuMemoryUtilization: 0.85,
      tensorParallel: 2,
      vllm: { enforce_eager: true, max_num_seqs: 64 },
    });
    const adapters = [
      { name: "a", path: "/runs/a b", rank: 16 },
      { name: "b", path: "/runs/b", rank: 24 },
    ];
    expect(buildVllmCommand(options, 8000, adapters)).toEqual([
      "vllm",
      "serve",
      "Qwen/Qwen2.5-14B-Instruct",
      "--host",
      "127.0.0.1",
      "--port",
      "8000",
      "--tensor-parallel-size",
      "2",
      "--max-model-len",
      "4096",
      "--gpu-memory-utilization",
      "0.85",
      "--enable-lora",
      "--max-lora-rank",
      "32",
      "--max-loras",
      "2",
      "--enforce-eager",
      "--max-num-seqs",
      "64",
      "--lora-modules",
      "a=/runs/a b",
      "b=/runs/b",
    ]);
  });

  it("rejects adapters with the transformers engine and bad values, naming the field", () => {
    expect(() => parseServeOptions({ model: "m", engine: "transformers", adapters: { a: "/x" } })).toThrow(
      '`adapters` needs `engine: "vllm"`',
    );
    let thrown: unknown;
    try {
      parseServeOptions({ model: "m", gpuMemoryUtilization: 1.5, vllm: { max_num_seqs: [64] as never } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).cause).toBeInstanceOf(ZodError);
    expect((thrown as ConfigError).message.split("\n")).toEqual([
      "Invalid serve options:",
      "✖ `gpuMemoryUtilization`: Too big: expected number to be <=1; got `1.5` (number). Fix: use at most 1 for `gpuMemoryUtilization`.",
      expect.stringMatching(
        /^✖ `vllm\.max_num_seqs`: .*; got `\[64\]` \(array\)\. Fix: correct `vllm\.max_num_seqs`\.$/,
      ),
    ]);
    expect((thrown as ConfigError).issues.map((issue) => issue.path)).toEqual([
      "gpuMemoryUtilization",
      "vllm.max_num_seqs",
    ]);
  });
});

describe("serve with vLLM (stand-in executable)", () => {
  it("waits through a slow start, checks the base model and each adapter, serves chat, reads /metrics, stops", async () => {
    const { runDir, adapters } = await setup({ approach2: 32, small: 8 });
    const phases: string[] = [];
    const server = await serve(
      {
        model: "Qwen/Qwen2.5-14B-Instruct",
        adapters,
        port: 0,
        runDir,
        executable: VLLM_STANDIN,
        env: { VLLM_STANDIN_DELAY_MS: "1500" },
      },
      { onProgress: (e) => phases.push(e.phase) },
    );
    cleanups.push(() => server.stop());
    expect(phases).toEqual(["submitted", "loading", "healthy"]);
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.adapters).toEqual(["approach2", "small"]);
    const before = await server.metrics();
    const answer = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "approach2", messages: [{ role: "user", content: "hi" }] }),
    }).then((r) => r.json() as Promise<{ choices: { message: { content: string } }[] }>);
    expect(answer.choices[0]?.message.content).toBe("stand-in answer from approach2");
    const after = await server.metrics();
    expect(after).toMatchObject({ running: 2, waiting: 1, kvCacheUsage: 0.25, generationTokens: 5, promptTokens: 10 });
    expect(tokensPerSecond(before, after)).toBeGreaterThan(0);
    await server.stop();
    await expect(fetch(`${server.baseUrl}/models`)).rejects.toThrow();
  });

  it.each([
    ["kv-cache-estimate", "vLLM estimates the maximum model length at 11920: set `maxModelLen: 11920`"],
    ["kv-cache", "`maxModelLen` (32768) does not fit the KV cache (12448 tokens): set `maxModelLen: 12448`"],
    [
      "no-cache-blocks",
      "No GPU memory is left for the KV cache after loading the weights: raise `gpuMemoryUtilization`",
    ],
    ["cuda-oom", "The GPU ran out of memory: lower `gpuMemoryUtilization` if other processes share the GPU"],
    ["engine-dead", "vLLM's engine process died"],
  ])("explains a server that dies with %s from its log", async (crash, hint) => {
    const { runDir } = await setup();
    const error = (await serve({
      model: "Qwen/Qwen2.5-32B-Instruct",
      maxModelLen: 32768,
      port: 0,
      runDir,
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "100", VLLM_STANDIN_CRASH: crash },
    }).catch((e: unknown) => e)) as ServerStartError;
    expect(error).toBeInstanceOf(ServerStartError);
    expect(error.message).toMatch(
      /^vLLM for `Qwen\/Qwen2.5-32B-Instruct` on port \d+ exited during start-up \(exit code 1\)\n/,
    );
    expect(error.hint).toContain(hint);
    expect(error.logTail).toContain("Traceback (most recent call last):");
  });

  it("explains an adapter whose rank is above an overridden max_lora_rank", async () => {
    const { runDir, adapters } = await setup({ big: 64 });
    const error = (await serve({
      model: "m",
      adapters,
      port: 0,
      runDir,
      executable: VLLM_STANDIN,
      vllm: { max_lora_rank: 16 },
      env: { VLLM_STANDIN_DELAY_MS: "100" },
    }).catch((e: unknown) => e)) as ServerStartError;
    expect(error.hint).toBe(
      "An adapter has rank 64 but the server allows 16: pass `vllm: { max_lora_rank: 64 }` (serve() reads it from adapter_config.json unless overridden).",
    );
  });

  it("fails naming the adapter when its adapter_config.json is missing", async () => {
    const { runDir } = await setup();
    await expect(
      serve({ model: "m", adapters: { nope: "/no/such/dir" }, runDir, executable: VLLM_STANDIN }),
    ).rejects.toThrow("Adapter `nope` has no readable /no/such/dir/adapter_config.json");
  });
});

const standIn = (runDir: string, keepAfterExit: boolean) => ({
  model: "m",
  port: 0,
  runDir,
  executable: VLLM_STANDIN,
  keepAfterExit,
  env: { VLLM_STANDIN_DELAY_MS: "100" },
});

describe("a local server's lifetime", () => {
  it("stops with the process that started it, even one killed by SIGKILL mid-cell", async () => {
    const { runDir } = await setup();
    const started = await serveFromChild(cleanups, standIn(runDir, false));
    expect((await fetch(`${started.baseUrl}/models`)).ok).toBe(true);
    await started.kill();
    expect(await gone(`${started.baseUrl}/models`, 15_000)).toBe(true);
    // The whole group is gone (the stand-in, its wrapper and the watchdog), and the status says why:
    // the stand-in, like vLLM, shuts down cleanly on SIGTERM and exits 0.
    expect(await waitGroupGone(Number(started.job.detail["pid"]), 10_000)).toBe(true);
    const status = await getJobBackend("local").status(started.job);
    expect(status).toMatchObject({
      state: "cancelled",
      rawState: "orphaned",
      reason: "stopped when the process that started it ended",
      exitCode: 0,
    });
  });

  it("outlives it with `keepAfterExit: true`, until cancelled", async () => {
    const { runDir } = await setup();
    const started = await serveFromChild(cleanups, standIn(runDir, true));
    const local = getJobBackend("local");
    cleanups.push(async () => void (await local.cancel(started.job, { graceMs: 2_000 })));
    await started.kill();
    await sleep(1_500);
    expect((await fetch(`${started.baseUrl}/models`)).ok).toBe(true);
    expect((await local.status(started.job)).state).toBe("running");
  });
});

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getJobBackend } from "../../lib/jobs/index.js";
import { serve } from "../../lib/serve/index.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";
import { sshBackendOptionsOf, startTestSshd, type TestSshd } from "../helpers/sshd.js";
import { createTempDir } from "../helpers/temp-dir.js";
import { gone, serveFromChild } from "./support.js";

const VLLM_STANDIN = path.join(repoRoot, "test", "fixtures", "bin", "vllm");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function runDir(): Promise<string> {
  const temp = await createTempDir("agentft-serve-remote-");
  cleanups.push(temp.remove);
  return path.join(temp.path, "server run");
}

async function chat(baseUrl: string, model: string, apiKey?: string): Promise<Response> {
  return fetch(`${baseUrl}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
  });
}

describe.skipIf(missing("sshd"))("serve over ssh (a real sshd on loopback)", () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    sshd = await startTestSshd();
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it("keeps the server on the remote loopback and reaches it through an ssh forward from a local port", async () => {
    const server = await serve({
      model: "Qwen/Qwen2.5-14B-Instruct",
      port: 0,
      runDir: await runDir(),
      backend: "ssh",
      backendOptions: sshBackendOptionsOf(sshd),
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "300" },
    });
    cleanups.push(() => server.stop());
    // The remote port came from the remote machine; the client talks to another, local one.
    const local = Number(new URL(server.baseUrl).port);
    expect(new URL(server.baseUrl).hostname).toBe("127.0.0.1");
    expect(local).not.toBe(server.port);
    expect(server.apiKey).toBeUndefined();
    const answer = (await (await chat(server.baseUrl, server.model)).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(answer.choices[0]?.message.content).toBe("stand-in answer from Qwen/Qwen2.5-14B-Instruct");
    await server.stop();
    // Both the server and the forward are gone.
    await expect(fetch(`${server.baseUrl}/models`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${server.port}/health`)).rejects.toThrow();
  });

  it("copies each adapter into the run dir the remote gets and serves it from there, under its name", async () => {
    const dir = await runDir();
    const adapter = path.join(path.dirname(dir), "my adapter");
    mkdirSync(adapter);
    writeFileSync(path.join(adapter, "adapter_config.json"), JSON.stringify({ r: 32, peft_type: "LORA" }));
    const server = await serve({
      model: "Qwen/Qwen2.5-14B-Instruct",
      adapters: { ft: adapter },
      port: 0,
      runDir: dir,
      backend: "ssh",
      backendOptions: sshBackendOptionsOf(sshd),
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "100" },
    });
    cleanups.push(() => server.stop());
    expect(server.adapters).toEqual(["ft"]);
    expect((await chat(server.baseUrl, "ft")).status).toBe(200);
    const remoteDir = path.join(sshd.remoteRoot, path.basename(dir));
    expect(existsSync(path.join(remoteDir, "adapters", "ft", "adapter_config.json"))).toBe(true);
    expect(readFileSync(path.join(remoteDir, "logs", "server.log"), "utf8")).toContain(
      '"--lora-modules","ft=adapters/ft"',
    );
  });

  it("refuses an adapter name that is not a plain folder name", async () => {
    await expect(
      serve({ model: "m", adapters: { "../x": "/tmp" }, backend: "ssh", backendOptions: sshBackendOptionsOf(sshd) }),
    ).rejects.toThrow("✖ `adapters.../x`: the adapter name `../x` is not letters, digits, `_`, `.` and `-`: rename it");
  });

  it("stops the remote server and the forward when the process that started it is killed by SIGKILL", async () => {
    const started = await serveFromChild(cleanups, {
      model: "m",
      port: 0,
      runDir: await runDir(),
      backend: "ssh",
      backendOptions: sshBackendOptionsOf(sshd),
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "100" },
    });
    const remoteHealth = `http://127.0.0.1:${started.port}/health`;
    expect((await fetch(remoteHealth)).ok).toBe(true);
    await started.kill();
    // The server on the ssh host stops (the held connection closed), and the local forward with it.
    expect(await gone(remoteHealth)).toBe(true);
    expect(await gone(`${started.baseUrl}/models`)).toBe(true);
  });

  it("explains a server that dies on the remote from the remote log", async () => {
    const error = (await serve({
      model: "Qwen/Qwen2.5-32B-Instruct",
      maxModelLen: 32768,
      port: 0,
      runDir: await runDir(),
      backend: "ssh",
      backendOptions: sshBackendOptionsOf(sshd),
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "100", VLLM_STANDIN_CRASH: "cuda-oom" },
    }).catch((e: unknown) => e)) as { message: string; hint?: string; logTail: string };
    expect(error.message).toMatch(/exited during start-up \(exit code 1\)/);
    expect(error.logTail).toContain("CUDA out of memory");
    expect(error.hint).toContain("The GPU ran out of memory");
  });
});

describe.skipIf(missing("slurm"))("serve on Slurm (a real single-node Slurm)", () => {
  it("binds the node's address, finds the node from the job, and requires the generated API key on /v1", async () => {
    const server = await serve({
      model: "m",
      runDir: await runDir(),
      backend: "slurm",
      // The test node has no GPU; a real one gets `--gres=gpu:<tensorParallel>`.
      resources: { gpus: 0 },
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "300" },
      startupTimeoutS: 120,
    });
    cleanups.push(() => server.stop());
    expect(server.apiKey).toMatch(/^[0-9a-f]{48}$/);
    const host = new URL(server.baseUrl).hostname;
    expect(host).not.toBe("127.0.0.1");
    expect((await chat(server.baseUrl, "m")).status).toBe(401);
    expect((await chat(server.baseUrl, "m", server.apiKey)).status).toBe(200);
    // The key reached the server through its environment, not its command line.
    expect(server.job.command.join(" ")).not.toContain(server.apiKey as string);
    await server.stop();
    await expect(fetch(`${server.baseUrl}/models`)).rejects.toThrow();
  });

  it("cancels the server's job when the process that started it is killed by SIGKILL", async () => {
    const started = await serveFromChild(cleanups, {
      model: "m",
      runDir: await runDir(),
      backend: "slurm",
      resources: { gpus: 0 },
      executable: VLLM_STANDIN,
      env: { VLLM_STANDIN_DELAY_MS: "100" },
      startupTimeoutS: 120,
    });
    const slurm = getJobBackend("slurm");
    expect((await slurm.status(started.job)).state).toBe("running");
    await started.kill();
    expect(await gone(`http://${new URL(started.baseUrl).hostname}:${started.port}/health`)).toBe(true);
    const deadline = Date.now() + 30_000;
    while ((await slurm.status(started.job)).state === "running" && Date.now() < deadline) await sleep(200);
    expect((await slurm.status(started.job)).state).toBe("cancelled");
    expect(JSON.parse(readFileSync(path.join(started.job.runDir, "logs", "server.cancel"), "utf8"))).toMatchObject({
      reason: "orphaned",
    });
  });
});

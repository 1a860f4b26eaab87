import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/prerequisites.js";
import { createTempDir } from "../helpers/temp-dir.js";

const BIN = path.join(repoRoot, "lib", "bin", "agentft.js");
const VLLM_STANDIN = path.join(repoRoot, "test", "fixtures", "bin", "vllm");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("agentft serve", () => {
  it("prints the base URL and model names as JSON, serves until SIGTERM, then stops the server", async () => {
    const temp = await createTempDir("agentft-serve-cli-");
    cleanups.push(temp.remove);
    const cli = execa(
      process.execPath,
      [BIN, "serve", "Qwen/Qwen2-0.5B-Instruct", "--port", "0", "--executable", VLLM_STANDIN, "--json"],
      { cwd: temp.path, env: { VLLM_STANDIN_DELAY_MS: "200" }, reject: false },
    );
    cleanups.push(async () => {
      if (cli.exitCode === null) cli.kill("SIGTERM");
      await cli;
    });
    const lines = createInterface({ input: cli.stdout });
    const [first] = (await once(lines, "line")) as [string];
    const info = JSON.parse(first) as { baseUrl: string; model: string; log: string };
    expect(info.model).toBe("Qwen/Qwen2-0.5B-Instruct");
    expect(info.log).toBe(
      path.join(temp.path, "results", `serve-vllm-${new URL(info.baseUrl).port}`, "logs", "server.log"),
    );
    const models = (await (await fetch(`${info.baseUrl}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toEqual(["Qwen/Qwen2-0.5B-Instruct"]);
    cli.kill("SIGTERM");
    const result = await cli;
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("Stopped.");
    await expect(fetch(`${info.baseUrl}/models`)).rejects.toThrow();
  });

  it("exits non-zero naming the flag when an adapter is not NAME=PATH", async () => {
    const result = await execa(process.execPath, [BIN, "serve", "m", "--adapter", "justapath"], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "Error: --adapter expects NAME=PATH, got `justapath`; e.g. --adapter approach2=results/run2/adapter",
    );
  });
});

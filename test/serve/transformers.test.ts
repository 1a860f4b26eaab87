// The second serving engine for real: `transformers serve` on the CPU with the tiny random Qwen2 that
// train.py builds (a byte-level BPE tokenizer and the Qwen2.5 chat template saved with it).
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type ModelServer } from "../../lib/serve/index.js";
import { missing, repoRoot, testVenv, testVenvPython } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";

const TRAIN_PY = path.join(repoRoot, "lib", "train", "python", "train.py");

describe.skipIf(missing("python-train"))("serve with transformers serve (real, CPU)", () => {
  let temp: TempDir;
  let server: ModelServer | undefined;
  let modelDir: string;
  beforeAll(async () => {
    temp = await createTempDir("agentft-serve-tf-");
    modelDir = path.join(temp.path, "tiny model");
    await execa(testVenvPython, [TRAIN_PY, "tiny-model", "--out", modelDir], {
      cwd: temp.path,
      env: { HF_HUB_OFFLINE: "1", OMP_NUM_THREADS: "1" },
    });
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await temp?.remove();
  });

  it("starts, answers a chat completion with the model's path as its name, and stops", async () => {
    server = await serve({
      engine: "transformers",
      model: modelDir,
      port: 0,
      runDir: path.join(temp.path, "serve"),
      executable: path.join(testVenv, "bin", "transformers"),
      startupTimeoutS: 240,
      env: { HF_HUB_OFFLINE: "1", OMP_NUM_THREADS: "1", TOKENIZERS_PARALLELISM: "false" },
    });
    expect(server.baseUrl).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.model).toBe(modelDir);
    const response = await fetch(`${server.baseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: server.model,
        messages: [{ role: "user", content: "Send $5 to Alice." }],
        max_tokens: 8,
        stream: false,
      }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { role: string; content: string } }[] };
    expect(body.choices[0]?.message.role).toBe("assistant");
    expect(typeof body.choices[0]?.message.content).toBe("string");
    await server.stop();
    await expect(fetch(`${server.baseUrl}/chat/completions`)).rejects.toThrow();
    server = undefined;
  }, 300_000);
});

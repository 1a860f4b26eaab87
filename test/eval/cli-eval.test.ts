import { existsSync } from "node:fs";
import { appendFile, mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderStepCompletion } from "../../lib/data/index.js";
import { getTask, listTaskIds } from "../../lib/world/index.js";
import { startScriptedOpenAiServer } from "../helpers/openai-server.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const bin = path.join(repoRoot, "lib", "bin", "agentft.js");
const taskIds = listTaskIds("dev").slice(0, 6);
const SECRET = "sk-cli-secret-0987654321abcdef";

let dir: string;
beforeAll(async () => {
  // The suite spawns the built CLI; `npm test` builds first, a lone run builds here when dist is missing.
  if (!existsSync(path.join(repoRoot, "lib", "dist", "eval", "run-eval.js")))
    await execa("npm", ["run", "build"], { cwd: repoRoot, reject: false });
  dir = await mkdtemp(path.join(tmpdir(), "agentft-cli-eval-"));
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function countLines(file: string): Promise<number> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line.endsWith("}")).length;
}

describe("agentft eval (built CLI)", () => {
  it("survives SIGKILL mid-run: the rerun resumes and records every task exactly once", async () => {
    const args = [
      bin,
      "eval",
      "--policy",
      "gold",
      "--split",
      "dev",
      "--task-ids",
      taskIds.join(","),
      "--workers",
      "1",
      "--run",
      "killed",
      "--results-dir",
      dir,
    ];
    const tasksFile = path.join(dir, "killed", "tasks.jsonl");
    const first = execa("node", args, { cwd: repoRoot, reject: false });
    const deadline = Date.now() + 60_000;
    while ((await countLines(tasksFile)) < 2 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    first.kill("SIGKILL");
    const killed = await first;
    expect(killed.signal).toBe("SIGKILL");
    const before = await countLines(tasksFile);
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(taskIds.length);
    // A write cut by the kill leaves a line without its newline; the rerun must drop it, not keep or glue to it.
    await appendFile(tasksFile, `{"taskId":"${taskIds[taskIds.length - 1]}","trial":1,"episode":{"st`);

    const second = await execa("node", args, { cwd: repoRoot, reject: false });
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toContain(`${taskIds.length} task runs (${before} resumed)`);
    expect(second.stdout).toContain("reference:gold (reference policy)");
    const lines = (await readFile(tasksFile, "utf8")).split("\n");
    expect(lines.at(-1)).toBe("");
    const ids = lines.filter(Boolean).map((line) => (JSON.parse(line) as { taskId: string }).taskId);
    expect([...ids].sort()).toEqual([...taskIds].sort());
    const summary = JSON.parse(await readFile(path.join(dir, "killed", "summary.json"), "utf8"));
    expect(summary.metrics).toMatchObject({ tasks: taskIds.length, tgc: 100 });
  });

  it("evaluates an OpenAI-compatible endpoint and never writes or prints the API key", async () => {
    const pair = taskIds.slice(0, 2);
    const server = await startScriptedOpenAiServer(
      pair.flatMap((id) => getTask(id).goldSteps.map((step) => ({ content: renderStepCompletion(step) }))),
    );
    try {
      const result = await execa(
        "node",
        [
          bin,
          "eval",
          "--split",
          "dev",
          "--task-ids",
          pair.join(","),
          "--model",
          "qwen-14b-ft",
          "--base-url",
          server.baseUrl,
          "--workers",
          "1",
          "--run",
          "model",
          "--results-dir",
          dir,
          "--json",
        ],
        { cwd: repoRoot, reject: false, env: { AGENTFT_API_KEY: SECRET } },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      expect(server.requests[0]?.headers["authorization"]).toBe(`Bearer ${SECRET}`);
      const printed = JSON.parse(result.stdout);
      expect(printed).toMatchObject({ run: "model", label: "qwen-14b-ft", metrics: { tasks: 2, tgc: 100 } });
      expect(`${result.stdout}${result.stderr}`).not.toContain(SECRET);
      const entries = await readdir(path.join(dir, "model"), { recursive: true, withFileTypes: true });
      for (const entry of entries.filter((e) => e.isFile())) {
        expect(await readFile(path.join(entry.parentPath, entry.name), "utf8")).not.toContain(SECRET);
      }
    } finally {
      await server.close();
    }
  });
});

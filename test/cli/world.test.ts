// The `world` commands, run as a user runs them: the built bin in a child process.
import path from "node:path";
import { existsSync } from "node:fs";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "lib/bin/agentft.js");

function agentft(args: readonly string[], timeout = 120_000) {
  return execa("node", [bin, ...args], { cwd: root, reject: false, timeout, env: { NO_COLOR: "1" } });
}

beforeAll(() => {
  if (!existsSync(path.join(root, "lib/dist/cli/main.js")))
    throw new Error("Build first: npm run build (npm test does it).");
});

describe("agentft world tasks", () => {
  it("lists a split's ids, difficulty and instructions as JSON", async () => {
    const result = await agentft(["world", "tasks", "--split", "dev", "--json"]);
    expect(result.exitCode).toBe(0);
    const rows = JSON.parse(result.stdout) as {
      task_id: string;
      split: string;
      difficulty: number;
      intent: string;
      instruction: string;
    }[];
    expect(rows).toHaveLength(57);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["task_id", "split", "difficulty", "intent", "instruction"]);
      expect(row.task_id).toMatch(/^[0-9a-f]{7}_[1-3]$/);
      expect(row.split).toBe("dev");
      expect([1, 2, 3]).toContain(row.difficulty);
    }
  }, 180_000);

  it("prints one line per task and the count", async () => {
    const result = await agentft(["world", "tasks", "--split", "train"]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(90);
    expect(lines[0]).toMatch(/^e120e44_1 {2}train {11}d[123] {2}\S/);
    expect(result.stderr).toContain("90 tasks in train.");
  }, 180_000);

  it("rejects an unknown split naming the choices", async () => {
    const result = await agentft(["world", "tasks", "--split", "validation"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      "error: option '--split <split>' argument 'validation' is invalid. Allowed choices are train, dev, test_normal, test_challenge.",
    );
  }, 180_000);
});

describe("agentft world solve", () => {
  it("prints AppWorld's tracker dict for the gold policy with --json", async () => {
    const result = await agentft(["world", "solve", "e120e44_1", "--json"]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(["success", "difficulty", "num_tests", "passes", "failures"]);
    expect(report.success).toBe(true);
    expect(report.failures).toEqual([]);
  }, 180_000);

  it("prints the text report for the no-op policy", async () => {
    const result = await agentft(["world", "solve", "e120e44_1", "--policy", "noop"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Num Passed Tests : \d+\nNum Failed Tests : \d+\nNum Total Tests : \d+/);
    expect(result.stdout).toContain("Success          : False");
  }, 180_000);

  it("prints the gold trajectory step by step with --steps", async () => {
    const result = await agentft(["world", "solve", "e120e44_1", "--steps"]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^Instruction: .+\n\n### Step 1: .+\nprint\(apis\.api_docs\.show_api_descriptions\(app_name="venmo"\)\)\n--- output ---\n\[/,
    );
    expect(result.stdout).toContain("apis.supervisor.complete_task()\n--- output ---\nExecution successful.\n");
    expect(result.stdout).toContain("Num Failed Tests : 0");
  }, 180_000);

  it("explains an unknown task id and exits 1", async () => {
    const result = await agentft(["world", "solve", "0000000_1"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error: Task `0000000_1` is not in the catalog. The catalog has train 90, dev 57, test_normal 168, test_challenge 417 tasks; list their ids with `agentft world tasks --split dev` or `listTasks("dev")`.',
    );
  }, 180_000);
});

// The reward dry run on the embedded world: exact rewards of gold and noop per step and per episode, sampled
// replies from a model server (a scripted stand-in for an OpenAI-compatible endpoint), equal-group warnings,
// and `agentft grpo dry-run` from the built bin.
import { execa } from "execa";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grpoDryRun } from "../../lib/grpo/index.js";
import { createModelClient } from "../../lib/model/index.js";
import { getTask, listTasks } from "../../lib/world/index.js";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer } from "../helpers/openai-server.js";
import { repoRoot } from "../helpers/prerequisites.js";

const [first, second] = listTasks("train");
const stepsOf = (id: string) => getTask(id).goldSteps.length;

describe("reward dry run, step mode", () => {
  it("gives gold +1 per step and +2 on the last, noop −1 before the last; the last step's group is equal", async () => {
    const progress: number[] = [];
    const report = await grpoDryRun({
      mode: "step",
      split: "train",
      limit: 2,
      onProgress: (done) => progress.push(done),
    });
    const total = stepsOf(first!.id) + stepsOf(second!.id);
    expect(report.groups).toHaveLength(total);
    expect(progress).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    for (const group of report.groups) {
      const last = group.step === stepsOf(group.taskId) - 1;
      const bySource = Object.fromEntries(group.entries.map((e) => [e.source, e.reward]));
      expect(bySource, `${group.taskId} step ${group.step}`).toEqual(
        last ? { gold: 2, noop: 2 } : { gold: 1, noop: -1 },
      );
      expect(group.allEqual).toBe(last);
    }
    expect(report.separates).toBe(true);
    expect(report.warnings).toEqual([
      `${first!.id} step ${stepsOf(first!.id) - 1}: all 2 completions score 2; this group gives GRPO no signal.`,
      `${second!.id} step ${stepsOf(second!.id) - 1}: all 2 completions score 2; this group gives GRPO no signal.`,
    ]);
    expect(report.equalGroupShare).toBeCloseTo(2 / total, 10);
  });

  describe("with sampled replies", () => {
    let server: ScriptedOpenAiServer;
    beforeAll(async () => {
      // Alternately an unreadable reply and one that raises: −1 each, whatever the step.
      server = await startScriptedOpenAiServer((_request, i) => ({
        content: i % 2 === 0 ? "I would pay her." : JSON.stringify({ thought: "x", action: "print(1 / 0)" }),
      }));
    });
    afterAll(() => server.close());

    it("asks the model `samples` times per prompt with the step's prompt and scores each reply", async () => {
      const model = createModelClient({ model: "scripted-model", baseUrl: server.baseUrl }, { apiKey: "test" });
      const report = await grpoDryRun({ mode: "step", limit: 1, model, samples: 2, temperature: 0.7 });
      expect(server.requests).toHaveLength(2 * report.groups.length);
      expect(server.requests[0]!.body.temperature).toBe(0.7);
      expect(server.requests[0]!.body.messages?.at(-1)?.content).toContain(first!.instruction);
      for (const group of report.groups) {
        const samples = group.entries.filter((e) => e.source === "sample");
        expect(samples.map((e) => [e.reward, e.outcome])).toEqual([
          [-1, "unparseable"],
          [-1, "failed"],
        ]);
      }
      expect(report.bySource.map((s) => s.source)).toEqual(["gold", "noop", "sample"]);
      expect(report.bySource.find((s) => s.source === "sample")).toMatchObject({ mean: -1, min: -1, max: -1 });
    });
  });
});

describe("reward dry run, episode mode", () => {
  it("scores the gold episode 2 (every no_op_fail test and the bonus) and noop below it", async () => {
    const report = await grpoDryRun({ mode: "episode", limit: 2 });
    expect(report.groups.map((g) => g.taskId)).toEqual([first!.id, second!.id]);
    for (const group of report.groups) {
      const [gold, noop] = group.entries;
      expect(gold).toEqual({ source: "gold", reward: 2, outcome: "success" });
      expect(noop!.source).toBe("noop");
      expect(noop!.reward).toBeLessThan(1);
      expect(group.allEqual).toBe(false);
    }
    expect(report.separates).toBe(true);
    expect(report.warnings).toEqual([]);
  });
});

describe("agentft grpo dry-run", () => {
  const bin = path.join(repoRoot, "lib/bin/agentft.js");
  it("prints the per-source figures and the equal-group warnings", async () => {
    const result = await execa("node", [bin, "grpo", "dry-run", "--limit", "1"], { cwd: repoRoot, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const n = stepsOf(first!.id);
    expect(result.stdout).toContain(`Reward dry run, step mode: ${n} groups`);
    expect(result.stdout).toMatch(new RegExp(`gold {3}n=${n} mean [0-9.]+ min 1 max 2`));
    expect(result.stdout).toContain("gold above noop: yes");
    expect(result.stderr).toContain(`warning: ${first!.id} step ${n - 1}: all 2 completions score 2`);
  });

  it("refuses an unknown mode naming the flag", async () => {
    const result = await execa("node", [bin, "grpo", "dry-run", "--mode", "turns"], { cwd: repoRoot, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("Expected `--mode` to be step or episode, got `turns`.");
  });
});

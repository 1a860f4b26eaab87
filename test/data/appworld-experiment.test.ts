import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importAppWorldExperiment, parseEnvironmentIo } from "../../lib/data/appworld-experiment.js";

const dir = mkdtempSync(path.join(tmpdir(), "appworld-exp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function interaction(n: number, code: string, output: string): string {
  return `\n### Environment Interaction ${n}\n${"-".repeat(76)}\n\`\`\`python\n${code}\n\`\`\`\n\n\`\`\`\n${output}\n\`\`\`\n\n`;
}

function writeTask(taskId: string, body: string): void {
  mkdirSync(path.join(dir, "tasks", taskId, "logs"), { recursive: true });
  writeFileSync(path.join(dir, "tasks", taskId, "logs", "environment_io.md"), body);
}

describe("AppWorld experiment output folders", () => {
  writeTask(
    "82e2fac_1",
    interaction(1, "print(apis.venmo.show_venmo_balance(access_token=t))", '{"venmo_balance": 47.0}') +
      interaction(2, "apis.supervisor.complete_task()", "Execution successful."),
  );
  writeTask("82e2fac_2", interaction(1, "apis.supervisor.complete_task()", "Execution successful."));
  writeTask("aaaaaaa_1", interaction(1, "x = 1", "Execution successful."));
  mkdirSync(path.join(dir, "evaluations"), { recursive: true });
  writeFileSync(
    path.join(dir, "evaluations", "train.json"),
    JSON.stringify({ aggregate: {}, individual: { "82e2fac_1": { success: true }, "82e2fac_2": { success: false } } }),
  );

  it("reads each interaction's code and output from environment_io.md", () => {
    expect(
      parseEnvironmentIo(interaction(1, "a = 1\nprint(a)", "1") + interaction(2, "b", "multi\nline"), "x.md"),
    ).toEqual([
      { action: "a = 1\nprint(a)", observation: "1" },
      { action: "b", observation: "multi\nline" },
    ]);
  });

  it("keeps the tasks the experiment's evaluation marks successful", () => {
    const result = importAppWorldExperiment(dir, { instructionOf: (id) => `Instruction of ${id}` });
    expect(result.trajectories).toHaveLength(1);
    expect(result.trajectories[0]).toMatchObject({
      task_id: "82e2fac_1",
      source: "appworld-experiment",
      scenario_id: "82e2fac",
      steps: [
        {
          thought: "",
          action: "print(apis.venmo.show_venmo_balance(access_token=t))",
          observation: '{"venmo_balance": 47.0}',
        },
        expect.anything(),
      ],
    });
    expect(result.skipped).toEqual([
      { taskId: "82e2fac_2", reason: "its evaluation failed" },
      { taskId: "aaaaaaa_1", reason: "no evaluation found" },
    ]);
  });

  it("names the file and interaction that has no code block", () => {
    const bad = path.join(dir, "bad.md");
    expect(() => parseEnvironmentIo("\n### Environment Interaction 1\nno code here\n", bad)).toThrow(
      `${bad}:2: field \`interaction 1\` has no \`\`\`python code block followed by an output block. Pass the environment_io.md AppWorld wrote, unedited`,
    );
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAppWorldEvaluation, loadEvalRun, loadKeyValueCsv, loadResults } from "../../lib/eval/load-results.js";
import { openResultStore } from "../../lib/eval/result-store.js";
import { formatKeyValueCsv, writeRunOutputs } from "../../lib/eval/write-results.js";
import { toTaskResult } from "../../lib/eval/metrics.js";
import { makeRecord } from "./make-record.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
// The seed's three result files ship with the repository (data/README.md names their origin).
const seed = (name: string) => path.join(repoRoot, "data", "seed", name);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "agentft-load-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("seed Key,Value CSV loader", () => {
  it.each([
    ["base_gpt4o_test_normal_25Jun.csv", 32.0],
    ["base_inferencing_14b_test_normal_23rdJun.csv", 31.3],
    ["inferencing_14b_test_normal_updated_23rdJun.csv", 33.2],
  ])("reports TGC 0.0 and SGC 0.0 for %s (no task reaches 100 %%), mean pass %% %s", async (name, mean) => {
    const results = await loadKeyValueCsv(seed(name));
    expect(results.source).toBe("seed-csv");
    expect(results.metrics.tasks).toBe(168);
    expect(results.metrics.scenarios).toBe(56);
    expect(results.metrics.tgc).toBe(0);
    expect(results.metrics.sgc).toBe(0);
    expect(Math.round(results.metrics.meanPassPercent * 10) / 10).toBe(mean);
    expect(results.metrics.meanPassPercentNoOpFail).toBeNull();
    expect(results.tasks[0]).toMatchObject({
      taskId: "3d9a636_1",
      scenarioId: "3d9a636",
      passPercent: 20,
      success: false,
      difficulty: null,
    });
  });

  it("reads a task at 100 % as a success", async () => {
    const file = path.join(dir, "full.csv");
    await writeFile(file, "Key,Value\r\naaa_1,100.0\r\naaa_2,100\r\naaa_3,100.0\r\nbbb_1,50.0\r\n");
    const results = await loadKeyValueCsv(file);
    expect(results.metrics.tgc).toBe(75);
    expect(results.metrics.sgc).toBe(50);
  });

  it("rejects a bad row naming file:line and the fix", async () => {
    const file = path.join(dir, "bad.csv");
    await writeFile(file, "Key,Value\naaa_1,20.0\naaa_2,lots\n");
    await expect(loadKeyValueCsv(file)).rejects.toThrow(
      `${file}:3 should be \`task_id,pass_percent\` with a percentage from 0 to 100, found \`aaa_2,lots\`; fix or delete that row.`,
    );
    await writeFile(file, "task,score\n");
    await expect(loadKeyValueCsv(file)).rejects.toThrow(
      `${file}:1 should be the header \`Key,Value\`, found \`task,score\`; is this a seed pass-% CSV?`,
    );
  });

  it("rejects a second row for the same task, naming both lines", async () => {
    const file = path.join(dir, "twice.csv");
    await writeFile(file, "Key,Value\naaa_1,20.0\naaa_2,40.0\naaa_1,60.0\n");
    await expect(loadKeyValueCsv(file)).rejects.toThrow(
      `${file}:4 repeats task id \`aaa_1\` (first on line 2); keep one row per task.`,
    );
  });
});

describe("run outputs and AppWorld evaluation loader", () => {
  const records = [
    makeRecord(
      "aaa_1",
      [
        ["no_op_pass", true],
        ["no_op_fail", true],
      ],
      { difficulty: 1 },
    ),
    makeRecord(
      "aaa_2",
      [
        ["no_op_pass", true],
        ["no_op_fail", false],
        ["no_op_fail", false],
      ],
      { difficulty: 1 },
    ),
    makeRecord("bbb_1", [["no_op_fail", true]], { difficulty: 3 }),
  ];

  it("writes the seed's CSV, AppWorld's evaluations/{split}.json and summary.json, and loads them back alike", async () => {
    const runDir = path.join(dir, "run-a");
    const store = await openResultStore(path.join(runDir, "tasks.jsonl"));
    for (const record of records) await store.append(record);
    await store.close();
    const outputs = await writeRunOutputs(runDir, records, {
      run: "run-a",
      label: "m",
      agent: "json-react",
      split: "test_normal",
    });
    expect(outputs.keyValueCsv).toEqual([path.join(runDir, "test_normal.csv")]);
    expect(await readFile(path.join(runDir, "test_normal.csv"), "utf8")).toBe(
      "Key,Value\naaa_1,100.0\naaa_2,33.3\nbbb_1,100.0\n",
    );
    const evaluation = JSON.parse(await readFile(path.join(runDir, "evaluations", "test_normal.json"), "utf8"));
    expect(evaluation.aggregate).toEqual({ task_goal_completion: 66.7, scenario_goal_completion: 50 });
    expect(evaluation.aggregate_by_difficulty).toEqual({
      "1": { task_goal_completion: 50, scenario_goal_completion: 0 },
      "3": { task_goal_completion: 100, scenario_goal_completion: 100 },
    });
    expect(evaluation.individual["aaa_2"]).toEqual(records[1]?.evaluation);
    const summary = JSON.parse(await readFile(path.join(runDir, "summary.json"), "utf8"));
    expect(summary).toMatchObject({
      run: "run-a",
      label: "m",
      agent: "json-react",
      split: "test_normal",
      metrics: { tasks: 3 },
    });

    const fromCsv = await loadResults(path.join(runDir, "test_normal.csv"));
    const fromJson = await loadResults(path.join(runDir, "evaluations", "test_normal.json"));
    const fromRun = await loadEvalRun(runDir);
    expect(fromJson.source).toBe("appworld");
    expect(fromRun.source).toBe("agentft");
    for (const loaded of [fromCsv, fromJson, fromRun]) {
      expect(loaded.metrics.tgc).toBeCloseTo(200 / 3, 10);
      expect(loaded.metrics.sgc).toBe(50);
      expect(loaded.tasks.map((t) => t.taskId)).toEqual(["aaa_1", "aaa_2", "bbb_1"]);
    }
    expect(fromJson.metrics.meanPassPercentNoOpFail).toBeCloseTo(200 / 3, 10);
    expect(fromJson.tasks.map((t) => t.passPercent)).toEqual(fromRun.tasks.map((t) => t.passPercent));
  });

  it("writes one CSV and evaluation per trial when there are several", async () => {
    const runDir = path.join(dir, "run-b");
    const trials = [...records, ...records.map((r) => ({ ...r, trial: 2 }))];
    const outputs = await writeRunOutputs(runDir, trials, {
      run: "run-b",
      label: "m",
      agent: "code-react",
      split: "dev",
    });
    expect(outputs.keyValueCsv.map((p) => path.basename(p))).toEqual(["dev-trial1.csv", "dev-trial2.csv"]);
    const summary = JSON.parse(await readFile(outputs.summary, "utf8"));
    expect(summary.metricsByTrial.map((m: { trial: number }) => m.trial)).toEqual([1, 2]);
  });

  it("loads an AppWorld file that has only the individual block, named after its experiment", async () => {
    const file = path.join(dir, "experiments", "outputs", "react", "evaluations", "test_normal.json");
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      JSON.stringify({
        individual: {
          ccc_1: {
            success: true,
            difficulty: 2,
            num_tests: 1,
            passes: [{ requirement: "r", label: "no_op_fail" }],
            failures: [],
          },
        },
      }),
    );
    const loaded = await loadAppWorldEvaluation(file);
    expect(loaded.name).toBe("react/test_normal");
    expect(loaded.metrics).toMatchObject({ tasks: 1, tgc: 100, sgc: 100 });
  });

  it("rejects a JSON file that is not an AppWorld evaluation", async () => {
    const file = path.join(dir, "other.json");
    await writeFile(file, JSON.stringify({ individual: { ccc_1: { success: "yes" } } }));
    await expect(loadAppWorldEvaluation(file)).rejects.toThrow(
      /^Invalid AppWorld evaluation .*other\.json .*\n✖ `individual\.ccc_1\.success`: Invalid input: expected boolean, received string; got `yes` \(string\)\. Fix: give `individual\.ccc_1\.success` a boolean\.\n/,
    );
  });

  it("formats pass % with one decimal as the seed did", () => {
    expect(formatKeyValueCsv(records.map(toTaskResult))).toBe("Key,Value\naaa_1,100.0\naaa_2,33.3\nbbb_1,100.0\n");
  });
});

// The whole loop for real on a CPU: step-wise data from the embedded world → TRL training of the tiny random
// Qwen2 (a local job) → `transformers serve` → the json-react agent evaluated on the embedded world → the
// comparison report against the gold and noop bounds on the same tasks.
// A random tiny model scores near the noop bound; the point is that every part is real.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareResults, formatComparisonTable, loadResults, runEval } from "../../lib/eval/index.js";
import { getJobBackend } from "../../lib/jobs/index.js";
import {
  buildComparisonReport,
  comparisonReportBlocks,
  renderReportPage,
  summarizeRuns,
  toMarkdown,
} from "../../lib/report/index.js";
import { type ModelServer, serve } from "../../lib/serve/index.js";
import { planTraining, TINY_MODEL_ID, trainingPreset } from "../../lib/train/index.js";
import { listTaskIds } from "../../lib/world/index.js";
import { missing, testVenv, testVenvPython } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { goldStepRows } from "../train/run-helpers.js";

const CPU_ENV = { HF_HUB_OFFLINE: "1", TOKENIZERS_PARALLELISM: "false", OMP_NUM_THREADS: "1", PYTHONUNBUFFERED: "1" };

describe.skipIf(missing("python-train"))(
  "the CPU loop: train → serve → evaluate → report",
  { timeout: 600_000 },
  () => {
    let temp: TempDir;
    let server: ModelServer | undefined;
    beforeAll(async () => {
      temp = await createTempDir("agentft-e2e-");
    });
    afterAll(async () => {
      await server?.stop();
      await temp?.remove();
    });

    it("trains the tiny model, serves it, evaluates the json-react agent and reports it against gold and noop", async () => {
      const runDir = path.join(temp.path, "train");
      const config = trainingPreset("approach1", {
        model: TINY_MODEL_ID,
        overLength: "truncate",
        trl: { use_cpu: true, bf16: false, logging_steps: 1, save_steps: 100, max_length: 128, max_steps: 3 },
      });
      const plan = await planTraining(config, goldStepRows(12), { outDir: runDir });
      const local = getJobBackend("local");
      const job = await local.submit({
        command: plan.command.map((arg) => (arg === "python" ? testVenvPython : arg)),
        runDir,
        env: CPU_ENV,
      });
      await local.wait(job);
      const modelDir = path.join(runDir, "output", "final");
      expect(existsSync(path.join(modelDir, "model.safetensors"))).toBe(true);

      server = await serve({
        engine: "transformers",
        model: modelDir,
        port: 0,
        runDir: path.join(temp.path, "serve"),
        executable: path.join(testVenv, "bin", "transformers"),
        startupTimeoutS: 240,
        env: CPU_ENV,
      });
      const taskIds = listTaskIds("test_normal").slice(0, 2);
      const result = await runEval({
        model: { model: server.model, baseUrl: server.baseUrl, maxTokens: 24 },
        agent: "json-react",
        split: "test_normal",
        taskIds,
        maxInteractions: 2,
        resultsDir: path.join(temp.path, "eval"),
      });
      expect(result.records.map((r) => r.taskId).sort()).toEqual([...taskIds].sort());
      expect(result.failures).toEqual([]);
      expect(result.metrics.tasks).toBe(2);
      console.log(
        `[e2e] tiny model on ${taskIds.length} test_normal tasks: ${JSON.stringify(result.metrics).slice(0, 200)}`,
      );
      for (const file of Object.values(result.outputs)) expect(existsSync(String(file))).toBe(true);
      await server.stop();
      server = undefined;

      // The report: the bounds on the same tasks, then the table and page a user reads.
      const bounds = await Promise.all(
        (["gold", "noop"] as const).map((policy) =>
          runEval({ policy, split: "test_normal", taskIds, resultsDir: path.join(temp.path, "eval"), run: policy }),
        ),
      );
      const results = await Promise.all(
        [...bounds, result].map((run, i) => loadResults(run.runDir, i === 2 ? { name: "tiny" } : {})),
      );
      const rows = summarizeRuns(results);
      expect(rows.map((r) => r.tasks)).toEqual([2, 2, 2]);
      const row = (what: (r: (typeof rows)[number]) => boolean) => {
        const found = rows.find(what);
        if (!found) throw new Error(`no such row in ${JSON.stringify(rows.map((r) => r.what))}`);
        return found;
      };
      const gold = row((r) => r.what === "reference:gold");
      const noop = row((r) => r.what === "reference:noop");
      const tiny = row((r) => !r.reference);
      expect(tiny.what).toBe(modelDir);
      expect(gold.tgc).toBe(100);
      expect(noop.tgc).toBe(0);
      // The table holds the evaluation's own scores, and the tiny model cannot beat the gold ceiling.
      expect(tiny.tgc).toBeCloseTo(result.metrics.tgc, 1);
      expect(tiny.meanPassPercent).toBeCloseTo(result.metrics.meanPassPercent, 1);
      expect(tiny.meanPassPercent).toBeLessThanOrEqual(gold.meanPassPercent);
      const report = buildComparisonReport(results, { resamples: 200 });
      const markdown = toMarkdown(report.summary);
      expect(markdown.split("\n").filter((line) => line.startsWith("|")).length).toBe(2 + 3);
      const page = path.join(temp.path, "report.html");
      writeFileSync(page, renderReportPage(comparisonReportBlocks(report), { title: "tiny model on the CPU" }));
      const html = readFileSync(page, "utf8");
      for (const name of rows.map((r) => r.run)) expect(html).toContain(name);
      console.log(`[e2e] report:\n${formatComparisonTable(compareResults(results))}\n${markdown}`);
    });
  },
);

// Eval harness speed: tasks/s of the gold reference policy over test_normal with 1 and 4 workers, and the
// per-step overhead of the loop itself (model time excluded: a local scripted endpoint that answers at once).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { renderStepCompletion } from "../lib/data/index.js";
import { runEval, type RunEvalResult } from "../lib/eval/index.js";
import { getTask, listTaskIds } from "../lib/world/index.js";
import { startScriptedOpenAiServer } from "../test/helpers/openai-server.js";

const SPLIT = "test_normal";
const lines: string[] = [];
const say = (line: string): void => {
  lines.push(line);
  console.log(line);
};

async function timeGold(workers: number, dir: string): Promise<RunEvalResult> {
  return runEval(
    { policy: "gold", agent: "json-react", split: SPLIT, workers },
    { runDir: path.join(dir, `gold-w${workers}`) },
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "agentft-bench-eval-"));
  try {
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(" ");
    say(
      `agentft eval bench — ${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, load average ${load()}, ${SPLIT}`,
    );
    // Tasks are built on first use; build them first so both worker counts time the same work.
    const catalogStarted = performance.now();
    for (const id of listTaskIds(SPLIT)) getTask(id);
    say(
      `building the ${SPLIT} tasks once (catalog, not timed below): ${((performance.now() - catalogStarted) / 1000).toFixed(2)} s`,
    );
    const one = await timeGold(1, dir);
    const four = await timeGold(4, dir);
    for (const [workers, result] of [
      [1, one],
      [4, four],
    ] as const) {
      const seconds = result.durationMs / 1000;
      say(
        `gold policy, ${workers} worker${workers === 1 ? " " : "s"}: ${result.records.length} tasks in ${seconds.toFixed(2)} s = ` +
          `${(result.records.length / seconds).toFixed(2)} tasks/s (TGC ${result.metrics.tgc.toFixed(1)}, failures ${result.failures.length})`,
      );
    }
    say(
      `speed-up 4 workers vs 1: ${(one.durationMs / four.durationMs).toFixed(2)}x; target test_normal gold with 4 workers <= 20 s: ${four.durationMs <= 20_000 ? "met" : "NOT met"}`,
    );

    // Harness overhead: json-react against a scripted endpoint with zero delay that replays each task's gold
    // steps in order (one worker, so requests arrive in task order).
    const taskIds = listTaskIds(SPLIT);
    const replies = taskIds.flatMap((id) =>
      getTask(id).goldSteps.map((step) => ({ content: renderStepCompletion(step) })),
    );
    const server = await startScriptedOpenAiServer(replies);
    try {
      const scripted = await runEval(
        { model: { model: "scripted", baseUrl: server.baseUrl }, agent: "json-react", split: SPLIT, workers: 1 },
        { runDir: path.join(dir, "scripted") },
      );
      const steps = scripted.records.flatMap((r) => r.episode.steps);
      const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
      const harness = mean(steps.map((s) => s.ms - s.modelMs - s.envMs));
      const model = mean(steps.map((s) => s.modelMs));
      const env = mean(steps.map((s) => s.envMs));
      const inSteps = steps.reduce((sum, s) => sum + s.ms, 0);
      const perTask = (scripted.durationMs - inSteps) / scripted.records.length;
      say(
        `json-react with a zero-delay scripted model, 1 worker: ${scripted.records.length} tasks, ${steps.length} steps in ` +
          `${(scripted.durationMs / 1000).toFixed(2)} s (TGC ${scripted.metrics.tgc.toFixed(1)})`,
      );
      say(
        `per step: harness overhead ${harness.toFixed(3)} ms (prompt build + parse + bookkeeping), model round trip ${model.toFixed(2)} ms (local HTTP), environment ${env.toFixed(2)} ms (execute + task_completed)`,
      );
      say(`per task outside the steps (initialize, evaluate, close, fsync'd append): ${perTask.toFixed(2)} ms`);
    } finally {
      await server.close();
    }
    say(`load average at the end: ${load()} (other processes on the machine slow every figure above)`);
    await writeFile("/tmp/eval-bench.txt", `${lines.join("\n")}\n`);
    console.log("written to /tmp/eval-bench.txt");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

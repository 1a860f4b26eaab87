import { afterEach, describe, expect, it } from "vitest";
import { createLocalBackend, monitorJob, parseTrainingProgress, type TrainingProgress } from "../../lib/jobs/index.js";
import { collect, createRunDir, worker } from "./support.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function* linesOf(lines: string[]): AsyncGenerator<string, void, undefined> {
  yield* lines;
}

describe("training monitor", () => {
  it("yields step, total, loss, learning rate, reward and an ETA from the step rate", async () => {
    const lines = [
      JSON.stringify({ step: 10, max_steps: 100, loss: 2.5, learning_rate: 2e-4, epoch: 0.1, time: 1000 }),
      "not json",
      JSON.stringify({ grad_norm: 1 }),
      JSON.stringify({ step: 20, loss: 2.0, learning_rate: 1.8e-4, reward: 0.25, time: 1020 }),
    ];
    const bad: string[] = [];
    const events = await collect(parseTrainingProgress(linesOf(lines), { onBadLine: (p) => bad.push(p.path) }));
    // The line that is not JSON is passed over and said; the object without a step is no progress.
    expect(bad).toEqual(["metrics.jsonl:2"]);
    expect(events).toEqual<TrainingProgress[]>([
      {
        step: 10,
        total: 100,
        epoch: 0.1,
        loss: 2.5,
        learningRate: 2e-4,
        elapsedS: 0,
        values: { step: 10, max_steps: 100, loss: 2.5, learning_rate: 2e-4, epoch: 0.1, time: 1000 },
      },
      {
        step: 20,
        total: 100,
        loss: 2.0,
        learningRate: 1.8e-4,
        reward: 0.25,
        elapsedS: 20,
        // 10 steps in 20 s, 80 steps to go.
        etaS: 160,
        values: { step: 20, loss: 2.0, learning_rate: 1.8e-4, reward: 0.25, time: 1020 },
      },
    ]);
  });

  it("reads LLaMA-Factory's names and stamps lines without a time by arrival", async () => {
    let clock = 5_000;
    const lines = [
      JSON.stringify({ current_steps: 1, total_steps: 4, lr: 1e-3 }),
      JSON.stringify({ current_steps: 3, total_steps: 4, lr: 1e-3 }),
    ];
    const events = await collect(parseTrainingProgress(linesOf(lines), { now: () => (clock += 1000) }));
    expect(events.map((e) => [e.step, e.total, e.learningRate, e.elapsedS, e.etaS])).toEqual([
      [1, 4, 1e-3, 0, undefined],
      [3, 4, 1e-3, 1, 0.5],
    ]);
  });

  it("follows a running job's metrics.jsonl until the job ends", async () => {
    const dir = await createRunDir("jobs-monitor");
    cleanups.push(dir.remove);
    const local = createLocalBackend();
    const job = await local.submit({ command: worker("--metrics", "5", "--delay-ms", "80"), runDir: dir.runDir });
    const events = await collect(monitorJob(job, { pollMs: 20 }));
    expect(events.map((e) => e.step)).toEqual([1, 2, 3, 4, 5]);
    expect(events.every((e) => e.total === 5)).toBe(true);
    expect(events.map((e) => e.loss)).toEqual([2, 1, 2 / 3, 0.5, 0.4]);
    expect(events.at(-1)?.etaS).toBe(0);
  });
});

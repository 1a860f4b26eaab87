import { describe, expect, it } from "vitest";
import { parseMetrics, summarizeProgress } from "../../lib/train/index.js";

describe("metrics.jsonl", () => {
  const lines = [
    { event: "start", time: 100 },
    { event: "train_begin", time: 100, step: 0, max_steps: 10 },
    { event: "log", time: 110, step: 1, max_steps: 10, loss: 6.2, learning_rate: 2e-5 },
    { event: "log", time: 120, step: 2, max_steps: 10, loss: 6.1, learning_rate: 1.8e-5 },
    { event: "checkpoint", time: 121, step: 2, path: "output/checkpoint-2" },
  ].map((e) => JSON.stringify(e));

  it("skips a torn last line and summarises step, loss, checkpoint and ETA", () => {
    const events = parseMetrics(`${lines.join("\n")}\n{"event": "log", "ti`);
    expect(events).toHaveLength(5);
    const p = summarizeProgress(events);
    expect(p).toMatchObject({
      state: "running",
      step: 2,
      totalSteps: 10,
      loss: 6.1,
      lastCheckpoint: "output/checkpoint-2",
    });
    expect(p.etaS).toBe(80); // 8 steps left at 10 s per step since train_begin
  });

  it("a run with a saved event is finished", () => {
    const events = parseMetrics(
      [...lines, JSON.stringify({ event: "saved", time: 130, path: "output/final" })].join("\n"),
    );
    expect(summarizeProgress(events)).toMatchObject({ state: "finished", final: "output/final", etaS: 0 });
  });
});

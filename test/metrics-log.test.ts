import { describe, expect, it } from "vitest";
import { parseMetricsLine, parseMetricsLog } from "../lib/metrics-log.js";
import { parseMetricsLines } from "../lib/report/index.js";
import { parseMetrics } from "../lib/train/index.js";

// A run resumed after a kill mid-write, by a writer that did not cut the fragment: line 3 is glued.
const GLUED = [
  '{"event": "log", "time": 1, "step": 1, "loss": 2.5}',
  '{"event": "log", "time": 2, "step": 2, "loss": 2.1}',
  '{"event": "log", "ti{"event": "start", "time": 9}',
  '{"event": "log", "time": 10, "step": 3, "loss": 1.9}',
  "",
].join("\n");

describe("metrics.jsonl, one reader", () => {
  it("skips a torn last line, which is still being written", () => {
    const log = parseMetricsLog('{"event": "log", "time": 1, "step": 1}\n{"event": "log", "ti');
    expect(log.records.map((r) => r.record.step)).toEqual([1]);
    expect(log.bad).toEqual([]);
  });

  it("reports a bad line in the middle with its line number, keeping every good one", () => {
    const log = parseMetricsLog(GLUED);
    expect(log.records.map((r) => [r.line, r.record.step])).toEqual([
      [1, 1],
      [2, 2],
      [4, 3],
    ]);
    expect(log.bad).toHaveLength(1);
    expect(log.bad[0]).toMatchObject({ line: 3, text: '{"event": "log", "ti{"event": "start", "time": 9}' });
    expect(parseMetricsLog("[1, 2]\n{}\n").bad[0]).toMatchObject({
      line: 1,
      reason: "expected a JSON object, got an array",
    });
  });

  it("reads the upstream spellings of step, total steps and learning rate under one name, keeping the line's own", () => {
    const parsed = parseMetricsLine('{"current_steps": 7, "total_steps": 70, "lr": 0.0002, "loss": 1.5}');
    expect(parsed).toEqual({
      record: {
        current_steps: 7,
        total_steps: 70,
        lr: 0.0002,
        loss: 1.5,
        step: 7,
        max_steps: 70,
        learning_rate: 0.0002,
      },
    });
    expect(parseMetricsLine('{"global_step": 3, "step": "x"}')).toMatchObject({ record: { step: 3 } });
  });

  it("serves every reader: the status passes bad lines over, the report refuses them naming file:line", () => {
    expect(parseMetrics(GLUED).map((e) => e.step)).toEqual([1, 2, 3]);
    expect(() => parseMetricsLines(GLUED, "runs/a/metrics.jsonl")).toThrow(
      /^runs\/a\/metrics\.jsonl:3 is not a JSON object \(.+\); fix or delete that line\.$/,
    );
    // A curve has one series per field, not one per spelling.
    expect(parseMetricsLines('{"global_step": 5, "lr": 0.1}\n')).toEqual([{ step: 5, learning_rate: 0.1 }]);
  });
});

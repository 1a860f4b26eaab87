// The one reading of metrics.jsonl: what a torn tail, a glued middle line and other trainers' names become,
// for a whole text and for lines arriving one by one, and how the three readers built on it report.
import { describe, expect, it, vi } from "vitest";
import { ConfigError } from "../lib/errors.js";
import { parseTrainingProgress } from "../lib/jobs/index.js";
import { type MetricsLineProblem, parseMetricsLog, parseMetricsStream } from "../lib/metrics-log.js";
import { parseMetricsLines } from "../lib/report/index.js";
import { parseMetrics } from "../lib/train/index.js";

const line = (value: object) => JSON.stringify(value);
// What a resumed run wrote after a kill mid-line, before train.py cut such fragments: the fragment and the
// next event on one line.
const glued = `{"event": "log", "ti${line({ event: "start", time: 30 })}`;
const text = [
  line({ event: "log", time: 10, global_step: 1, total_steps: 4, lr: 1e-3, loss: 2 }),
  "",
  glued,
  line({ event: "log", time: 40, step: 2, max_steps: 4, learning_rate: 5e-4, loss: 1 }),
  `{"event": "log", "time": 5`,
].join("\n");

async function* linesOf(lines: readonly string[]): AsyncGenerator<string> {
  yield* lines;
}

describe("parseMetricsLog", () => {
  it("reads the objects, reports a glued middle line by its line, skips blank lines and a torn last line", () => {
    const log = parseMetricsLog(text, "run/metrics.jsonl");
    expect(log.records.map((r) => r.line)).toEqual([1, 4]);
    expect(log.problems).toEqual([
      {
        path: "run/metrics.jsonl:3",
        line: 3,
        message: expect.stringMatching(
          /^run\/metrics\.jsonl:3 is not a JSON object \(.+\); fix or delete that line\.$/,
        ),
      },
    ]);
  });

  it("folds other trainers' names into step, max_steps and learning_rate, the name already there winning", () => {
    const { records } = parseMetricsLog(
      [line({ current_steps: 3, total: 9, lr: 0.1 }), line({ step: 5, global_step: 6, loss: 1 })].join("\n"),
    );
    expect(records.map((r) => r.values)).toEqual([
      { step: 3, max_steps: 9, learning_rate: 0.1 },
      { step: 5, loss: 1 },
    ]);
  });

  it("counts JSON that is not an object as a bad line, and keeps a whole last object without its newline", () => {
    const log = parseMetricsLog(["[1, 2]", "null", line({ step: 1 })].join("\n"));
    expect(log.problems.map((p) => p.message)).toEqual([
      "metrics.jsonl:1 is not a JSON object (found `[1,2]` (array)); fix or delete that line.",
      "metrics.jsonl:2 is not a JSON object (found `null` (null)); fix or delete that line.",
    ]);
    expect(log.records).toEqual([{ line: 3, values: { step: 1 } }]);
  });

  it("reports a bad last line that has its newline: the writer finished it", () => {
    expect(parseMetricsLog(`${line({ step: 1 })}\nnot json\n`).problems.map((p) => p.line)).toEqual([2]);
  });
});

describe("parseMetricsStream", () => {
  it("yields each good line at once, reports a bad line once another follows, and skips a bad last line", async () => {
    const problems: MetricsLineProblem[] = [];
    const seen: number[] = [];
    for await (const record of parseMetricsStream(linesOf(text.split("\n")), { onBadLine: (p) => problems.push(p) })) {
      seen.push(record.line);
      // The glued line 3 is reported before line 4 arrives as a record, and never after.
      expect(problems.map((p) => p.line)).toEqual(record.line === 1 ? [] : [3]);
    }
    expect(seen).toEqual([1, 4]);
    expect(problems.map((p) => p.path)).toEqual(["metrics.jsonl:3"]);
  });

  it("warns the process when no callback is given", async () => {
    const emit = vi.spyOn(process, "emitWarning").mockImplementation(() => {});
    try {
      for await (const _ of parseMetricsStream(linesOf(["oops", line({ step: 1 })]))) {
        // drained for the warning
      }
      expect(emit.mock.calls).toEqual([
        [expect.stringMatching(/^metrics\.jsonl:1 is not a JSON object/), { code: "AGENTFT_METRICS_LINE" }],
      ]);
    } finally {
      emit.mockRestore();
    }
  });
});

describe("the three readers on one text", () => {
  it("agree on the lines, each reporting the glued one in its own way", async () => {
    const trained: MetricsLineProblem[] = [];
    const events = parseMetrics(text, { file: "run/metrics.jsonl", onBadLine: (p) => trained.push(p) });
    expect(events.map((e) => [e.step, e.max_steps, e.learning_rate])).toEqual([
      [1, 4, 1e-3],
      [2, 4, 5e-4],
    ]);
    expect(trained.map((p) => p.path)).toEqual(["run/metrics.jsonl:3"]);

    const monitored: MetricsLineProblem[] = [];
    const progress = [];
    for await (const p of parseTrainingProgress(linesOf(text.split("\n")), { onBadLine: (b) => monitored.push(b) })) {
      progress.push(p);
    }
    expect(progress.map((p) => [p.step, p.total, p.learningRate, p.elapsedS])).toEqual([
      [1, 4, 1e-3, 0],
      [2, 4, 5e-4, 30],
    ]);
    expect(monitored.map((p) => p.line)).toEqual([3]);

    expect(() => parseMetricsLines(text, "run/metrics.jsonl")).toThrow(ConfigError);
    expect(() => parseMetricsLines(text, "run/metrics.jsonl")).toThrow(/^run\/metrics\.jsonl:3 is not a JSON object/);
    const points = parseMetricsLines(
      text
        .split("\n")
        .filter((_, i) => i !== 2)
        .join("\n"),
    );
    expect(points.map((p) => [p.step, p["learning_rate"]])).toEqual([
      [1, 1e-3],
      [2, 5e-4],
    ]);
  });

  it("report a line whose known fields are not numbers, naming the field", () => {
    const trained: MetricsLineProblem[] = [];
    parseMetrics(`${line({ event: "log", time: "soon", step: 1 })}\n`, { onBadLine: (p) => trained.push(p) });
    expect(trained.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^metrics\.jsonl:1 is not a train\.py event \(time: .*number.*\); fix or delete that line\.$/,
      ),
    ]);
  });
});

describe("a diverged run's non-finite numbers", () => {
  // train.py writes them as strings (valid JSON); Python's json by default, as bare tokens (not JSON).
  const written =
    '{"event": "log", "time": 5, "step": 3, "loss": "NaN", "grad_norm": "Infinity", "note": "-Infinity x"}\n';
  const bare = '{"event": "log", "time": 6, "step": 4, "loss": NaN, "grad_norm": -Infinity, "note": "NaN, Infinity"}\n';

  it("reads both as numbers, and leaves a string that only mentions them alone", () => {
    const log = parseMetricsLog(written + bare);
    expect(log.problems).toEqual([]);
    const [a, b] = log.records.map((r) => r.values);
    expect(a).toMatchObject({ step: 3, grad_norm: Infinity, note: "-Infinity x" });
    expect(Number.isNaN(a?.["loss"])).toBe(true);
    expect(b).toMatchObject({ step: 4, grad_norm: -Infinity, note: "NaN, Infinity" });
    expect(Number.isNaN(b?.["loss"])).toBe(true);
  });

  it("shows the diverged loss in the status and the monitor instead of passing the line over", async () => {
    const problems: MetricsLineProblem[] = [];
    const events = parseMetrics(written + bare, { onBadLine: (p) => problems.push(p) });
    expect(problems).toEqual([]);
    expect(events.map((e) => e.step)).toEqual([3, 4]);
    expect(events.every((e) => Number.isNaN(e.loss))).toBe(true);
    async function* lines() {
      yield* (written + bare).trim().split("\n");
    }
    const progress = [];
    for await (const p of parseTrainingProgress(lines(), { onBadLine: (p) => problems.push(p) })) progress.push(p);
    expect(problems).toEqual([]);
    expect(progress.map((p) => Number.isNaN(p.loss))).toEqual([true, true]);
  });
});

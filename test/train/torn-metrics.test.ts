// A run killed while writing a line of metrics.jsonl, then resumed: train.py's append_event, run for real
// from a run directory, cuts the fragment before it appends, so no event is glued to it.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type MetricsLineProblem, parseMetrics, readTrainScript } from "../../lib/train/index.js";
import { missing, testVenvPython } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";

// train.py loaded as a module from the run directory (its RUN_DIR is its own folder), appending two events
// in one process, as a resumed run does.
const APPEND_TWO = [
  "import importlib.util",
  "spec = importlib.util.spec_from_file_location('train', 'train.py')",
  "train = importlib.util.module_from_spec(spec)",
  "spec.loader.exec_module(train)",
  "train.append_event({'event': 'start', 'time': 30.0, 'resume_from': 'output/checkpoint-2'})",
  "train.append_event({'event': 'log', 'time': 40.0, 'step': 3, 'max_steps': 4, 'loss': 0.5})",
].join("\n");

const before = [
  { event: "start", time: 1 },
  { event: "log", time: 10, step: 1, max_steps: 4, loss: 2 },
  { event: "checkpoint", time: 11, step: 2, path: "output/checkpoint-2" },
].map((e) => JSON.stringify(e));

describe.skipIf(missing("python-train"))("train.py after a kill mid-line", () => {
  let temp: TempDir;
  beforeEach(async () => {
    temp = await createTempDir("agentft-torn-");
    writeFileSync(path.join(temp.path, "train.py"), readTrainScript());
  });
  afterEach(async () => {
    await temp.remove();
  });

  const appendTwo = () => {
    const result = spawnSync(testVenvPython, ["-c", APPEND_TWO], { cwd: temp.path, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    return readFileSync(path.join(temp.path, "metrics.jsonl"), "utf8");
  };
  const strictParse = (text: string) => {
    const problems: MetricsLineProblem[] = [];
    const events = parseMetrics(text, { onBadLine: (p) => problems.push(p) });
    expect(problems).toEqual([]);
    return events;
  };

  it("cuts the torn fragment, then appends whole lines: every line parses and no event is lost", () => {
    const fragment = '{"event": "log", "time": 12, "step": 3, "lo';
    writeFileSync(path.join(temp.path, "metrics.jsonl"), `${before.join("\n")}\n${fragment}`);
    const text = appendTwo();
    expect(text).not.toContain(fragment);
    expect(text.endsWith("\n")).toBe(true);
    for (const line of text.trimEnd().split("\n")) expect(() => JSON.parse(line), line).not.toThrow();
    expect(strictParse(text).map((e) => [e.event, e.step])).toEqual([
      ["start", undefined],
      ["log", 1],
      ["checkpoint", 2],
      ["start", undefined],
      ["log", 3],
    ]);
  });

  it("keeps a last event that lacks only its newline, and leaves a file that ends well as it was", () => {
    const whole = JSON.stringify({ event: "log", time: 12, step: 2, max_steps: 4, loss: 1 });
    writeFileSync(path.join(temp.path, "metrics.jsonl"), `${before.join("\n")}\n${whole}`);
    expect(strictParse(appendTwo()).map((e) => e.time)).toEqual([1, 10, 11, 12, 30, 40]);

    writeFileSync(path.join(temp.path, "metrics.jsonl"), `${before.join("\n")}\n`);
    const text = appendTwo();
    expect(text.startsWith(`${before.join("\n")}\n`)).toBe(true);
    expect(strictParse(text)).toHaveLength(5);
  });

  it("cuts a file that is one fragment, and starts a file that does not exist", () => {
    writeFileSync(path.join(temp.path, "metrics.jsonl"), '{"event": "sta');
    expect(strictParse(appendTwo()).map((e) => e.event)).toEqual(["start", "log"]);
    rmSync(path.join(temp.path, "metrics.jsonl"));
    expect(strictParse(appendTwo()).map((e) => e.event)).toEqual(["start", "log"]);
  });

  it("writes a diverged loss (NaN, infinite) as JSON that every reader parses, not as bare NaN", () => {
    const script = [
      "import importlib.util",
      "spec = importlib.util.spec_from_file_location('train', 'train.py')",
      "train = importlib.util.module_from_spec(spec)",
      "spec.loader.exec_module(train)",
      "train.append_event({'event': 'log', 'time': 1.0, 'step': 1, 'loss': float('nan'), 'grad_norm': float('inf'), 'x': [float('-inf')]})",
    ].join("\n");
    const result = spawnSync(testVenvPython, ["-c", script], { cwd: temp.path, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(path.join(temp.path, "metrics.jsonl"), "utf8");
    expect(JSON.parse(text)).toEqual({
      event: "log",
      time: 1,
      step: 1,
      loss: "NaN",
      grad_norm: "Infinity",
      x: ["-Infinity"],
    });
    const [event] = strictParse(text);
    expect(Number.isNaN(event?.loss)).toBe(true);
    expect(event?.["grad_norm"]).toBe(Infinity);
  });
});

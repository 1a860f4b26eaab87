// The live displays outside a kernel, on a stand-in display that records what tslab's `newDisplay()`
// would receive: progress fed by a real runEval, and curves following a metrics file as it grows.
import { appendFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EnvironmentClient } from "../../lib/env/index.js";
import { runEval } from "../../lib/eval/index.js";
import { liveProgress, watchCurves } from "../../lib/report/live.js";
import { resetPlotlyEmbedding } from "../../lib/report/display.js";
import { listTaskIds } from "../../lib/world/index.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";

// Stand-in for a tslab display: records each `html(s)` call, in order.
function recordingDisplay(): { html(s: string): void; readonly calls: string[] } {
  const calls: string[] = [];
  return { calls, html: (s) => void calls.push(s) };
}

// The x and y of each trace in a chart the live display drew (the figure is embedded as JSON).
function tracesOf(html: string): { name: string; x: number[]; y: number[] }[] {
  const match = /Plotly\.newPlot\([^,]+,\s*(\[.*?\]),\s*\{/s.exec(html);
  if (!match) throw new Error(`no Plotly.newPlot call in: ${html.slice(0, 200)}`);
  return JSON.parse(match[1] as string);
}

let dir: TempDir;
let env: EnvironmentClient;
beforeAll(async () => {
  dir = await createTempDir("agentft-live-");
  env = EnvironmentClient.embedded();
});
afterAll(async () => {
  await env.dispose();
  await dir.remove();
});
afterEach(() => resetPlotlyEmbedding());

const until = async (check: () => boolean, what: string, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("liveProgress", () => {
  it("redraws once per finished task and ends at done = total, TGC 100 for the gold policy", async () => {
    const display = recordingDisplay();
    const taskIds = listTaskIds("dev").slice(0, 4);
    const live = liveProgress({ display, title: "gold on dev" });
    const result = await runEval(
      { policy: "gold", taskIds, workers: 2 },
      { envClient: env, runDir: path.join(dir.path, "gold"), onProgress: live.onProgress },
    );
    expect(result.metrics.tgc).toBe(100);
    // One start report, then one per task.
    expect(display.calls).toHaveLength(taskIds.length + 1);
    const counts = display.calls.map((html) => /(\d+)\/(\d+) tasks/.exec(html)?.slice(1).map(Number));
    expect(counts).toEqual([0, 1, 2, 3, 4].map((done) => [done, 4]));
    expect(display.calls.every((html) => html.includes("<b>gold on dev</b>"))).toBe(true);
    expect(display.calls[0]).toContain('value="0"');
    expect(display.calls[0]).toContain("ETA –");
    const last = display.calls.at(-1) as string;
    expect(last).toContain("TGC so far 100.0 %");
    expect(last).toContain('<progress max="4" value="4"');
    expect(last).toContain("(100 %)");
    expect(last).toContain("failed 0");
  });

  it("counts resumed tasks and refuses to start without a display outside a kernel", async () => {
    const taskIds = listTaskIds("dev").slice(0, 2);
    const runDir = path.join(dir.path, "resume");
    // A first invocation stopped after one task; the second resumes it.
    const stop = new AbortController();
    await runEval(
      { policy: "noop", taskIds, workers: 1 },
      { envClient: env, runDir, signal: stop.signal, onProgress: (p) => p.done === 1 && stop.abort() },
    ).catch(() => undefined);
    const display = recordingDisplay();
    await runEval(
      { policy: "noop", taskIds },
      { envClient: env, runDir, onProgress: liveProgress({ display }).onProgress },
    );
    expect(display.calls.at(-1)).toContain("2/2 tasks");
    expect(display.calls.at(-1)).toContain("TGC so far 0.0 %");
    expect(display.calls.at(-1)).toContain("1 resumed");
    expect(() => liveProgress()).toThrow(/tslab notebook kernel/);
  });
});

describe("watchCurves", () => {
  it("redraws with the new points as lines are appended, skips a torn last line, and stops", async () => {
    const file = path.join(dir.path, "metrics.jsonl");
    await writeFile(file, `${JSON.stringify({ step: 1, loss: 2.5 })}\n`);
    const display = recordingDisplay();
    const page = recordingDisplay();
    const watch = watchCurves(file, { display, pageDisplay: page, intervalMs: 20, y: ["loss"] });
    // plotly.js goes to the page once, never into the display that is replaced.
    expect(page.calls).toHaveLength(1);
    expect(page.calls[0]).toContain("<script");
    await until(() => display.calls.length === 1, "the first drawing");
    expect(tracesOf(display.calls[0] as string)).toMatchObject([{ name: "loss", x: [1], y: [2.5] }]);

    // A torn last line (the writer is mid-line) is not drawn, and a re-read of it redraws nothing.
    await appendFile(file, `${JSON.stringify({ step: 2, loss: 1.75 })}\n{"step": 3, "lo`);
    await until(() => display.calls.length === 2, "the second drawing");
    expect(tracesOf(display.calls[1] as string)[0]).toMatchObject({ x: [1, 2], y: [2.5, 1.75] });
    expect(await watch.refresh()).toHaveLength(2);
    expect(display.calls).toHaveLength(2);

    await appendFile(file, `ss": 1.25}\n`);
    expect((await watch.refresh()).map((e) => e.step)).toEqual([1, 2, 3]);
    expect(tracesOf(display.calls.at(-1) as string)[0]).toMatchObject({ x: [1, 2, 3], y: [2.5, 1.75, 1.25] });
    expect(display.calls.at(-1)).toContain("(3 events)");

    // stop() draws the last state, then nothing follows the file any more.
    await appendFile(file, `${JSON.stringify({ step: 4, loss: 1 })}\n`);
    await watch.stop();
    const drawn = display.calls.length;
    expect(tracesOf(display.calls.at(-1) as string)[0]?.x).toEqual([1, 2, 3, 4]);
    await appendFile(file, `${JSON.stringify({ step: 5, loss: 0.5 })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(display.calls).toHaveLength(drawn);
  });

  it("stops when its signal aborts, and clears its interval timer", async () => {
    const file = path.join(dir.path, "abort.jsonl");
    const display = recordingDisplay();
    const setSpy = vi.spyOn(globalThis, "setInterval");
    const clearSpy = vi.spyOn(globalThis, "clearInterval");
    const controller = new AbortController();
    watchCurves(file, { display, pageDisplay: recordingDisplay(), intervalMs: 20, signal: controller.signal });
    await until(() => display.calls.length === 1, "the drawing of the empty file");
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await writeFile(file, `${JSON.stringify({ step: 1, reward: 0.5 })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(display.calls).toHaveLength(1);
    // The one interval it started was cleared, and it never held the process open.
    expect(setSpy).toHaveBeenCalledTimes(1);
    const timer = setSpy.mock.results[0]?.value as NodeJS.Timeout;
    expect(clearSpy).toHaveBeenCalledWith(timer);
    expect(timer.hasRef()).toBe(false);
    setSpy.mockRestore();
    clearSpy.mockRestore();
  });

  it("carries plotly.js in every drawing when it has no separate page display", async () => {
    const file = path.join(dir.path, "single.jsonl");
    await writeFile(file, `${JSON.stringify({ step: 1, loss: 3 })}\n`);
    const display = recordingDisplay();
    const watch = watchCurves(file, { display, intervalMs: 20 });
    await until(() => display.calls.length >= 1, "the first drawing");
    await appendFile(file, `${JSON.stringify({ step: 2, loss: 2 })}\n`);
    await watch.stop();
    // Each drawing replaces the one before: the one left must still be able to draw on its own.
    expect(display.calls.length).toBeGreaterThanOrEqual(2);
    expect(display.calls.every((html) => html.includes("Plotly.newPlot") && html.includes("<script"))).toBe(true);
    const last = display.calls.at(-1) as string;
    expect(last.length).toBeGreaterThan(100_000);
  });
});

describe("watchCurves on trouble", () => {
  it("shows why a file cannot be read, then draws again once it is fixed", async () => {
    const file = path.join(dir.path, "broken.jsonl");
    await writeFile(
      file,
      `${JSON.stringify({ step: 1, loss: 2 })}\nnot json\n${JSON.stringify({ step: 2, loss: 1 })}\n`,
    );
    const display = recordingDisplay();
    const watch = watchCurves(file, { display, pageDisplay: recordingDisplay(), intervalMs: 20 });
    await until(() => display.calls.length === 1, "the error message");
    expect(display.calls[0]).toContain("agentft-error");
    expect(display.calls[0]).toContain("broken.jsonl:2 is not a JSON object");
    await expect(watch.refresh()).rejects.toThrow(/broken\.jsonl:2/);
    // The same error is not drawn again on every tick.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(display.calls).toHaveLength(1);
    await writeFile(file, `${JSON.stringify({ step: 1, loss: 2 })}\n${JSON.stringify({ step: 2, loss: 1 })}\n`);
    await watch.stop();
    expect(tracesOf(display.calls.at(-1) as string)[0]).toMatchObject({ x: [1, 2], y: [2, 1] });
  });

  it("stops at once for a signal already aborted, after one drawing", async () => {
    const file = path.join(dir.path, "aborted.jsonl");
    await writeFile(file, `${JSON.stringify({ step: 1, loss: 2 })}\n`);
    const display = recordingDisplay();
    const clearSpy = vi.spyOn(globalThis, "clearInterval");
    watchCurves(file, { display, pageDisplay: recordingDisplay(), intervalMs: 20, signal: AbortSignal.abort() });
    await until(() => display.calls.length === 1, "the one drawing");
    expect(clearSpy).toHaveBeenCalledTimes(1);
    clearSpy.mockRestore();
    await appendFile(file, `${JSON.stringify({ step: 2, loss: 1 })}\n`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(display.calls).toHaveLength(1);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { computeDatasetStats, datasetStatsFrame, readStatsRecords } from "../../lib/data/stats.js";
import { missing, seedPath } from "../helpers/prerequisites.js";

const seedFile = seedPath("seed-data", "base_tasks_train_data.csv");
const noSeed = missing("seed");
const dir = mkdtempSync(path.join(tmpdir(), "stats-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("data set statistics", () => {
  it.skipIf(noSeed)("counts the seed CSV's rows per intent with length percentiles", () => {
    const stats = computeDatasetStats(readStatsRecords(seedFile));
    expect(stats.map((s) => [s.intent, s.rows])).toEqual([
      ["approve_requests", 6],
      ["question", 4],
      ["refund", 6],
      ["send_money", 25],
      ["split_bill", 13],
      ["all", 54],
    ]);
    const all = stats.at(-1)!;
    expect(all.promptChars.p50).toBeLessThanOrEqual(all.promptChars.p90);
    expect(all.promptChars.max).toBe(8815);
  });

  it.skipIf(noSeed)("returns a danfojs DataFrame with one row per intent and the percentiles as columns", () => {
    const frame = datasetStatsFrame(readStatsRecords(seedFile));
    expect(frame.columns).toEqual([
      "intent",
      "rows",
      "prompt_p50",
      "prompt_p90",
      "prompt_p99",
      "prompt_max",
      "completion_p50",
      "completion_p90",
      "completion_p99",
      "completion_max",
    ]);
    expect(frame.shape).toEqual([6, 10]);
    expect(frame["rows"].values.at(-1)).toBe(54);
  });

  it("reads prompt-completion, conversational and messages lines", () => {
    const file = path.join(dir, "mixed.jsonl");
    writeFileSync(
      file,
      [
        JSON.stringify({ prompt: "User Instruction : \n```Refund Bob```\nrest", completion: "{}" }),
        JSON.stringify({
          prompt: [{ role: "user", content: "Accept all pending requests" }],
          completion: [{ role: "assistant", content: "ok" }],
        }),
        JSON.stringify({
          messages: [
            { role: "user", content: "send 5 to Al" },
            { role: "assistant", content: "done" },
          ],
          slots: {},
        }),
      ].join("\n"),
    );
    expect(readStatsRecords(file).map((r) => r.intent)).toEqual(["refund", "approve_requests", "send_money"]);
  });

  it("names the line that has no known shape", () => {
    const file = path.join(dir, "bad.jsonl");
    writeFileSync(file, '{"text": "x"}\n');
    expect(() => readStatsRecords(file)).toThrow(
      `${file}:1: has neither prompt/completion nor messages. Use one of TRL's prompt-completion, conversational or messages shapes`,
    );
  });
});

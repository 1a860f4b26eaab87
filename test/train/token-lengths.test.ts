import { describe, expect, it } from "vitest";
import { computeDatasetStats, datasetStatsFrame, generateConversations, readSeedCsv } from "../../lib/data/index.js";
import { ConfigError } from "../../lib/errors.js";
import {
  applyOverLength,
  countRowTokens,
  createPieceCounter,
  loadQwenEncoder,
  loadQwenTokenCounter,
  QWEN25_DEFAULT_SYSTEM,
  reportTokenLengths,
  TOKEN_LENGTH_COLUMNS,
  tokenLengthRows,
  type TokenCounter,
} from "../../lib/train/index.js";
import { missing, seedPath } from "../helpers/prerequisites.js";

// A stand-in counter for the policy tests: one token per character, so lengths are easy to reason about.
const perChar: TokenCounter = { count: (text) => [...text].length };

describe("token lengths with the real Qwen tokenizer", () => {
  it("the piece-cached count equals encoding the whole text, on ChatML framing too", async () => {
    const encoder = await loadQwenEncoder();
    const counter = createPieceCounter(encoder);
    const texts = [
      "Send $91 privately on Venmo to the person with this phone number 2192158297.",
      "{'thought': 'I'll check the API docs', 'action': \"print(apis.api_docs.show_api_descriptions(app_name='venmo'))\"}",
      "Line one\n\n  indented  line\ttab\r\nend ... ¡Hola! naïve café — 日本語 123456",
    ];
    for (const text of texts)
      expect(counter.count(text)).toBe(encoder.encode(text, { add_special_tokens: false }).length);
    const framed = `<|im_start|>system\n${QWEN25_DEFAULT_SYSTEM}<|im_end|>\n<|im_start|>user\nPay Bob $5<|im_end|>\n<|im_start|>assistant\nok<|im_end|>\n`;
    const row = {
      messages: [
        { role: "user", content: "Pay Bob $5" },
        { role: "assistant", content: "ok" },
      ],
    };
    expect(countRowTokens(row, { counter, maxLength: null }).total).toBe(
      encoder.encode(framed, { add_special_tokens: false }).length,
    );
  });

  it("the whole-text cache gives the same counts as pieces alone, on generated conversations", async () => {
    const encoder = await loadQwenEncoder();
    const cached = createPieceCounter(encoder);
    const piecesOnly = createPieceCounter(encoder, { cacheTexts: false });
    const tinyCache = createPieceCounter(encoder, { maxCachedTexts: 3 });
    const rows = generateConversations({ count: 300 }).map((r) => ({ messages: r.messages }));
    const expected = rows.map((row) => countRowTokens(row, { counter: piecesOnly, maxLength: null }).total);
    // Twice: the second pass is answered from the cache, and a cache emptied when full still counts right.
    for (const counter of [cached, cached, tinyCache]) {
      expect(rows.map((row) => countRowTokens(row, { counter, maxLength: null }).total)).toEqual(expected);
    }
    const sample = rows[7]?.messages[1]?.content ?? "";
    expect(cached.count(sample)).toBe(encoder.encode(sample, { add_special_tokens: false }).length);
  });

  it("gives the data statistics in Qwen tokens when the counter is passed", async () => {
    const counter = await loadQwenTokenCounter();
    const records = generateConversations({ count: 40 }).map((r) => ({
      intent: "send_money",
      prompt: r.messages
        .filter((m) => m.role !== "assistant")
        .map((m) => m.content)
        .join("\n"),
      completion: r.messages
        .filter((m) => m.role === "assistant")
        .map((m) => m.content)
        .join("\n"),
    }));
    const stats = computeDatasetStats(records, { countTokens: (text) => counter.count(text) });
    const all = stats.at(-1);
    expect(all?.promptTokens?.max).toBe(Math.max(...records.map((r) => counter.count(r.prompt))));
    expect(all?.completionTokens?.max).toBe(Math.max(...records.map((r) => counter.count(r.completion))));
    // Tokens, not characters: English text runs about four characters a token.
    expect(all?.promptTokens?.max).toBeLessThan((all?.promptChars.max ?? 0) / 2);
    const frame = datasetStatsFrame(records, { countTokens: (text) => counter.count(text) });
    expect(frame.columns).toContain("prompt_tokens_p90");
    expect(frame["prompt_tokens_max"].values.at(-1)).toBe(all?.promptTokens?.max);
  });

  it.skipIf(missing("seed"))("matches whole-text encoding on every row of the seed's training CSV", async () => {
    const encoder = await loadQwenEncoder();
    const counter = await loadQwenTokenCounter();
    const rows = readSeedCsv(seedPath("seed-data", "base_tasks_train_data.csv"));
    for (const row of rows) {
      expect(counter.count(row.prompt)).toBe(encoder.encode(row.prompt, { add_special_tokens: false }).length);
    }
    const report = reportTokenLengths(
      rows.map((r) => ({ prompt: r.prompt, completion: r.completion })),
      { counter, maxLength: 1024 },
    );
    expect(report.rows).toBe(54);
    expect(report.max).toBeGreaterThan(report.p50);
    console.log(
      `seed CSV: p50 ${report.p50}, p90 ${report.p90}, max ${report.max}; over 1024: ${report.overLength.length}`,
    );
  });
});

describe("overLength", () => {
  const rows = [
    { prompt: "aaaa", completion: "bb" }, // 4 + 2 + eos = 7
    { prompt: "aaaaaaaaaa", completion: "b" }, // 12: over 8, prompt alone over 8: completion lost
    { prompt: "aaaaaa", completion: "bbb" }, // 10: over 8
  ];
  const report = reportTokenLengths(rows, { counter: perChar, maxLength: 8 });

  it("reports the rows over max_length and those that would lose their whole completion", () => {
    expect(report.overLength).toEqual([1, 2]);
    expect(report.completionLost).toBe(1);
    expect(report.max).toBe(12);
  });

  it("puts reports side by side as table rows, one per data set, in the columns' order", () => {
    const none = reportTokenLengths(rows, { counter: perChar, maxLength: null });
    const table = tokenLengthRows({ v1: report, v2: none });
    expect(table.map((row) => Object.keys(row))).toEqual([[...TOKEN_LENGTH_COLUMNS], [...TOKEN_LENGTH_COLUMNS]]);
    expect(table[0]).toEqual({
      data: "v1",
      rows: 3,
      mean: Math.round((7 + 12 + 10) / 3),
      p50: report.p50,
      p90: report.p90,
      p99: report.p99,
      max: 12,
      max_length: 8,
      over_max_length: 2,
      completion_lost: 1,
    });
    expect(table[1]).toMatchObject({ data: "v2", max_length: null, over_max_length: 0, completion_lost: 0 });
  });

  it("drop removes them and says so", () => {
    const result = applyOverLength(rows, report, "drop");
    expect(result.rows).toEqual([rows[0]]);
    expect(result.message).toBe("dropped 2 of 3 rows longer than 8 tokens");
  });

  it("truncate keeps them for TRL and warns that completions are cut", () => {
    const result = applyOverLength(rows, report, "truncate");
    expect(result.rows).toHaveLength(3);
    expect(result.message).toBe(
      "kept 2 of 3 rows longer than 8 tokens; TRL truncates them keeping the start; 1 of them would lose their whole completion",
    );
  });

  it("error stops with the rows and the fix", () => {
    expect(() => applyOverLength(rows, report, "error")).toThrow(ConfigError);
    expect(() => applyOverLength(rows, report, "error")).toThrow(
      '2 of 3 rows are longer than `trl.max_length` (8 tokens; longest 12); 1 of them would lose their whole completion. Raise `trl.max_length`, or set `overLength` to "drop" or "truncate".',
    );
  });

  it("formats thousands as the issue's example does", () => {
    const many = Array.from({ length: 1595 }, (_, i) => ({ prompt: i < 37 ? "x".repeat(2000) : "x", completion: "" }));
    const r = reportTokenLengths(many, { counter: perChar, maxLength: 1024 });
    expect(applyOverLength(many, r, "drop").message).toBe("dropped 37 of 1,595 rows longer than 1,024 tokens");
  });

  it("names a row that has no TRL format", () => {
    expect(() => countRowTokens({ question: "x" }, { counter: perChar, maxLength: null })).toThrow(
      "A training row has none of TRL's formats",
    );
  });
});

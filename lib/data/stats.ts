// Statistics of a data set file as a danfojs DataFrame: rows per intent and prompt/completion length
// percentiles, in characters or, given a token counter (the training area's Qwen tokenizer), in tokens. danfojs-node pulls in TensorFlow.js and takes seconds to load, so it is
// required on first use, never at import time of the library.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { DataFrame } from "danfojs-node";
import { DataFormatError } from "./errors.js";
import { inferIntent } from "./intent.js";
import { parseSeedCsv } from "./seed-csv.js";

/** What the statistics need of one row. */
export interface StatsRecord {
  readonly intent: string;
  readonly prompt: string;
  readonly completion: string;
}

/** Percentiles of a length distribution (nearest rank). */
export interface LengthPercentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** One line of the statistics table: an intent, or `all`. */
export interface IntentStats {
  readonly intent: string;
  readonly rows: number;
  readonly promptChars: LengthPercentiles;
  readonly completionChars: LengthPercentiles;
  /** The same in tokens, when a counter was given. */
  readonly promptTokens?: LengthPercentiles;
  readonly completionTokens?: LengthPercentiles;
}

/** Options of the statistics. */
export interface DatasetStatsOptions {
  /** Counts the tokens of a text (`(await loadQwenTokenCounter()).count`): lengths are then given in tokens. */
  readonly countTokens?: (text: string) => number;
}

// Nearest-rank percentile of sorted values.
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function lengthPercentiles(lengths: number[]): LengthPercentiles {
  const sorted = lengths.sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? 0,
  };
}

// Rows and length percentiles per intent (sorted by intent name), then `all`.
export function computeDatasetStats(records: readonly StatsRecord[], options: DatasetStatsOptions = {}): IntentStats[] {
  const count = options.countTokens;
  const byIntent = new Map<string, StatsRecord[]>();
  for (const record of records) {
    const group = byIntent.get(record.intent) ?? [];
    group.push(record);
    byIntent.set(record.intent, group);
  }
  const summarize = (intent: string, group: readonly StatsRecord[]): IntentStats => ({
    intent,
    rows: group.length,
    promptChars: lengthPercentiles(group.map((r) => r.prompt.length)),
    completionChars: lengthPercentiles(group.map((r) => r.completion.length)),
    ...(count
      ? {
          promptTokens: lengthPercentiles(group.map((r) => count(r.prompt))),
          completionTokens: lengthPercentiles(group.map((r) => count(r.completion))),
        }
      : {}),
  });
  const lines = [...byIntent.keys()].sort().map((intent) => summarize(intent, byIntent.get(intent)!));
  lines.push(summarize("all", records));
  return lines;
}

type Danfo = typeof import("danfojs-node");
let danfo: Danfo | undefined;

function loadDanfo(): Danfo {
  danfo ??= createRequire(import.meta.url)("danfojs-node") as Danfo;
  return danfo;
}

// The statistics as a danfojs DataFrame: one row per intent plus `all`; lengths in characters
// (`prompt_p50`, ...), or in tokens with a counter (`prompt_tokens_p50`, ...).
export function datasetStatsFrame(records: readonly StatsRecord[], options: DatasetStatsOptions = {}): DataFrame {
  const dfd = loadDanfo();
  const unit = options.countTokens ? "_tokens" : "";
  return new dfd.DataFrame(
    computeDatasetStats(records, options).map((s) => {
      const prompt = s.promptTokens ?? s.promptChars;
      const completion = s.completionTokens ?? s.completionChars;
      return {
        intent: s.intent,
        rows: s.rows,
        [`prompt${unit}_p50`]: prompt.p50,
        [`prompt${unit}_p90`]: prompt.p90,
        [`prompt${unit}_p99`]: prompt.p99,
        [`prompt${unit}_max`]: prompt.max,
        [`completion${unit}_p50`]: completion.p50,
        [`completion${unit}_p90`]: completion.p90,
        [`completion${unit}_p99`]: completion.p99,
        [`completion${unit}_max`]: completion.max,
      };
    }),
  );
}

const INSTRUCTION_IN_PROMPT = /User Instruction : (?:\n```| {2}''')([\s\S]*?)(?:```|''')/;

// The intent of a prompt: from the instruction the seed templates quote, else from the whole text.
function intentOfPrompt(prompt: string): string {
  return inferIntent(INSTRUCTION_IN_PROMPT.exec(prompt)?.[1] ?? prompt);
}

function contentOf(messages: unknown): string {
  return Array.isArray(messages)
    ? messages.map((m) => String((m as { content?: unknown }).content ?? "")).join("\n")
    : "";
}

// Read any data set file the data area writes: seed CSV, prompt-completion / conversational / messages JSON lines.
export function readStatsRecords(file: string): StatsRecord[] {
  const text = readFileSync(file, "utf8");
  if (file.endsWith(".csv")) {
    return parseSeedCsv(text, file).map((row) => ({
      intent: inferIntent(row.user_query),
      prompt: row.prompt,
      completion: row.completion,
    }));
  }
  const records: StatsRecord[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let row: Record<string, unknown>;
    try {
      row = JSON.parse(line) as Record<string, unknown>;
    } catch (error) {
      throw new DataFormatError({ file, line: index + 1 }, "is not valid JSON", "Each line must hold one JSON object", {
        cause: error,
      });
    }
    const explicit = typeof row.intent === "string" ? row.intent : undefined;
    if (typeof row.prompt === "string" && typeof row.completion === "string") {
      records.push({ intent: explicit ?? intentOfPrompt(row.prompt), prompt: row.prompt, completion: row.completion });
    } else if (Array.isArray(row.prompt) && Array.isArray(row.completion)) {
      const prompt = contentOf(row.prompt);
      records.push({ intent: explicit ?? intentOfPrompt(prompt), prompt, completion: contentOf(row.completion) });
    } else if (Array.isArray(row.messages)) {
      const messages = row.messages as { role?: unknown; content?: unknown }[];
      const firstUser = String(messages.find((m) => m.role === "user")?.content ?? "");
      records.push({
        intent: explicit ?? (row.slots !== undefined ? "send_money" : inferIntent(firstUser)),
        prompt: contentOf(messages.filter((m) => m.role !== "assistant")),
        completion: contentOf(messages.filter((m) => m.role === "assistant")),
      });
    } else {
      throw new DataFormatError(
        { file, line: index + 1 },
        "has neither prompt/completion nor messages",
        "Use one of TRL's prompt-completion, conversational or messages shapes",
      );
    }
  });
  return records;
}

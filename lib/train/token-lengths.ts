// The token-length report LLaMA-Factory users ask for before training, and the `overLength` policy applied
// when a run directory is written: how long prompt + completion are, how many rows exceed `max_length`, and
// what TRL would do to them (truncate keeping the start, so the completion — the target — is what is cut).
import { ConfigError } from "../errors.js";
import type { TokenCounter } from "./token-count.js";

/** A chat message as TRL's conversational rows hold it. */
interface Message {
  readonly role: string;
  readonly content: string;
}

/** A training row in one of TRL's formats: prompt/completion (strings or messages), messages, or text. */
export type TrainingRow = Readonly<Record<string, unknown>>;

/** Tokens of one row: prompt (or the whole row for `text`/`messages`) and completion. */
export interface RowTokens {
  readonly prompt: number;
  readonly completion: number;
  readonly total: number;
}

/** Lengths of a data set against a limit. */
export interface TokenLengthReport {
  readonly rows: number;
  readonly maxLength: number | null;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  /** 0-based indices of rows longer than `maxLength`. */
  readonly overLength: readonly number[];
  /** Of those, rows whose prompt alone reaches `maxLength`: TRL would keep no completion token at all. */
  readonly completionLost: number;
  readonly durationMs: number;
}

/** Options of the length report. */
export interface TokenLengthOptions {
  readonly counter: TokenCounter;
  /** The limit (`trl.max_length`); null = none. */
  readonly maxLength: number | null;
  /** System turn the chat template adds when a conversation has none (Qwen2.5's default). */
  readonly defaultSystem?: string;
}

/** Qwen2.5's chat template's system message when a conversation brings none. */
export const QWEN25_DEFAULT_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

function isMessages(value: unknown): value is readonly Message[] {
  return Array.isArray(value) && value.every((m) => m && typeof m === "object" && typeof m.content === "string");
}

// ChatML framing: `<|im_start|>` role `\n` content `<|im_end|>` `\n`: the special tokens and the newlines are one
// token each, the role word is counted.
function chatTokens(messages: readonly Message[], counter: TokenCounter): number {
  return messages.reduce((sum, m) => sum + 4 + counter.count(m.role) + counter.count(m.content), 0);
}

function systemTokens(first: readonly Message[], options: TokenLengthOptions): number {
  if (first[0]?.role === "system") return 0;
  return chatTokens([{ role: "system", content: options.defaultSystem ?? QWEN25_DEFAULT_SYSTEM }], options.counter);
}

// Tokens of one row as SFTTrainer sees it: string rows get the eos token appended, conversational rows
// the chat template's framing (and its default system turn).
export function countRowTokens(row: TrainingRow, options: TokenLengthOptions): RowTokens {
  const { counter } = options;
  const { prompt, completion, messages, text } = row;
  if (typeof prompt === "string") {
    const p = counter.count(prompt);
    const c = typeof completion === "string" ? counter.count(completion) + 1 : 0;
    return { prompt: p, completion: c, total: p + c };
  }
  if (isMessages(prompt)) {
    const p = systemTokens(prompt, options) + chatTokens(prompt, counter);
    const c = isMessages(completion) ? chatTokens(completion, counter) : 0;
    return { prompt: p, completion: c, total: p + c };
  }
  if (isMessages(messages)) {
    const total = systemTokens(messages, options) + chatTokens(messages, counter);
    return { prompt: total, completion: 0, total };
  }
  if (typeof text === "string") {
    const total = counter.count(text) + 1;
    return { prompt: total, completion: 0, total };
  }
  throw new ConfigError(
    "A training row has none of TRL's formats: expected `prompt` (+ `completion`), `messages` or `text`.",
    [{ path: "row", message: `keys: ${Object.keys(row).join(", ")}` }],
  );
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

// The length distribution of a data set and the rows over the limit.
export function reportTokenLengths(rows: readonly TrainingRow[], options: TokenLengthOptions): TokenLengthReport {
  const started = performance.now();
  const totals: number[] = [];
  const overLength: number[] = [];
  let completionLost = 0;
  rows.forEach((row, index) => {
    const tokens = countRowTokens(row, options);
    totals.push(tokens.total);
    if (options.maxLength !== null && tokens.total > options.maxLength) {
      overLength.push(index);
      if (tokens.prompt >= options.maxLength) completionLost += 1;
    }
  });
  const sorted = [...totals].sort((a, b) => a - b);
  return {
    rows: rows.length,
    maxLength: options.maxLength,
    mean: totals.length ? totals.reduce((a, b) => a + b, 0) / totals.length : 0,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? 0,
    overLength,
    completionLost,
    durationMs: performance.now() - started,
  };
}

/** What the `overLength` policy did. */
export interface OverLengthResult {
  readonly rows: readonly TrainingRow[];
  readonly dropped: number;
  readonly truncated: number;
  /** One sentence for the user: "dropped 37 of 1,595 rows longer than 1,024 tokens". */
  readonly message: string;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

// Apply `overLength` to rows already measured: drop them, keep them for TRL to truncate, or stop.
export function applyOverLength(
  rows: readonly TrainingRow[],
  report: TokenLengthReport,
  mode: "drop" | "truncate" | "error",
): OverLengthResult {
  const n = report.overLength.length;
  const limit = report.maxLength === null ? "" : fmt(report.maxLength);
  if (n === 0 || report.maxLength === null) {
    return { rows, dropped: 0, truncated: 0, message: `all ${fmt(rows.length)} rows fit in ${limit || "any"} tokens` };
  }
  const lost =
    report.completionLost > 0 ? `; ${fmt(report.completionLost)} of them would lose their whole completion` : "";
  if (mode === "error") {
    const first = report.overLength.slice(0, 5).map((i) => `row ${i + 1}`);
    throw new ConfigError(
      `${fmt(n)} of ${fmt(rows.length)} rows are longer than \`trl.max_length\` (${limit} tokens; longest ${fmt(report.max)})${lost}. Raise \`trl.max_length\`, or set \`overLength\` to "drop" or "truncate".`,
      first.map((path) => ({ path, message: `longer than ${limit} tokens` })),
    );
  }
  if (mode === "truncate") {
    return {
      rows,
      dropped: 0,
      truncated: n,
      message: `kept ${fmt(n)} of ${fmt(rows.length)} rows longer than ${limit} tokens; TRL truncates them keeping the start${lost}`,
    };
  }
  const over = new Set(report.overLength);
  return {
    rows: rows.filter((_, i) => !over.has(i)),
    dropped: n,
    truncated: 0,
    message: `dropped ${fmt(n)} of ${fmt(rows.length)} rows longer than ${limit} tokens`,
  };
}

/** The columns of {@link tokenLengthRows}, in order. */
export const TOKEN_LENGTH_COLUMNS = [
  "data",
  "rows",
  "mean",
  "p50",
  "p90",
  "p99",
  "max",
  "max_length",
  "over_max_length",
  "completion_lost",
] as const;

/** One row of the length table, keyed by {@link TOKEN_LENGTH_COLUMNS}. */
export type TokenLengthRow = Readonly<Record<(typeof TOKEN_LENGTH_COLUMNS)[number], string | number | null>>;

// Length reports side by side, one table row per named data set (the notebooks show them as a table).
export function tokenLengthRows(reports: Readonly<Record<string, TokenLengthReport>>): TokenLengthRow[] {
  return Object.entries(reports).map(([data, report]) => ({
    data,
    rows: report.rows,
    mean: Math.round(report.mean),
    p50: report.p50,
    p90: report.p90,
    p99: report.p99,
    max: report.max,
    max_length: report.maxLength,
    over_max_length: report.overLength.length,
    completion_lost: report.completionLost,
  }));
}

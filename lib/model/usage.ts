// Token usage and its cost: one way to add usage up and to price it, for agents, synthesis and GRPO.

/** Token counts the server reported (zeros when it reported none). */
export interface TokenUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
}

/** Prices to turn token usage into a cost, in USD per million tokens. */
export interface TokenPricing {
  readonly inputUsdPerMTok: number;
  readonly outputUsdPerMTok: number;
}

/** Running totals of one client: answered requests, retries spent on them, tokens and their cost. */
export interface UsageTotals extends TokenUsage {
  readonly requests: number;
  readonly retries: number;
  readonly costUsd: number;
}

export const ZERO_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

// Published list prices (USD per million tokens) of the hosted models the seed used; anything else costs
// nothing unless the config names its prices (a local vLLM, Ollama or llama.cpp server is free per token).
const LIST_PRICES: Readonly<Record<string, TokenPricing>> = {
  "gpt-4o": { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 },
  "gpt-4o-2024-08-06": { inputUsdPerMTok: 2.5, outputUsdPerMTok: 10 },
  "gpt-4o-2024-05-13": { inputUsdPerMTok: 5, outputUsdPerMTok: 15 },
  "gpt-4o-mini": { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
};

// The list price of a hosted model, or null when it has none here.
export function listPriceOf(model: string): TokenPricing | null {
  return LIST_PRICES[model] ?? null;
}

// Add two usages.
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

// The cost of a usage at the given prices.
export function costOf(usage: TokenUsage, pricing: TokenPricing): number {
  return (usage.promptTokens * pricing.inputUsdPerMTok + usage.completionTokens * pricing.outputUsdPerMTok) / 1e6;
}

/** Counts what a client spent; `totals()` is a snapshot. */
export interface UsageMeter {
  record(usage: TokenUsage, retries: number): void;
  /** Retries of a call that failed for good still cost requests. */
  recordRetries(retries: number): void;
  totals(): UsageTotals;
}

// A meter that prices its tokens at `pricing`.
export function createUsageMeter(pricing: TokenPricing): UsageMeter {
  let usage = ZERO_USAGE;
  let requests = 0;
  let retries = 0;
  return {
    record(reply, replyRetries) {
      usage = addUsage(usage, reply);
      requests += 1;
      retries += replyRetries;
    },
    recordRetries(count) {
      retries += count;
    },
    totals: () => ({ ...usage, requests, retries, costUsd: costOf(usage, pricing) }),
  };
}

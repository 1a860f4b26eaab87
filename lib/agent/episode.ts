// What one run of an agent on one task leaves behind: every step, kept whole, plus totals.
import type { ChatMessage, TokenUsage } from "../model/index.js";

/** The agents: `json-react` (the seed's step-wise `{thought, action}` format) and `code-react` (AppWorld's minimal ReAct). */
export const AGENT_KINDS = ["json-react", "code-react"] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/**
 * Why an episode ended: the task was marked complete; `maxInteractions` steps were taken; the token or
 * cost budget ran out; the endpoint rejected a request (HTTP 400, e.g. a prompt longer than the context);
 * or a reference policy ran out of steps. Other endpoint failures reject `runEpisode` instead.
 */
export type StopReason = "completed" | "max_interactions" | "budget" | "model_error" | "policy_done";

/** One interaction: the model's (or policy's) reply, the code executed and what the world answered. */
export interface EpisodeStep {
  /** 0-based. */
  readonly index: number;
  /**
   * The messages this call added to the prompt: json-react builds a fresh one-message prompt each
   * step, so it is the whole prompt; code-react keeps one growing conversation, so step 0 holds the
   * few-shot prompt and task and each later step the previous reply and its output. Empty for reference policies.
   */
  readonly promptMessages: readonly ChatMessage[];
  /** The raw reply text (for reference policies, the scripted reply). */
  readonly reply: string;
  /** The thought, for json-react replies that parsed; null otherwise. */
  readonly thought: string | null;
  /** The code executed; null when the reply had no action (a format error) and nothing ran. */
  readonly action: string | null;
  /** What `execute` returned, or the format error text fed back instead. */
  readonly observation: string;
  /** Why the reply could not be read as `{thought, action}` (json-react); null when it could. */
  readonly formatError: string | null;
  readonly usage: TokenUsage;
  /** Time in the model call (all attempts), in the environment call, and the whole step. */
  readonly modelMs: number;
  readonly envMs: number;
  readonly ms: number;
}

/** A finished episode: its steps and the totals the metrics read. */
export interface Episode {
  readonly taskId: string;
  readonly instruction: string;
  readonly agent: AgentKind;
  /** The model name, or `reference:gold` / `reference:noop` for reference policies. */
  readonly policy: string;
  readonly steps: readonly EpisodeStep[];
  /** Whether the task was marked complete (`apis.supervisor.complete_task`) by the end. */
  readonly completed: boolean;
  readonly stopReason: StopReason;
  /** The model error that ended the episode, when `stopReason` is `model_error`. */
  readonly error: string | null;
  readonly formatErrors: number;
  readonly usage: TokenUsage;
  /** Cost in USD when prices were given, else null. */
  readonly costUsd: number | null;
  readonly modelMs: number;
  readonly envMs: number;
  readonly durationMs: number;
}

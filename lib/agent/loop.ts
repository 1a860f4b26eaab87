// The ReAct loop: prompt → reply → action executed in the task's world → observation, until the task completes.
import type { PreviousStep, StepTemplateName } from "../data/index.js";
import type { EnvironmentClient } from "../env/index.js";
import { ConfigError } from "../errors.js";
import {
  ModelCallError,
  addUsage,
  costOf,
  type ChatMessage,
  type ModelClient,
  type TokenPricing,
  type TokenUsage,
} from "../model/index.js";
import type { ReferencePolicy } from "../env/index.js";
import type { AgentKind, Episode, EpisodeStep, StopReason } from "./episode.js";
import { parseAction } from "./parse-action.js";
import { createModelSource, createReferenceSource, type PolicyStep, type ReplySource } from "./policy.js";
import {
  buildCodeReactMessages,
  buildJsonReactMessages,
  extractCode,
  formatCodeReactObservation,
  type PromptSupervisor,
} from "./prompt.js";

/** Limits on what one episode may spend; the episode stops (reason `budget`) before a call once one is reached. */
export interface EpisodeBudget {
  /** Total tokens (prompt + completion) over the episode's calls. */
  readonly maxTokens?: number;
  /** Needs `pricing`. */
  readonly maxCostUsd?: number;
  readonly pricing?: TokenPricing;
}

/** Options of `runEpisode`: which agent, what answers (a model or a reference policy), and the limits. */
export interface RunEpisodeOptions {
  readonly agent: AgentKind;
  /** The model that answers; exactly one of `model` and `policy`. */
  readonly model?: ModelClient;
  /** A reference policy instead of a model: `gold` needs `goldSteps`. */
  readonly policy?: ReferencePolicy;
  /** The task's gold steps, replayed by the `gold` policy. */
  readonly goldSteps?: readonly PolicyStep[];
  /** json-react's seed template; v1 is the one the data builders default to (and the seed trained on). @default "v1" */
  readonly template?: StepTemplateName;
  /** Most model calls (steps). @default 50 (AppWorld's notebook; the seed used 10) */
  readonly maxInteractions?: number;
  readonly budget?: EpisodeBudget;
  /** AppWorld's `experiment_name` of the task's world (runs give each trial its own). */
  readonly experimentName?: string;
  /** Wraps each model call; a run passes its concurrency limiter. */
  readonly runModelCall?: <T>(call: () => Promise<T>) => Promise<T>;
  readonly signal?: AbortSignal;
  readonly onStep?: (step: EpisodeStep) => void;
}

/** One agent's view of the conversation: builds each prompt, reads each reply, remembers each outcome. */
interface AgentState {
  prompt(): { messages: readonly ChatMessage[]; added: readonly ChatMessage[] };
  read(reply: string): { thought: string | null; action: string | null; formatError: string | null };
  record(reply: string, read: { thought: string | null; action: string | null }, observation: string): void;
}

// Run one task from `/initialize` to completion or a limit. The caller evaluates and closes the world.
export async function runEpisode(env: EnvironmentClient, taskId: string, options: RunEpisodeOptions): Promise<Episode> {
  const source = createSource(options);
  if (options.budget?.maxCostUsd !== undefined && options.budget.pricing === undefined) {
    throw new ConfigError(
      "`budget.maxCostUsd` needs `budget.pricing` (USD per million input and output tokens) to turn tokens into a cost.",
      [{ path: "budget.pricing", message: "missing" }],
    );
  }
  const maxInteractions = options.maxInteractions ?? 50;
  const selector = options.experimentName === undefined ? {} : { experimentName: options.experimentName };
  const started = performance.now();
  const task = await env.initialize(taskId, selector);
  const state = createAgentState(options.agent, task.instruction, task.supervisor, options.template ?? "v1");
  const steps: EpisodeStep[] = [];
  let usage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
  let completed = false;
  let stopReason: StopReason = "max_interactions";
  let error: string | null = null;
  while (steps.length < maxInteractions) {
    if (isOverBudget(usage, options.budget)) {
      stopReason = "budget";
      break;
    }
    const stepStarted = performance.now();
    const { messages, added } = state.prompt();
    let reply: Awaited<ReturnType<typeof source.next>>;
    try {
      reply = await source.next(messages, options.signal);
    } catch (caught) {
      // A rejected request (HTTP 400: e.g. the prompt outgrew the context) is the agent's failure and ends the
      // episode; an endpoint that is down or misconfigured is not the task's fault, so it propagates.
      if (!(caught instanceof ModelCallError) || caught.status !== 400) throw caught;
      stopReason = "model_error";
      error = caught.message;
      break;
    }
    if (reply === null) {
      stopReason = "policy_done";
      break;
    }
    const read = state.read(reply.content);
    const envStarted = performance.now();
    let observation: string;
    if (read.action === null) observation = `Could not read {"thought", "action"} from the reply: ${read.formatError}.`;
    else {
      observation = await env.execute(taskId, read.action, selector);
      completed = await env.taskCompleted(taskId, selector);
    }
    const envMs = read.action === null ? 0 : performance.now() - envStarted;
    state.record(reply.content, read, observation);
    usage = addUsage(usage, reply.usage);
    const step: EpisodeStep = {
      index: steps.length,
      promptMessages: options.policy === undefined ? added : [],
      reply: reply.content,
      thought: read.thought,
      action: read.action,
      observation,
      formatError: read.formatError,
      usage: reply.usage,
      modelMs: reply.latencyMs,
      envMs,
      ms: performance.now() - stepStarted,
    };
    steps.push(step);
    options.onStep?.(step);
    if (completed) {
      stopReason = "completed";
      break;
    }
  }
  return {
    taskId,
    instruction: task.instruction,
    agent: options.agent,
    policy: source.label,
    steps,
    completed,
    stopReason,
    error,
    formatErrors: steps.filter((s) => s.formatError !== null).length,
    usage,
    costUsd: options.budget?.pricing ? costOf(usage, options.budget.pricing) : null,
    modelMs: steps.reduce((sum, s) => sum + s.modelMs, 0),
    envMs: steps.reduce((sum, s) => sum + s.envMs, 0),
    durationMs: performance.now() - started,
  };
}

function createSource(options: RunEpisodeOptions): ReplySource {
  if ((options.model === undefined) === (options.policy === undefined)) {
    throw new ConfigError(
      "runEpisode needs exactly one of `model` and `policy` (gold or noop); got " +
        (options.model ? "both." : "neither."),
      [{ path: "model", message: "exactly one of model and policy" }],
    );
  }
  if (options.policy !== undefined) {
    if (options.policy === "gold" && options.goldSteps === undefined) {
      throw new ConfigError("The `gold` reference policy needs the task's `goldSteps`.", [
        { path: "goldSteps", message: "missing" },
      ]);
    }
    return createReferenceSource(options.policy, options.agent, options.goldSteps);
  }
  return createModelSource(options.model as ModelClient, options.runModelCall);
}

function createAgentState(
  agent: AgentKind,
  instruction: string,
  supervisor: PromptSupervisor,
  template: StepTemplateName,
): AgentState {
  if (agent === "json-react") {
    const previous: PreviousStep[] = [];
    return {
      prompt() {
        const messages = buildJsonReactMessages(template, instruction, previous);
        return { messages, added: messages };
      },
      read(reply) {
        const parsed = parseAction(reply);
        return parsed.ok
          ? { thought: parsed.thought, action: parsed.action, formatError: null }
          : { thought: null, action: null, formatError: parsed.error };
      },
      // A reply that could not be read still enters the history, so the model sees its mistake.
      record(reply, read, observation) {
        previous.push({ thought: read.thought ?? "", action: read.action ?? reply, observation });
      },
    };
  }
  const messages: ChatMessage[] = buildCodeReactMessages(instruction, supervisor);
  let sent = 0;
  return {
    prompt() {
      const added = messages.slice(sent);
      sent = messages.length;
      return { messages: [...messages], added };
    },
    read: (reply) => ({ thought: null, action: extractCode(reply), formatError: null }),
    record(reply, _read, observation) {
      messages.push(
        { role: "assistant", content: reply },
        { role: "user", content: formatCodeReactObservation(observation) },
      );
    },
  };
}

function isOverBudget(usage: TokenUsage, budget: EpisodeBudget | undefined): boolean {
  if (budget === undefined) return false;
  if (budget.maxTokens !== undefined && usage.totalTokens >= budget.maxTokens) return true;
  return (
    budget.maxCostUsd !== undefined &&
    budget.pricing !== undefined &&
    costOf(usage, budget.pricing) >= budget.maxCostUsd
  );
}

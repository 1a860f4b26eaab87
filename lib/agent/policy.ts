// Where each step's reply comes from: a model, or a reference policy that needs none.
import { renderStepCompletion } from "../data/index.js";
import { ZERO_USAGE, type ChatMessage, type ModelClient, type ModelReply } from "../model/index.js";
import type { ReferencePolicy } from "../env/index.js";
import type { AgentKind } from "./episode.js";

/** A gold step to replay: the thought and the Python code of the task's reference solution. */
export interface PolicyStep {
  readonly thought: string;
  readonly action: string;
}

/** Produces the next reply from the prompt; null means the policy has nothing more to say. */
export interface ReplySource {
  /** `reference:gold`, `reference:noop`, or the model name. */
  readonly label: string;
  next(messages: readonly ChatMessage[], signal: AbortSignal | undefined): Promise<ModelReply | null>;
}

/** The one action of the `noop` reference policy: complete the task without touching anything. */
export const NOOP_ACTION = "apis.supervisor.complete_task()";

// A model as a reply source; `runModelCall` lets a run bound how many calls are in flight at once.
export function createModelSource(
  model: ModelClient,
  runModelCall: <T>(call: () => Promise<T>) => Promise<T> = (call) => call(),
): ReplySource {
  return {
    label: model.info.model,
    next: (messages, signal) => runModelCall(() => model.complete(messages, signal ? { signal } : {})),
  };
}

// A reference policy as a reply source: its replies are written in the agent's own format, so they go
// through the same parsing and execution as a model's.
export function createReferenceSource(
  policy: ReferencePolicy,
  agent: AgentKind,
  goldSteps: readonly PolicyStep[] = [],
): ReplySource {
  const steps: readonly PolicyStep[] =
    policy === "gold"
      ? goldSteps
      : [{ thought: "Reference policy noop: complete the task without acting.", action: NOOP_ACTION }];
  let index = 0;
  return {
    label: `reference:${policy}`,
    async next() {
      const step = steps[index++];
      if (step === undefined) return null;
      const content =
        agent === "json-react" ? renderStepCompletion(step) : `${step.thought}\n\n\`\`\`python\n${step.action}\n\`\`\``;
      return { content, usage: ZERO_USAGE, latencyMs: 0, attempts: 0, finishReason: "stop" };
    },
  };
}

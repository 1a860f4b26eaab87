// The agent area: the ReAct loop over any OpenAI-compatible model, prompt formats, reference policies.
export { AGENT_KINDS } from "./episode.js";
export type { AgentKind, Episode, EpisodeStep, StopReason } from "./episode.js";
export { runEpisode } from "./loop.js";
export type { EpisodeBudget, RunEpisodeOptions } from "./loop.js";
export { parseAction } from "./parse-action.js";
export type { ActionFormatError, ParseActionResult, ParsedAction } from "./parse-action.js";
export { NOOP_ACTION, createModelSource, createReferenceSource } from "./policy.js";
export type { PolicyStep, ReplySource } from "./policy.js";
export {
  CODE_REACT_PROMPT_TEMPLATE,
  buildCodeReactMessages,
  buildJsonReactMessages,
  extractCode,
  formatCodeReactObservation,
  splitPromptMessages,
} from "./prompt.js";
export type { PromptSupervisor } from "./prompt.js";

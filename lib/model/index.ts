// The model area: one OpenAI-compatible client for every endpoint (OpenAI, Azure OpenAI, vLLM, Ollama,
// llama.cpp), its config schema, provider presets, and usage/cost accounting.
export { createModelClient } from "./client.js";
export type {
  ChatMessage,
  CompleteOptions,
  CreateModelClientOptions,
  ModelClient,
  ModelInfo,
  ModelReply,
} from "./client.js";
export { modelConfigSchema } from "./config.js";
export type { ModelConfig, ModelConfigInput } from "./config.js";
export { ModelCallError } from "./errors.js";
export { OPENAI_BASE_URL, PROVIDERS, providerPreset, resolveEndpoint } from "./providers.js";
export type { EndpointSettings, Provider, ProviderPreset, ResolvedEndpoint } from "./providers.js";
export { ZERO_USAGE, addUsage, costOf, createUsageMeter, listPriceOf } from "./usage.js";
export type { TokenPricing, TokenUsage, UsageMeter, UsageTotals } from "./usage.js";

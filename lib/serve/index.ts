// Serving: vLLM (GPU) or `transformers serve` (CPU) through a job backend, with health, model checks and hints.
export { serve } from "./serve.js";
export type { ModelServer, ServeRunOptions } from "./serve.js";
export { parseServeOptions, serveOptionsSchema } from "./serve-config.js";
export type { ServeOptions, ServeOptionsInput } from "./serve-config.js";
export { buildTransformersCommand, buildVllmCommand, maxLoraRankFor } from "./server-command.js";
export { readAdapters } from "./adapters.js";
export type { AdapterInfo } from "./adapters.js";
export { explainServerLog } from "./hints.js";
export { parsePrometheus, readServerMetrics, tokensPerSecond } from "./metrics.js";
export type { ServerMetrics } from "./metrics.js";
export { ServerStartError } from "./errors.js";

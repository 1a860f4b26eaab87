// The options of an eval run: what answers (a model or a reference policy), which agent, which tasks, how wide.
import { z } from "zod";
import { AGENT_KINDS } from "../agent/index.js";
import { REFERENCE_POLICIES, SPLITS } from "../env/index.js";
import { modelConfigSchema } from "../model/index.js";

// A choice a notebook's parameters cell may hold in a plain `string` (`const split: string = "dev"`): the
// input type is `string`, and the value is checked against the list at run time, the message naming each one.
function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.string().pipe(z.enum(values));
}

/**
 * An eval run. Exactly one of `model` and `policy`; exactly one of `split` and `taskIds` (a split with
 * `taskIds` keeps only those ids, named as belonging to the split).
 *
 * Defaults that differ from AppWorld's notebook: `workers` 4 (AppWorld runs one task at a time).
 */
export const evalConfigSchema = z
  .object({
    // -- what answers
    /** The model endpoint; see `modelConfigSchema`. */
    model: modelConfigSchema.optional().describe("model endpoint (OpenAI-compatible)"),
    /** A reference policy instead of a model: `gold` replays each task's gold steps, `noop` completes at once. */
    policy: choice(REFERENCE_POLICIES).optional().describe("reference policy instead of a model: gold or noop"),
    /** `json-react` (the seed's `{thought, action}` format) or `code-react` (AppWorld's minimal ReAct). @default "json-react" */
    agent: choice(AGENT_KINDS).default("json-react").describe("agent: json-react or code-react"),
    /** Seed template of json-react prompts (match the one the model was trained on); no effect on code-react. @default "v1" */
    template: choice(["v1", "v2"]).default("v1").describe("json-react prompt template (v1 or v2)"),
    // -- tasks
    split: choice(SPLITS).optional().describe("task split"),
    /** Explicit task ids (AppWorld's `{scenario}_{n}`). */
    taskIds: z
      .array(z.string().regex(/^[A-Za-z0-9]+_\d+$/, "expected a task id like 325d6ec_2"))
      .min(1)
      .optional()
      .describe("task ids"),
    /** Runs of every task; metrics are per trial and over all. @default 1 */
    trials: z.number().int().min(1).default(1).describe("trials per task"),
    /** Most model calls per task. @default 50 (AppWorld's notebook; the seed used 10) */
    maxInteractions: z.number().int().min(1).default(50).describe("max interactions per task"),
    /** Token / cost limits per task; `maxCostUsd` needs `pricing`. */
    budget: z
      .object({
        maxTokens: z.number().int().positive().optional(),
        maxCostUsd: z.number().positive().optional(),
        pricing: z.object({ inputUsdPerMTok: z.number().min(0), outputUsdPerMTok: z.number().min(0) }).optional(),
      })
      .optional()
      .describe("per-task token/cost budget"),
    // -- environment and parallelism
    /**
     * `embedded` (in process), the URL of an environment server (`agentft world serve` or one
     * `appworld serve environment`), or `appworld` to start one AppWorld server per worker.
     * @default "embedded"
     */
    env: z
      .union([z.enum(["embedded", "appworld"]), z.url()])
      .default("embedded")
      .describe("embedded, appworld, or a server URL"),
    /** Tasks run at once. @default 4 */
    workers: z.number().int().min(1).max(256).default(4).describe("tasks run in parallel"),
    /** Model calls in flight at once (all workers together); defaults to `workers`. */
    modelConcurrency: z.number().int().min(1).optional().describe("max model calls in flight"),
    // -- outputs
    /** Run name: the folder under `resultsDir`; rerunning a name resumes it. Defaults to `<label>-<agent>-<split>`. */
    run: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, "use letters, digits, `.`, `_` and `-`")
      .optional()
      .describe("run name (resumes when it exists)"),
    /** @default "results/evals" */
    resultsDir: z.string().default("results/evals").describe("folder of run folders"),
  })
  .check((ctx) => {
    const value = ctx.value;
    if ((value.model === undefined) === (value.policy === undefined)) {
      ctx.issues.push({
        code: "custom",
        input: value,
        path: ["policy"],
        message: "give exactly one of `model` and `policy` (gold or noop)",
      });
    }
    if (value.split === undefined && value.taskIds === undefined) {
      ctx.issues.push({ code: "custom", input: value, path: ["split"], message: "give `split` or `taskIds`" });
    }
    if (value.policy === "gold" && value.env === "appworld") {
      ctx.issues.push({
        code: "custom",
        input: value,
        path: ["policy"],
        message:
          "the gold policy replays the embedded world's gold steps; AppWorld's protocol serves no solutions, so use `noop` or a model with env `appworld`",
      });
    }
    if (value.budget?.maxCostUsd !== undefined && value.budget.pricing === undefined) {
      ctx.issues.push({
        code: "custom",
        input: value,
        path: ["budget", "pricing"],
        message: "`budget.maxCostUsd` needs `budget.pricing`",
      });
    }
  });

export type EvalConfigInput = z.input<typeof evalConfigSchema>;
export type EvalConfig = z.output<typeof evalConfigSchema>;

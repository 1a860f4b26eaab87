// TRL's GRPOConfig (TRL ≥ 1.9) as a pass-through schema with upstream names; other installed fields pass too.
import { z } from "zod";
import { trainerArgsShape } from "./trainer-args.js";

/**
 * The `trl` section of a GRPO run: forwarded to `GRPOConfig(**trl)`. The global batch
 * (per_device_train_batch_size × processes × steps_per_generation) must be divisible by `num_generations`.
 */
export const GrpoTrlSchema = z.looseObject({
  ...trainerArgsShape,
  // -- generation
  /** Completions sampled per prompt (a group); rewards are compared within a group. @default 8 */
  num_generations: z.number().int().min(2).default(8).describe("completions per prompt (group size, ≥ 2)"),
  /** Longest completion in tokens. @default 512 */
  max_completion_length: z.number().int().min(1).default(512).describe("longest completion in tokens"),
  /** Sampling temperature of the rollouts. @default 1.0 */
  temperature: z.number().positive().default(1).describe("sampling temperature"),
  /** Forward passes per generation round; unset = `gradient_accumulation_steps`. */
  steps_per_generation: z.number().int().min(1).optional().describe("optimizer micro-steps per generation round"),
  /** Generate with vLLM (colocated or a `trl vllm-serve` server); needs a GPU. @default false */
  use_vllm: z.boolean().default(false).describe("generate with vLLM"),
  // -- loss
  /** KL coefficient against the reference model; 0 loads no reference model. @default 0 */
  beta: z.number().min(0).default(0).describe("KL coefficient (0: no reference model)"),
  /** `dapo`, `grpo`, `dr_grpo`, `bnpo`, ... @default "dapo" */
  loss_type: z.string().default("dapo").describe("policy loss variant"),
  /** Reward normalisation: `group`, `batch` or `none`. @default "group" */
  scale_rewards: z.union([z.string(), z.boolean()]).default("group").describe("reward scaling (group, batch, none)"),
  /** One weight per reward function of REWARD_FUNCS; unset = all 1. */
  reward_weights: z.array(z.number()).optional().describe("weights of the reward functions"),
});

export type GrpoTrlInput = z.input<typeof GrpoTrlSchema>;
export type GrpoTrl = z.output<typeof GrpoTrlSchema>;

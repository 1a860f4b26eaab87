// Fields of transformers' TrainingArguments that SFTConfig and GRPOConfig share, with the upstream names
// (STYLE rule 5: they dump 1:1 into train_config.json and reach the TRL config class unchanged).
import { z } from "zod";

/** Precision and step-count fields shared by TRL's SFTConfig and GRPOConfig (transformers 5 TrainingArguments). */
export const trainerArgsShape = {
  // -- training
  /** Passes over the data. No effect when `max_steps` > 0. @default 3 */
  num_train_epochs: z.number().positive().default(3).describe("passes over the data (ignored when max_steps > 0)"),
  /** Optimizer steps to run; -1 means "from `num_train_epochs`". @default -1 */
  max_steps: z.number().int().min(-1).default(-1).describe("optimizer steps; -1 = from num_train_epochs"),
  /** Rows per device per forward pass. Global batch = this × gradient_accumulation_steps × processes. @default 8 */
  per_device_train_batch_size: z.number().int().min(1).default(8).describe("rows per GPU per forward pass"),
  /** Forward passes summed per optimizer step. @default 1 */
  gradient_accumulation_steps: z.number().int().min(1).default(1).describe("forward passes per optimizer step"),
  /** Peak learning rate (AdamW). TRL's default: 2e-5 for SFT, 1e-6 for GRPO. */
  learning_rate: z.number().positive().optional().describe("peak learning rate (TRL: 2e-5 SFT, 1e-6 GRPO)"),
  /** Schedule after warm-up: `linear`, `cosine`, `constant`, ... @default "linear" */
  lr_scheduler_type: z.string().default("linear").describe("learning-rate schedule (linear, cosine, constant, ...)"),
  /**
   * Warm-up: an integer ≥ 1 is a number of steps, a float in [0, 1) a ratio of the total steps (transformers 5
   * folded the old `warmup_ratio` into this field). @default 0
   */
  warmup_steps: z.number().min(0).default(0).describe("warm-up steps (integer) or ratio of total steps in [0, 1)"),
  /** Optimizer name (`adamw_torch_fused`, `paged_adamw_8bit` needs bitsandbytes and a GPU). @default "adamw_torch_fused" */
  optim: z.string().default("adamw_torch_fused").describe("optimizer (adamw_torch_fused, paged_adamw_8bit, ...)"),
  /** Weight decay of AdamW. @default 0 */
  weight_decay: z.number().min(0).default(0).describe("AdamW weight decay"),
  /** Gradient clipping norm. @default 1.0 */
  max_grad_norm: z.number().min(0).default(1).describe("gradient clipping norm"),
  /** fp16 mixed precision (V100/T4-class GPUs). Not together with `bf16`. @default false */
  fp16: z.boolean().default(false).describe("fp16 mixed precision"),
  /** bf16 mixed precision. Unset: TRL turns it on unless `fp16` is set (it needs Ampere or newer, or a CPU). */
  bf16: z.boolean().optional().describe("bf16 mixed precision (TRL: on unless fp16)"),
  /** Recompute activations in the backward pass: less memory, ~30 % slower. TRL's default differs from transformers'. @default true */
  gradient_checkpointing: z.boolean().default(true).describe("recompute activations to save memory"),
  /** Random seed of the trainer (data order, initialisation of new weights). @default 42 */
  seed: z.number().int().min(0).default(42).describe("trainer seed"),
  /** Run on the CPU even where a GPU is present (the tiny model's tests). @default false */
  use_cpu: z.boolean().default(false).describe("train on the CPU"),
  // -- logging and checkpoints
  /** Steps between log events (each becomes a metrics.jsonl line). A float in (0, 1) is a ratio of the total steps. @default 10 */
  logging_steps: z.number().positive().default(10).describe("steps between log events"),
  /** When to checkpoint: `steps`, `epoch` or `no`. @default "steps" */
  save_strategy: z.enum(["steps", "epoch", "no", "best"]).default("steps").describe("checkpoint strategy"),
  /** Steps between checkpoints with `save_strategy: "steps"`. @default 500 */
  save_steps: z.number().positive().default(500).describe("steps between checkpoints"),
  /** Keep at most this many checkpoints (oldest deleted). Unset keeps all. */
  save_total_limit: z.number().int().min(1).optional().describe("checkpoints kept (unset: all)"),
  /** Experiment trackers (`none`, `wandb`, `tensorboard`). metrics.jsonl is written whatever this says. @default "none" */
  report_to: z
    .union([z.string(), z.array(z.string())])
    .default("none")
    .describe("experiment trackers"),
  /** Extra keyword arguments of `from_pretrained` when TRL loads the model itself (unused: the script loads it). */
  model_init_kwargs: z.record(z.string(), z.unknown()).optional().describe("from_pretrained keyword arguments"),
};

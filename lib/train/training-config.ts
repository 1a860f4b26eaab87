// The whole description of a training run: our own fields (camelCase) around the pass-through sections
// `trl`, `lora` and `bnb`, which keep the upstream names and dump 1:1 into the run's train_config.json.
import { z } from "zod";
import { GrpoTrlSchema } from "./grpo-config.js";
import { BnbSchema, LoraSchema } from "./peft-config.js";
import { SftTrlSchema } from "./sft-config.js";

/** The model id the generated script builds from a config instead of loading: a tiny random Qwen2 (CPU tests). */
export const TINY_MODEL_ID = "tiny-random-qwen2";

const commonShape = {
  // -- model
  /** Hub id or local path of the base model, or `tiny-random-qwen2` for the tiny random Qwen2 built on the spot. */
  model: z.string().min(1).describe("base model (hub id, path, or tiny-random-qwen2)"),
  /** Dtype the weights are loaded in when not quantized; float32 keeps fp32 master weights for mixed precision.
   * @default "float32" (upstream transformers 5: "auto") */
  modelDtype: z.enum(["float32", "bfloat16", "float16"]).default("float32").describe("dtype of the loaded weights"),
  /** Sizes of the tiny random Qwen2 (only with model `tiny-random-qwen2`): vocab_size 512, hidden_size 64,
   * intermediate_size 128, num_hidden_layers 2, num_attention_heads 4, num_key_value_heads 2, seed 0. */
  tinyModel: z.record(z.string(), z.number()).optional().describe("tiny model sizes (upstream Qwen2Config names)"),
  /** LoRA adapter (`peft.LoraConfig` fields); null = full fine-tune. @default null */
  lora: LoraSchema.nullable().default(null).describe("LoRA adapter (null: full fine-tune)"),
  /** bitsandbytes quantization of the base (`BitsAndBytesConfig` fields); null = none. @default null */
  bnb: BnbSchema.nullable().default(null).describe("bitsandbytes quantization (null: none)"),
  /** Merge the adapter into the base after training (output/merged). @default false */
  mergeAdapter: z.boolean().default(false).describe("merge the LoRA adapter after training"),
  // -- data
  /** What to do with rows longer than `trl.max_length` tokens when the run directory is written: `drop` them
   * (Axolotl's default), `truncate` them (TRL's behaviour: keeps the start, so the completion is cut), or stop
   * with an `error`. @default "drop" */
  overLength: z
    .enum(["drop", "truncate", "error"])
    .default("drop")
    .describe("rows over max_length: drop|truncate|error"),
  // -- launch
  /** Processes (GPUs) on one machine; above 1 the command is `accelerate launch --num_processes N`. @default 1 */
  numProcesses: z.number().int().min(1).default(1).describe("processes (GPUs) for accelerate launch"),
};

/** Supervised fine-tuning (full, LoRA or QLoRA) with TRL's SFTTrainer. */
export const SftRunSchema = z.object({
  method: z.literal("sft").describe("TRL SFTTrainer"),
  ...commonShape,
  /** SFTConfig fields (upstream names). */
  trl: SftTrlSchema.default(SftTrlSchema.parse({})).describe("SFTConfig fields"),
});

/** GRPO with TRL's GRPOTrainer; rewards come from the run directory's rewards.py (see planTraining). */
export const GrpoRunSchema = z.object({
  method: z.literal("grpo").describe("TRL GRPOTrainer"),
  ...commonShape,
  /** GRPOConfig fields (upstream names). */
  trl: GrpoTrlSchema.default(GrpoTrlSchema.parse({})).describe("GRPOConfig fields"),
});

/** A training run: `method` picks the trainer and which upstream class the `trl` section mirrors. */
export const TrainingConfigSchema = z.discriminatedUnion("method", [SftRunSchema, GrpoRunSchema]);

export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;
export type TrainingConfig = z.output<typeof TrainingConfigSchema>;

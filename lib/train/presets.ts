// The seed's four training runs as presets (seed-notebooks.md, "Training runs"); every field can be
// overridden from a notebook cell (`trainingPreset(name, {trl: {...}})`) or with `--set field=value`.
import { ConfigError } from "../errors.js";
import { QWEN_PROJECTIONS, type BnbInput } from "./peft-config.js";
import type { TrainingConfigInput } from "./training-config.js";

// The seed's QLoRA quantization (Training_2, 02_Training, qwen_RL_GRPO): nf4, double quant, bf16 compute.
const SEED_QLORA_BNB: BnbInput = {
  load_in_4bit: true,
  bnb_4bit_quant_type: "nf4",
  bnb_4bit_use_double_quant: true,
  bnb_4bit_compute_dtype: "bfloat16",
};

const SEED_LORA_R16 = { r: 16, lora_alpha: 32, lora_dropout: 0.05, target_modules: [...QWEN_PROJECTIONS] };

/** The seed's runs. Steps on its data: approach1 1,995 (1,595 rows), approach2 11,970, approach3 4,375 (70,000). */
export const TRAINING_PRESETS = {
  /** Starter: Qwen2-0.5B-Instruct, full fine-tune, 5 epochs, batch 4, eos `<|im_end|>`, the rest TRL's defaults. */
  approach1: {
    method: "sft",
    model: "Qwen/Qwen2-0.5B-Instruct",
    trl: { num_train_epochs: 5, per_device_train_batch_size: 4, eos_token: "<|im_end|>" },
  },
  /** Training_2: Qwen2.5-14B-Instruct QLoRA on the step-wise rows, 30 epochs (stopped by hand at 3,669). */
  approach2: {
    method: "sft",
    model: "Qwen/Qwen2.5-14B-Instruct",
    bnb: SEED_QLORA_BNB,
    lora: SEED_LORA_R16,
    trl: {
      num_train_epochs: 30,
      per_device_train_batch_size: 4,
      optim: "paged_adamw_8bit",
      fp16: true,
      bf16: false,
      max_grad_norm: 0.3,
      warmup_steps: 0.03,
      lr_scheduler_type: "cosine",
    },
  },
  /** 02_Training: Qwen2.5-14B-Instruct QLoRA on the 70,000 conversational records, one epoch. */
  approach3: {
    method: "sft",
    model: "Qwen/Qwen2.5-14B-Instruct",
    bnb: SEED_QLORA_BNB,
    lora: SEED_LORA_R16,
    trl: {
      num_train_epochs: 1,
      per_device_train_batch_size: 4,
      gradient_accumulation_steps: 4,
      learning_rate: 2e-4,
      save_steps: 500,
      logging_steps: 10,
      optim: "paged_adamw_8bit",
      fp16: true,
      bf16: false,
      lr_scheduler_type: "cosine",
    },
  },
  /** qwen_RL_GRPO: Qwen2.5-14B 4-bit, LoRA r8 α32 on q and v, batch 2, 2 generations, 500 steps, bf16. */
  grpo: {
    method: "grpo",
    model: "Qwen/Qwen2.5-14B-Instruct",
    bnb: SEED_QLORA_BNB,
    lora: { r: 8, lora_alpha: 32, target_modules: ["q_proj", "v_proj"] },
    trl: { per_device_train_batch_size: 2, num_generations: 2, max_steps: 500, bf16: true },
  },
} satisfies Record<string, TrainingConfigInput>;

export type TrainingPresetName = keyof typeof TRAINING_PRESETS;

/** Overrides of a preset: any subset of its fields, nested sections merged, arrays and null replace. */
export type TrainingOverrides = { readonly [key: string]: unknown };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Deep-merge overrides into a config input: objects merge key by key; arrays, null and scalars replace.
export function mergeConfig(base: Record<string, unknown>, overrides: TrainingOverrides): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] = isPlainObject(value) && isPlainObject(current) ? mergeConfig(current, value) : value;
  }
  return out;
}

// A preset as a config input (not yet parsed), with overrides merged in.
export function trainingPreset(name: string, overrides: TrainingOverrides = {}): TrainingConfigInput {
  const preset: TrainingConfigInput | undefined = (TRAINING_PRESETS as Record<string, TrainingConfigInput>)[name];
  if (!preset) {
    const names = Object.keys(TRAINING_PRESETS).join(", ");
    throw new ConfigError(`Unknown training preset \`${name}\`; the presets are: ${names}.`, [
      { path: "preset", message: `unknown preset \`${name}\`` },
    ]);
  }
  const copy = JSON.parse(JSON.stringify(preset)) as Record<string, unknown>;
  return mergeConfig(copy, overrides) as TrainingConfigInput;
}

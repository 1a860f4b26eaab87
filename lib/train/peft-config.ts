// PEFT's LoraConfig and transformers' BitsAndBytesConfig as pass-through schemas (upstream names).
import { z } from "zod";

/** The seven projections of a Qwen2 decoder layer: LoRA on all of them is the QLoRA paper's recipe. */
export const QWEN_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] as const;

/** `lora`: forwarded to `peft.LoraConfig(**lora)`; absent or null means a full fine-tune. */
export const LoraSchema = z.looseObject({
  /** Rank of the update matrices (≥ 1). @default 8 */
  r: z.number().int().default(8).describe("LoRA rank (≥ 1)"),
  /** Scaling: the update is multiplied by lora_alpha / r. @default 8 */
  lora_alpha: z.number().positive().default(8).describe("LoRA scaling numerator"),
  /** Dropout on the LoRA input, in [0, 1). @default 0 */
  lora_dropout: z.number().default(0).describe("dropout in [0, 1)"),
  /** Module names to adapt (`q_proj`, ...), or `all-linear`. Non-empty. @default ["q_proj", "v_proj"] */
  target_modules: z
    .union([z.array(z.string()), z.string()])
    .default(["q_proj", "v_proj"])
    .describe("modules to adapt (names or all-linear)"),
  /** Which biases train: `none`, `all`, `lora_only`. @default "none" */
  bias: z.enum(["none", "all", "lora_only"]).default("none").describe("biases that train"),
  /** Task head type; causal language modelling for every run here. @default "CAUSAL_LM" (upstream: unset) */
  task_type: z.string().default("CAUSAL_LM").describe("PEFT task type"),
  /** Rank-stabilised scaling lora_alpha / sqrt(r). @default false */
  use_rslora: z.boolean().default(false).describe("rank-stabilised LoRA scaling"),
  /** Weight-decomposed LoRA. @default false */
  use_dora: z.boolean().default(false).describe("DoRA"),
});

/** `bnb`: forwarded to `transformers.BitsAndBytesConfig(**bnb)` (dtype names as strings); needs a CUDA GPU. */
export const BnbSchema = z.looseObject({
  /** Quantize the base weights to 4 bits (QLoRA); needs a `lora` section. @default false */
  load_in_4bit: z.boolean().default(false).describe("4-bit base weights (QLoRA)"),
  /** 8-bit base weights (LLM.int8). @default false */
  load_in_8bit: z.boolean().default(false).describe("8-bit base weights"),
  /** `nf4` (QLoRA's NormalFloat) or `fp4`. @default "fp4" */
  bnb_4bit_quant_type: z.enum(["nf4", "fp4"]).default("fp4").describe("4-bit type (nf4 or fp4)"),
  /** Quantize the quantization constants too (saves ~0.4 bit/parameter). @default false */
  bnb_4bit_use_double_quant: z.boolean().default(false).describe("double quantization"),
  /** Dtype of the matmuls on de-quantized weights: `float32`, `bfloat16`, `float16`. @default "float32" */
  bnb_4bit_compute_dtype: z.enum(["float32", "bfloat16", "float16"]).default("float32").describe("compute dtype"),
});

export type LoraInput = z.input<typeof LoraSchema>;
export type Lora = z.output<typeof LoraSchema>;
export type BnbInput = z.input<typeof BnbSchema>;
export type Bnb = z.output<typeof BnbSchema>;

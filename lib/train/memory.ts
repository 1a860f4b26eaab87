// Memory preflight: the GPU memory a training config needs per device, by parts, against the GPUs of the
// target (nvidia-smi there when present), so a run that cannot fit is stopped before launch, not an hour in.
// Checked against the seed: the 0.5B full fine-tune ran out of memory on a 14.58 GiB GPU; 14B QLoRA fit one
// 80 GB H100 (test/train/memory.test.ts).
import { ConfigError } from "../errors.js";
import { countLoraParameters, findArchitecture, type ModelArchitecture } from "./model-facts.js";
import type { TrainingConfig } from "./training-config.js";

const GIB = 1024 ** 3;

/** One GPU of the target. */
export interface GpuInfo {
  readonly index: number;
  readonly name: string;
  readonly totalMiB: number;
  readonly usedMiB: number;
}

/** The GPU the seed's Starter notebook ran Approach 1 on (14.58 GiB, where the 0.5B full fine-tune ran out of memory). */
export const SEED_STARTER_GPU: GpuInfo = { index: 0, name: "the seed's 14.58 GiB GPU", totalMiB: 14_930, usedMiB: 0 };

/** The estimate, in bytes, by part. */
export interface MemoryEstimate {
  readonly model: string;
  readonly method: "full" | "lora" | "qlora";
  readonly parameters: number;
  readonly trainableParameters: number;
  readonly weightsBytes: number;
  readonly gradientsBytes: number;
  readonly optimizerBytes: number;
  readonly activationsBytes: number;
  readonly logitsBytes: number;
  /** CUDA context, allocator fragmentation and kernels' workspace. */
  readonly overheadBytes: number;
  readonly totalBytes: number;
  /** Sequence length the activations were estimated at. */
  readonly sequenceLength: number;
  readonly batchSize: number;
}

/** The estimate against the target's GPUs. */
export interface MemoryPreflight {
  readonly estimate: MemoryEstimate;
  readonly gpus: readonly GpuInfo[];
  /** True when every GPU the run uses has room; undefined when the target's GPUs are unknown. */
  readonly fits: boolean | undefined;
  /** Warnings to show before launch ("needs 16.6 GiB per GPU, the target has 14.6 GiB free: ..."). */
  readonly warnings: readonly string[];
}

/** Options of the estimate. */
export interface MemoryOptions {
  /** Sizes of a model the built-in table does not know. */
  readonly architecture?: ModelArchitecture;
  /** Longest row in tokens, when known (the length report); the estimate uses min(this, max_length). */
  readonly longestRow?: number;
}

const DTYPE_BYTES = { float32: 4, bfloat16: 2, float16: 2 } as const;

// Parameters that stay in 16 bits under bitsandbytes: the embedding and the output head.
function embeddingParameters(a: ModelArchitecture): number {
  return a.vocabSize * a.hiddenSize * (a.tiedEmbeddings ? 1 : 2);
}

function sequenceLength(config: TrainingConfig, options: MemoryOptions): number {
  if (config.method === "grpo") return options.longestRow ?? 512 + config.trl.max_completion_length;
  const limit = config.trl.max_length ?? options.longestRow ?? 1024;
  return Math.min(limit, options.longestRow ?? limit);
}

// Estimate the per-GPU memory of a training config (DDP: every process holds a whole copy).
export function estimateTrainingMemory(config: TrainingConfig, options: MemoryOptions = {}): MemoryEstimate {
  const a = options.architecture ?? findArchitecture(config.model);
  if (!a) {
    throw new ConfigError(
      `No sizes known for model \`${config.model}\`; pass \`architecture\` (parameters, layers, hiddenSize, ...) to the memory estimate.`,
      [{ path: "model", message: "unknown architecture" }],
    );
  }
  const quantized = Boolean(config.bnb?.load_in_4bit || config.bnb?.load_in_8bit);
  const method = config.lora ? (quantized ? "qlora" : "lora") : "full";
  const trainable = config.lora ? countLoraParameters(a, config.lora.r, config.lora.target_modules) : a.parameters;
  const embed = embeddingParameters(a);
  const dtypeBytes = DTYPE_BYTES[config.modelDtype];
  let weightsBytes: number;
  if (config.bnb?.load_in_4bit) {
    // 4 bits per weight plus the block constants: fp32 per 64 weights, or ~0.127 bit with double quantization.
    const bits = 4 + (config.bnb.bnb_4bit_use_double_quant ? 0.127 : 0.5);
    weightsBytes = ((a.parameters - embed) * bits) / 8 + embed * 2;
  } else if (config.bnb?.load_in_8bit) {
    weightsBytes = a.parameters - embed + embed * 2;
  } else {
    weightsBytes = a.parameters * dtypeBytes;
  }
  // LoRA weights are trained in fp32 (PEFT upcasts them); a full fine-tune trains the weights in their dtype.
  const trainedBytes = config.lora ? 4 : dtypeBytes;
  if (config.lora) weightsBytes += trainable * 4;
  const gradientsBytes = trainable * trainedBytes;
  const optimizerBytes = trainable * (/8bit/.test(String(config.trl.optim)) ? 2 : 8);
  const b = config.trl.per_device_train_batch_size;
  const s = sequenceLength(config, options);
  const h = a.hiddenSize;
  const half = config.trl.fp16 || config.trl.bf16 !== false ? 2 : 4;
  // Per layer: ~34·s·b·h bytes of saved activations at 16 bits with fused attention (Korthikanti et al.);
  // with gradient checkpointing only each layer's input is kept, plus one layer being recomputed.
  const fullLayer = (34 * s * b * h * half) / 2;
  const activationsBytes = config.trl.gradient_checkpointing
    ? a.layers * s * b * h * half + fullLayer
    : a.layers * fullLayer;
  // Logits in fp32 for the loss: the logits, their log-softmax and the gradient (TRL's entropy adds no peak).
  const logitsBytes = b * s * a.vocabSize * 12;
  const overheadBytes = 1 * GIB;
  const totalBytes = weightsBytes + gradientsBytes + optimizerBytes + activationsBytes + logitsBytes + overheadBytes;
  return {
    model: config.model,
    method,
    parameters: a.parameters,
    trainableParameters: trainable,
    weightsBytes,
    gradientsBytes,
    optimizerBytes,
    activationsBytes,
    logitsBytes,
    overheadBytes,
    totalBytes,
    sequenceLength: s,
    batchSize: b,
  };
}

// Parse `nvidia-smi --query-gpu=index,name,memory.total,memory.used --format=csv,noheader,nounits`.
export function parseNvidiaSmi(text: string): readonly GpuInfo[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [index, name, total, used] = line.split(",").map((field) => field.trim());
      return { index: Number(index), name: name ?? "", totalMiB: Number(total), usedMiB: Number(used) };
    })
    .filter((gpu) => Number.isFinite(gpu.totalMiB));
}

/** The arguments that read the GPUs of a machine (run them on the target; parse with parseNvidiaSmi). */
export const NVIDIA_SMI_ARGS = [
  "nvidia-smi",
  "--query-gpu=index,name,memory.total,memory.used",
  "--format=csv,noheader,nounits",
] as const;

const gib = (bytes: number): string => `${(bytes / GIB).toFixed(1)} GiB`;

// Compare the estimate with the target's GPUs; unknown GPUs give a note, not a verdict.
export function preflightMemory(
  config: TrainingConfig,
  gpus: readonly GpuInfo[] | undefined,
  options: MemoryOptions = {},
): MemoryPreflight {
  const estimate = estimateTrainingMemory(config, options);
  const warnings: string[] = [];
  if (!gpus || gpus.length === 0) {
    return {
      estimate,
      gpus: [],
      fits: undefined,
      warnings: [`no GPU information for the target; the run needs about ${gib(estimate.totalBytes)} per GPU`],
    };
  }
  if (gpus.length < config.numProcesses) {
    warnings.push(
      `numProcesses is ${config.numProcesses} but the target has ${gpus.length} GPU(s); lower numProcesses`,
    );
  }
  const used = gpus.slice(0, config.numProcesses);
  const short = used.filter((gpu) => (gpu.totalMiB - gpu.usedMiB) * 1024 * 1024 < estimate.totalBytes);
  for (const gpu of short) {
    const free = (gpu.totalMiB - gpu.usedMiB) * 1024 * 1024;
    const fix = config.trl.gradient_checkpointing
      ? "lower `trl.per_device_train_batch_size` or `trl.max_length`, or use LoRA / 4-bit (`lora`, `bnb`)"
      : "enable `trl.gradient_checkpointing`, or lower `trl.per_device_train_batch_size`";
    warnings.push(
      `the run needs about ${gib(estimate.totalBytes)} per GPU but GPU ${gpu.index} (${gpu.name}) has ${gib(free)} free; ${fix}`,
    );
  }
  return { estimate, gpus, fits: short.length === 0 && gpus.length >= config.numProcesses, warnings };
}

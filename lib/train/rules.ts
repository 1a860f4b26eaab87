// Cross-field checks of a training config, one small rule each (changesets' rules.ts style): every message
// names the field, the value received and the fix.
import { describeValue, type ConfigIssue } from "../errors.js";
import type { TrainingConfig } from "./training-config.js";
import { UPSTREAM_FIELDS, UPSTREAM_VERSIONS, type UpstreamClass } from "./upstream-fields.js";

type Rule = (config: TrainingConfig) => ConfigIssue[];

const issue = (path: string, message: string): ConfigIssue[] => [{ path, message }];

// Fields the script sets itself; a value in the config would be overwritten, so it is refused.
const SCRIPT_OWNED = new Set(["output_dir", "resume_from_checkpoint"]);

function unknownFields(section: string, values: object | null, cls: UpstreamClass): ConfigIssue[] {
  if (!values) return [];
  const known = new Set<string>(UPSTREAM_FIELDS[cls]);
  const versions = `trl ${UPSTREAM_VERSIONS.trl}, transformers ${UPSTREAM_VERSIONS.transformers}, peft ${UPSTREAM_VERSIONS.peft}`;
  return Object.keys(values).flatMap((name) => {
    if (SCRIPT_OWNED.has(name)) return issue(`${section}.${name}`, `is set by the generated script; remove it`);
    if (known.has(name)) return [];
    const fields: readonly string[] = UPSTREAM_FIELDS[cls];
    const near = fields.filter((f: string) => f.includes(name) || name.includes(f)).slice(0, 3);
    const hint =
      name === "max_seq_length"
        ? "use `max_length` (renamed in TRL 0.20)"
        : name === "warmup_ratio"
          ? "use `warmup_steps` with a ratio in [0, 1) (transformers 5 removed `warmup_ratio`)"
          : near.length > 0
            ? `did you mean ${near.map((f: string) => `\`${f}\``).join(", ")}?`
            : `see the ${cls} documentation for the field names`;
    return issue(`${section}.${name}`, `is not a field of ${cls} (${versions}); ${hint}`);
  });
}

const RULES: readonly Rule[] = [
  (c) => unknownFields("trl", c.trl, c.method === "grpo" ? "GRPOConfig" : "SFTConfig"),
  (c) => unknownFields("lora", c.lora, "LoraConfig"),
  (c) => unknownFields("bnb", c.bnb, "BitsAndBytesConfig"),
  (c) =>
    c.lora && c.lora.r < 1
      ? issue("lora.r", `must be an integer ≥ 1, got ${describeValue(c.lora.r)}; use 8 or 16 (the seed's ranks)`)
      : [],
  (c) =>
    c.lora && !(c.lora.lora_dropout >= 0 && c.lora.lora_dropout < 1)
      ? issue("lora.lora_dropout", `must be in [0, 1), got ${describeValue(c.lora.lora_dropout)}; use 0.05`)
      : [],
  (c) =>
    c.lora && c.lora.target_modules.length === 0
      ? issue(
          "lora.target_modules",
          `must name at least one module, got ${describeValue(c.lora.target_modules)}; use ["q_proj", "v_proj"] or "all-linear"`,
        )
      : [],
  (c) =>
    c.trl.fp16 && c.trl.bf16
      ? issue("trl.bf16", "`trl.fp16` and `trl.bf16` are both true; set one of them to false")
      : [],
  (c) =>
    c.bnb?.load_in_4bit && c.bnb.load_in_8bit
      ? issue("bnb.load_in_8bit", "`bnb.load_in_4bit` and `bnb.load_in_8bit` are both true; keep one")
      : [],
  (c) =>
    (c.bnb?.load_in_4bit || c.bnb?.load_in_8bit) && !c.lora
      ? issue(
          "bnb.load_in_4bit",
          "quantized weights cannot be fine-tuned directly; add a `lora` section (QLoRA) or set `bnb` to null",
        )
      : [],
  (c) =>
    c.bnb && (c.bnb.load_in_4bit || c.bnb.load_in_8bit) && c.trl.use_cpu
      ? issue("bnb", "bitsandbytes quantization needs a CUDA GPU but `trl.use_cpu` is true; set `bnb` to null on a CPU")
      : [],
  (c) =>
    c.trl.warmup_steps >= 1 && !Number.isInteger(c.trl.warmup_steps)
      ? issue(
          "trl.warmup_steps",
          `must be an integer number of steps or a ratio in [0, 1), got ${describeValue(c.trl.warmup_steps)}`,
        )
      : [],
  (c) => {
    if (c.method !== "grpo") return [];
    const perStep = c.trl.steps_per_generation ?? c.trl.gradient_accumulation_steps;
    const global = c.trl.per_device_train_batch_size * c.numProcesses * perStep;
    const g = c.trl.num_generations;
    if (global % g === 0) return [];
    return issue(
      "trl.num_generations",
      `the global batch (per_device_train_batch_size ${c.trl.per_device_train_batch_size} × numProcesses ${c.numProcesses} × steps_per_generation ${perStep} = ${global}) must be divisible by num_generations (${g}); set per_device_train_batch_size to a multiple of ${g} or lower num_generations`,
    );
  },
];

// Every problem of a parsed config, in rule order; an empty list means it may be planned.
export function checkTrainingConfig(config: TrainingConfig): readonly ConfigIssue[] {
  return RULES.flatMap((rule) => rule(config));
}

import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { ConfigError } from "../../lib/errors.js";
import {
  parseSetFlags,
  parseTrainingConfig,
  SftTrlSchema,
  GrpoTrlSchema,
  LoraSchema,
  BnbSchema,
  trainingPreset,
  TINY_MODEL_ID,
  TrainingConfigSchema,
  trainingCommand,
} from "../../lib/train/index.js";

function messageOf(input: unknown): string {
  try {
    parseTrainingConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error("expected a ConfigError");
}

describe("presets", () => {
  it("approach1 is the seed's 0.5B full fine-tune: 5 epochs, batch 4, eos <|im_end|>, the rest TRL's defaults", () => {
    const c = parseTrainingConfig(trainingPreset("approach1"));
    expect(c.model).toBe("Qwen/Qwen2-0.5B-Instruct");
    expect(c.method).toBe("sft");
    expect(c.lora).toBeNull();
    expect(c.bnb).toBeNull();
    expect(c.trl).toMatchObject({ num_train_epochs: 5, per_device_train_batch_size: 4, eos_token: "<|im_end|>" });
    expect(c.trl).toMatchObject({ max_length: 1024, gradient_accumulation_steps: 1, lr_scheduler_type: "linear" });
  });

  it("approach2 is the seed's 14B QLoRA on the step-wise rows", () => {
    const c = parseTrainingConfig(trainingPreset("approach2"));
    expect(c.model).toBe("Qwen/Qwen2.5-14B-Instruct");
    expect(c.bnb).toMatchObject({
      load_in_4bit: true,
      bnb_4bit_quant_type: "nf4",
      bnb_4bit_use_double_quant: true,
      bnb_4bit_compute_dtype: "bfloat16",
    });
    expect(c.lora).toMatchObject({ r: 16, lora_alpha: 32, lora_dropout: 0.05 });
    expect(c.lora?.target_modules).toEqual([
      "q_proj",
      "k_proj",
      "v_proj",
      "o_proj",
      "gate_proj",
      "up_proj",
      "down_proj",
    ]);
    expect(c.trl).toMatchObject({
      num_train_epochs: 30,
      per_device_train_batch_size: 4,
      optim: "paged_adamw_8bit",
      fp16: true,
      bf16: false,
      max_grad_norm: 0.3,
      warmup_steps: 0.03,
      lr_scheduler_type: "cosine",
    });
  });

  it("approach3 is the seed's conversational QLoRA: 1 epoch, accumulation 4, lr 2e-4, save 500, log 10", () => {
    const c = parseTrainingConfig(trainingPreset("approach3"));
    expect(c.trl).toMatchObject({
      num_train_epochs: 1,
      per_device_train_batch_size: 4,
      gradient_accumulation_steps: 4,
      learning_rate: 2e-4,
      save_steps: 500,
      logging_steps: 10,
      fp16: true,
      lr_scheduler_type: "cosine",
    });
    // The seed's 4,375 steps: 70,000 records / (4 × 4).
    expect(70_000 / (c.trl.per_device_train_batch_size * c.trl.gradient_accumulation_steps)).toBe(4375);
  });

  it("grpo is the seed's GRPO run: LoRA r8 α32 on q and v, 2 generations, 500 steps", () => {
    const c = parseTrainingConfig(trainingPreset("grpo"));
    expect(c.method).toBe("grpo");
    expect(c.lora).toMatchObject({ r: 8, lora_alpha: 32, target_modules: ["q_proj", "v_proj"] });
    expect(c.trl).toMatchObject({ num_generations: 2, max_steps: 500, per_device_train_batch_size: 2, bf16: true });
  });

  it("approach1 and approach2 run the seed's step counts on 1,595 rows", () => {
    const steps = (name: string) => {
      const c = parseTrainingConfig(trainingPreset(name));
      return Math.ceil(1595 / c.trl.per_device_train_batch_size) * c.trl.num_train_epochs;
    };
    expect(steps("approach1")).toBe(1995);
    expect(steps("approach2")).toBe(11970);
  });

  it("merges overrides from a cell: nested sections merge, null replaces", () => {
    const c = parseTrainingConfig(
      trainingPreset("approach2", { model: TINY_MODEL_ID, bnb: null, trl: { max_steps: 3 }, lora: { r: 4 } }),
    );
    expect(c.model).toBe(TINY_MODEL_ID);
    expect(c.bnb).toBeNull();
    expect(c.lora).toMatchObject({ r: 4, lora_alpha: 32 });
    expect(c.trl).toMatchObject({ max_steps: 3, num_train_epochs: 30 });
  });

  it("names the presets when one is unknown", () => {
    expect(() => trainingPreset("approach9")).toThrow(
      "Unknown training preset `approach9`; the presets are: approach1, approach2, approach3, grpo.",
    );
  });
});

describe("validation", () => {
  const base = trainingPreset("approach2");
  it.each([
    [{ lora: { r: 0 } }, "✖ `lora.r`: must be an integer ≥ 1, got `0` (number); use 8 or 16 (the seed's ranks)"],
    [{ lora: { lora_dropout: 1 } }, "✖ `lora.lora_dropout`: must be in [0, 1), got `1` (number); use 0.05"],
    [{ lora: { target_modules: [] } }, "✖ `lora.target_modules`: must name at least one module, got `[]` (array)"],
    [{ trl: { bf16: true } }, "✖ `trl.bf16`: `trl.fp16` and `trl.bf16` are both true; set one of them to false"],
    [{ lora: null }, "✖ `bnb.load_in_4bit`: quantized weights cannot be fine-tuned directly; add a `lora` section"],
    [{ trl: { max_seq_length: 2048 } }, "✖ `trl.max_seq_length`: is not a field of SFTConfig (trl 1.13.0"],
    [
      { trl: { warmup_ratio: 0.03 } },
      "use `warmup_steps` with a ratio in [0, 1) (transformers 5 removed `warmup_ratio`)",
    ],
    [
      { trl: { warmup_steps: 2.5 } },
      "✖ `trl.warmup_steps`: must be an integer number of steps or a ratio in [0, 1), got `2.5` (number)",
    ],
    [{ trl: { output_dir: "/x" } }, "✖ `trl.output_dir`: is set by the generated script; remove it"],
    [{ lora: { rank: 8 } }, "✖ `lora.rank`: is not a field of LoraConfig"],
    [
      { trl: { per_device_train_batch_size: 0 } },
      "✖ `trl.per_device_train_batch_size`: Too small: expected number to be >=1; got `0` (number). Fix: use at least 1 for `trl.per_device_train_batch_size`.",
    ],
    [
      { overLength: "cut" },
      '✖ `overLength`: Invalid option: expected one of "drop"|"truncate"|"error"; got `cut` (string). Fix: use one of `drop`, `truncate`, `error`.',
    ],
  ])("rejects %j with a message naming the field, the value and the fix", (override, expected) => {
    expect(messageOf(trainingPreset("approach2", override))).toContain(expected);
    void base;
  });

  it("checks that the GRPO global batch is divisible by num_generations", () => {
    const message = messageOf(trainingPreset("grpo", { trl: { per_device_train_batch_size: 3 } }));
    expect(message).toContain(
      "✖ `trl.num_generations`: the global batch (per_device_train_batch_size 3 × numProcesses 1 × steps_per_generation 1 = 3) must be divisible by num_generations (2); set per_device_train_batch_size to a multiple of 2 or lower num_generations",
    );
    expect(() =>
      parseTrainingConfig(trainingPreset("grpo", { numProcesses: 2, trl: { per_device_train_batch_size: 1 } })),
    ).not.toThrow();
  });

  it("lists every problem at once, each on its own line", () => {
    const message = messageOf(trainingPreset("approach2", { lora: { r: 0, lora_dropout: -0.1 }, trl: { bf16: true } }));
    expect(message.split("\n")).toEqual([
      "Invalid training config:",
      expect.stringMatching(/^✖ `lora\.r`: /),
      expect.stringMatching(/^✖ `lora\.lora_dropout`: .*got `-0\.1` \(number\)/),
      expect.stringMatching(/^✖ `trl\.bf16`: /),
    ]);
  });

  it("keeps the zod error as the cause of a schema problem, and lists each issue by its full path", () => {
    try {
      parseTrainingConfig(trainingPreset("approach2", { lora: { r: "eight" } }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).cause).toBeInstanceOf(ZodError);
      expect((error as ConfigError).issues).toEqual([
        {
          path: "lora.r",
          message:
            "Invalid input: expected number, received string; got `eight` (string). Fix: give `lora.r` a number.",
        },
      ]);
    }
  });

  it("accepts other fields the installed classes have, unchanged", () => {
    const c = parseTrainingConfig(trainingPreset("approach1", { trl: { neftune_noise_alpha: 5 } }));
    expect((c.trl as Record<string, unknown>)["neftune_noise_alpha"]).toBe(5);
  });
});

describe("trainingCommand", () => {
  it("runs train.py with the given Python, and accelerate beside a venv's Python on several GPUs", () => {
    const one = parseTrainingConfig(trainingPreset("approach2"));
    const two = parseTrainingConfig(trainingPreset("approach2", { numProcesses: 2 }));
    expect(trainingCommand(one)).toEqual(["python", "train.py"]);
    expect(trainingCommand(one, "/opt/venv/bin/python")).toEqual(["/opt/venv/bin/python", "train.py"]);
    expect(trainingCommand(two)).toEqual(["accelerate", "launch", "--num_processes", "2", "train.py"]);
    expect(trainingCommand(two, "/opt/venv/bin/python")).toEqual([
      "/opt/venv/bin/accelerate",
      "launch",
      "--num_processes",
      "2",
      "train.py",
    ]);
  });
});

describe("--set flags", () => {
  it("parses dotted paths and bare names into nested overrides, values as JSON or strings", () => {
    expect(
      parseSetFlags([
        "trl.learning_rate=1e-4",
        "r=4",
        "model=Qwen/Qwen2.5-7B-Instruct",
        "bnb=null",
        'lora.target_modules=["q_proj"]',
      ]),
    ).toEqual({
      trl: { learning_rate: 1e-4 },
      lora: { r: 4, target_modules: ["q_proj"] },
      model: "Qwen/Qwen2.5-7B-Instruct",
      bnb: null,
    });
    expect(parseSetFlags(["learning_rate=2e-4", "eos_token=<|im_end|>"])).toEqual({
      trl: { learning_rate: 2e-4, eos_token: "<|im_end|>" },
    });
  });

  it("refuses a flag without = and a field no section has", () => {
    expect(() => parseSetFlags(["learning_rate"])).toThrow("Expected `--set field=value`, got `learning_rate`");
    expect(() => parseSetFlags(["nonsense_field=1"])).toThrow(
      "Cannot place `--set nonsense_field=1`: no config section has it; write the full path",
    );
  });
});

describe("schemas", () => {
  it("every field has a one-line description for --help", () => {
    const missingDescriptions: string[] = [];
    const sections = { trl_sft: SftTrlSchema, trl_grpo: GrpoTrlSchema, lora: LoraSchema, bnb: BnbSchema };
    for (const [name, schema] of Object.entries(sections)) {
      for (const [field, value] of Object.entries(schema.shape)) {
        if (!(value as { description?: string }).description) missingDescriptions.push(`${name}.${field}`);
      }
    }
    for (const option of TrainingConfigSchema.options) {
      for (const [field, value] of Object.entries(option.shape)) {
        if (!(value as { description?: string }).description) missingDescriptions.push(field);
      }
    }
    expect(missingDescriptions).toEqual([]);
  });
});

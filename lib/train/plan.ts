// planTraining: the one call that turns a config and a data set into a run directory a job backend can launch:
// data, train.py, train_config.json, requirements.txt, README.md and any extra files (rewards.py for GRPO).
import { existsSync } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../atomic-write.js";
import { ConfigError } from "../errors.js";
import { preflightMemory, type GpuInfo, type MemoryPreflight } from "./memory.js";
import type { ModelArchitecture } from "./model-facts.js";
import { parseTrainingConfig } from "./parse-config.js";
import { renderRequirements } from "./requirements.js";
import { renderRunReadme } from "./run-readme.js";
import { readTrainScript } from "./script-files.js";
import { loadQwenTokenCounter, type TokenCounter } from "./token-count.js";
import {
  applyOverLength,
  reportTokenLengths,
  type OverLengthResult,
  type TokenLengthReport,
  type TrainingRow,
} from "./token-lengths.js";
import type { TrainingConfig, TrainingConfigInput } from "./training-config.js";

/** Options of planTraining. */
export interface PlanTrainingOptions {
  /** The run directory (created; files in it are replaced, checkpoints and metrics kept). */
  readonly outDir: string;
  /** Extra files placed in the run directory by name, e.g. `{"rewards.py": text}` for GRPO. */
  readonly files?: Readonly<Record<string, string>>;
  /** Token counter; the real Qwen tokenizer by default. */
  readonly counter?: TokenCounter;
  /** The target's GPUs (parseNvidiaSmi of the target's nvidia-smi), for the memory preflight. */
  readonly gpus?: readonly GpuInfo[];
  /** Sizes of a model the built-in table does not know (memory estimate). */
  readonly architecture?: ModelArchitecture;
}

/** A written run directory. */
export interface TrainingPlan {
  readonly runDir: string;
  readonly config: TrainingConfig;
  /** Run in `runDir`: `python train.py`, or `accelerate launch --num_processes N train.py`. */
  readonly command: readonly string[];
  readonly lengths: TokenLengthReport;
  readonly overLength: OverLengthResult;
  /** Undefined when the model's sizes are unknown. */
  readonly memory: MemoryPreflight | undefined;
  readonly files: readonly string[];
}

// The command that runs a planned directory (relative to it). A Python given as a path (a venv's) brings its
// own `accelerate` beside it, so a multi-GPU run uses the same environment as a single-GPU one.
export function trainingCommand(config: TrainingConfig, python = "python"): readonly string[] {
  const accelerate = python.includes("/") ? path.join(path.dirname(python), "accelerate") : "accelerate";
  return config.numProcesses > 1
    ? [accelerate, "launch", "--num_processes", String(config.numProcesses), "train.py"]
    : [python, "train.py"];
}

function checkFileName(name: string): void {
  const normal = path.posix.normalize(name);
  if (path.isAbsolute(name) || normal.startsWith("..") || normal !== name || name.includes("\\")) {
    throw new ConfigError(
      `Extra file name \`${name}\` must be a relative path inside the run directory, e.g. "rewards.py".`,
      [{ path: `files.${name}`, message: "not a relative path" }],
    );
  }
}

// Plan a run: check the config, measure and filter the data, estimate memory, write the run directory.
export async function planTraining(
  input: TrainingConfig | TrainingConfigInput,
  dataset: readonly TrainingRow[],
  options: PlanTrainingOptions,
): Promise<TrainingPlan> {
  const config = parseTrainingConfig(input);
  const runDir = path.resolve(options.outDir);
  const files = options.files ?? {};
  for (const name of Object.keys(files)) checkFileName(name);
  if (config.method === "grpo" && files["rewards.py"] === undefined && !existsSync(path.join(runDir, "rewards.py"))) {
    throw new ConfigError(
      'A GRPO run needs `rewards.py` defining REWARD_FUNCS; pass it as `files: {"rewards.py": text}`.',
      [{ path: "files.rewards.py", message: "missing" }],
    );
  }
  if (dataset.length === 0) {
    throw new ConfigError("The training data set is empty; pass at least one row.", [
      { path: "dataset", message: "empty" },
    ]);
  }
  const counter = options.counter ?? (await loadQwenTokenCounter());
  // GRPO rows hold prompts only: TRL generates the completions, so no row is dropped for length.
  const maxLength = config.method === "sft" ? config.trl.max_length : null;
  const lengths = reportTokenLengths(dataset, { counter, maxLength });
  const overLength = applyOverLength(dataset, lengths, config.overLength);
  let memory: MemoryPreflight | undefined;
  try {
    memory = preflightMemory(config, options.gpus, { architecture: options.architecture, longestRow: lengths.max });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }

  const written: string[] = [];
  const put = async (name: string, text: string): Promise<void> => {
    await writeFileAtomic(path.join(runDir, name), text);
    written.push(name);
  };
  await put("data/train.jsonl", `${overLength.rows.map((row) => JSON.stringify(row)).join("\n")}\n`);
  await put("train.py", readTrainScript());
  const runConfig = { ...config, data: { train: "data/train.jsonl" } };
  await put("train_config.json", `${JSON.stringify(runConfig, null, 2)}\n`);
  await put("requirements.txt", renderRequirements(config));
  for (const [name, text] of Object.entries(files)) await put(name, text);
  const command = trainingCommand(config);
  const readme = renderRunReadme(config, {
    rows: overLength.rows.length,
    overLengthMessage: overLength.message,
    command,
    memory,
    files: [...written, "README.md"],
  });
  await put("README.md", readme);
  return { runDir, config, command, lengths, overLength, memory, files: written };
}

// The README of a run directory: what it trains, the exact commands, the files, and the GRPO reward contract.
import type { MemoryPreflight } from "./memory.js";
import type { TrainingConfig } from "./training-config.js";

/** What the README reports besides the config. */
export interface RunReadmeFacts {
  readonly rows: number;
  readonly overLengthMessage: string;
  readonly command: readonly string[];
  readonly memory?: MemoryPreflight;
  readonly files: readonly string[];
}

const GIB = 1024 ** 3;

/** The GRPO reward contract, as documented in every GRPO run directory and in lib/train. */
export const GRPO_CONTRACT = `\`rewards.py\` (required) defines \`REWARD_FUNCS\`: a list of TRL reward callables
\`(prompts, completions, **kwargs) -> list[float]\`, one float per completion. Every data set column besides
\`prompt\` reaches them as a keyword list (for step mode: \`task_id\` and \`history\`).
\`environment.py\` (optional) defines \`ENVIRONMENT_FACTORY\`: a class passed as \`environment_factory=\` to
\`GRPOTrainer\` (multi-turn episodes inside TRL's generation loop).`;

const quote = (arg: string): string => (/^[\w./=-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

// Render README.md of a run directory.
export function renderRunReadme(config: TrainingConfig, facts: RunReadmeFacts): string {
  const method = config.lora ? (config.bnb?.load_in_4bit ? "QLoRA" : "LoRA") : "full fine-tune";
  const trainer = config.method === "grpo" ? "GRPOTrainer" : "SFTTrainer";
  const mem = facts.memory
    ? `\n## Memory\nAbout ${(facts.memory.estimate.totalBytes / GIB).toFixed(1)} GiB per GPU (${facts.memory.estimate.trainableParameters.toLocaleString("en-US")} trainable of ${facts.memory.estimate.parameters.toLocaleString("en-US")} parameters).${facts.memory.warnings.map((w) => `\n- Warning: ${w}`).join("")}\n`
    : "";
  const grpo = config.method === "grpo" ? `\n## Rewards (GRPO)\n${GRPO_CONTRACT}\n` : "";
  return `# Training run: ${config.model}, ${method}, TRL ${trainer}

Data: \`data/train.jsonl\`, ${facts.rows.toLocaleString("en-US")} rows (${facts.overLengthMessage}).
Config: \`train_config.json\` (the \`trl\`, \`lora\` and \`bnb\` sections are TRL / PEFT / transformers fields, unchanged).

## Run
\`\`\`sh
python -m venv .venv && .venv/bin/pip install -r requirements.txt   # or: agentft train setup .
${facts.command.map(quote).join(" ")}
\`\`\`
Run it again after a stop: it resumes from the last \`output/checkpoint-*\`.
Multi-GPU: \`accelerate launch --num_processes N train.py\`.
Merge a LoRA adapter into its base: \`python train.py merge\` (writes \`output/merged\`).

## Outputs
- \`metrics.jsonl\`: one JSON line per event (\`start\`, \`train_begin\`, \`log\` with loss / learning_rate / reward, \`checkpoint\`, \`train_end\`, \`saved\`).
- \`output/checkpoint-*\`: checkpoints; \`output/final\`: the ${config.lora ? "adapter" : "model"} and tokenizer.
${mem}${grpo}
## Files
${facts.files.map((f) => `- \`${f}\``).join("\n")}
`;
}

// Step-wise data sets (the seed's Approach 1/2 data): one row per step of every trajectory, the prompt
// holding the instruction and what happened so far, the completion the step's thought and action.
import { formatJsonLines, writeFileAtomic } from "./io.js";
import type { ConversationalRow, PromptCompletionRow, SeedCsvRow, Trajectory } from "./schema.js";
import { formatSeedCsv } from "./seed-csv.js";
import {
  flattenLegacyText,
  renderLegacySeedCompletion,
  renderStepCompletion,
  renderTrajectoryPrompts,
  type StepTemplateName,
} from "./templates.js";

/** The file formats of a step-wise data set. */
export const STEPWISE_FORMATS = ["prompt-completion", "conversational", "seed-csv"] as const;
export type StepwiseFormat = (typeof STEPWISE_FORMATS)[number];

/** Options of `buildStepwiseRows`. */
export interface StepwiseOptions {
  /** Seed template of the prompt. @default "v1" */
  readonly template?: StepTemplateName;
  /** Where the conversational format puts the prompt: one user message (default) or a system message before it. */
  readonly systemPrompt?: string;
}

/** A step-wise data set in one format, with what each row came from. */
export type StepwiseRows =
  | { readonly format: "prompt-completion"; readonly rows: PromptCompletionRow[]; readonly sources: StepSource[] }
  | { readonly format: "conversational"; readonly rows: ConversationalRow[]; readonly sources: StepSource[] }
  | { readonly format: "seed-csv"; readonly rows: SeedCsvRow[]; readonly sources: StepSource[] };

/** The trajectory and step a row was built from (kept beside the rows, never written into TRL files). */
export interface StepSource {
  readonly taskId: string;
  readonly stepIndex: number;
  readonly intent: string | undefined;
}

// One prompt/completion pair per step, in TRL's standard form.
export function buildPromptCompletionRows(
  trajectories: readonly Trajectory[],
  options: StepwiseOptions = {},
): PromptCompletionRow[] {
  const template = options.template ?? "v1";
  const rows: PromptCompletionRow[] = [];
  for (const trajectory of trajectories) {
    const prompts = renderTrajectoryPrompts(template, trajectory.instruction, trajectory.steps);
    trajectory.steps.forEach((step, index) => {
      rows.push({ prompt: prompts[index]!, completion: renderStepCompletion(step) });
    });
  }
  return rows;
}

/** A GRPO step prompt: the prompt, its task and the actions before it, the columns a step reward needs. */
export interface StepPromptRow {
  readonly prompt: string;
  readonly task_id: string;
  /** The actions of the earlier steps as JSON list text (one type per column, so `datasets` reads every row alike). */
  readonly history: string;
}

// One GRPO prompt per step: TRL generates the completion, the reward replays `history` in the task's world first.
export function buildStepPromptRows(
  trajectories: readonly Trajectory[],
  options: StepwiseOptions = {},
): StepPromptRow[] {
  const template = options.template ?? "v1";
  const rows: StepPromptRow[] = [];
  for (const trajectory of trajectories) {
    const prompts = renderTrajectoryPrompts(template, trajectory.instruction, trajectory.steps);
    trajectory.steps.forEach((_step, index) => {
      const history = trajectory.steps.slice(0, index).map((step) => step.action);
      rows.push({ prompt: prompts[index]!, task_id: trajectory.task_id, history: JSON.stringify(history) });
    });
  }
  return rows;
}

// Build the rows of every step in `format`. seed-csv uses the seed's flattened rendering of the template.
export function buildStepwiseRows(
  trajectories: readonly Trajectory[],
  format: StepwiseFormat,
  options: StepwiseOptions = {},
): StepwiseRows {
  const template = options.template ?? "v1";
  const sources: StepSource[] = [];
  for (const trajectory of trajectories) {
    trajectory.steps.forEach((_step, stepIndex) => {
      sources.push({ taskId: trajectory.task_id, stepIndex, intent: trajectory.intent });
    });
  }
  const plain = buildPromptCompletionRows(trajectories, { template });
  if (format === "prompt-completion") return { format, rows: plain, sources };
  if (format === "conversational") {
    const rows = plain.map(
      ({ prompt, completion }): ConversationalRow => ({
        prompt:
          options.systemPrompt === undefined
            ? [{ role: "user", content: prompt }]
            : [
                { role: "system", content: options.systemPrompt },
                { role: "user", content: prompt },
              ],
        completion: [{ role: "assistant", content: completion }],
      }),
    );
    return { format, rows, sources };
  }
  if (format === "seed-csv") {
    const rows: SeedCsvRow[] = [];
    let k = 0;
    for (const trajectory of trajectories) {
      for (const step of trajectory.steps) {
        rows.push({
          user_query: trajectory.instruction,
          prompt: flattenLegacyText(plain[k]!.prompt),
          completion: renderLegacySeedCompletion(step),
        });
        k += 1;
      }
    }
    return { format, rows, sources };
  }
  throw new TypeError(
    `Expected the format to be one of ${STEPWISE_FORMATS.join(", ")}, got \`${String(format)}\` (${typeof format}).`,
  );
}

// The file text of a data set: JSON lines for TRL's formats, the seed's CSV for seed-csv.
export function formatStepwiseRows(data: StepwiseRows): string {
  return data.format === "seed-csv" ? formatSeedCsv(data.rows) : formatJsonLines(data.rows);
}

export function writeStepwiseRows(file: string, data: StepwiseRows): void {
  writeFileAtomic(file, formatStepwiseRows(data));
}

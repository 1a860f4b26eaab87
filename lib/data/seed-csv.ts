// The seed's step CSV (`user_query,prompt,completion`): read it back into trajectories and write
// trajectories in the same form. Rows are the seed's "legacy" rendering of the v1 template: backticks
// became ' and newlines spaces (templates.ts, flattenLegacyText) and completions are Python dict reprs.
//
// Normalisation of the round trip: an imported observation is the flattened text the seed stored (its
// original backticks and newlines are gone); the last step of each trajectory has observation null, since
// the seed never stored what the final action printed. Everything else is rebuilt byte for byte.
import { readFileSync } from "node:fs";
import { DataFormatError } from "./errors.js";
import { inferIntent, scenarioKeyOf } from "./intent.js";
import { formatCsv, parseCsv } from "./io.js";
import { parsePythonLiteral } from "./python-literal.js";
import { SEED_CSV_COLUMNS, type SeedCsvRow, type Trajectory, type TrajectoryStep } from "./schema.js";
import {
  V1_EMPTY_SLOT,
  flattenLegacyText,
  renderLegacySeedCompletion,
  renderLegacySeedPrompt,
  renderTrajectoryPrompts,
  type PreviousStep,
} from "./templates.js";

/** A seed CSV row and the line it starts on. */
export interface SeedCsvRecord extends SeedCsvRow {
  readonly line: number;
}

// Read the seed CSV, checking the header and that every row has three non-empty fields.
export function parseSeedCsv(text: string, file: string): SeedCsvRecord[] {
  const records = parseCsv(text);
  const header = records[0];
  if (!header || header.fields.join(",") !== SEED_CSV_COLUMNS.join(",")) {
    throw new DataFormatError(
      { file, line: 1 },
      `has header \`${header?.fields.join(",") ?? ""}\``,
      `The header must be \`${SEED_CSV_COLUMNS.join(",")}\``,
    );
  }
  return records.slice(1).map(({ line, fields }) => {
    if (fields.length !== 3)
      throw new DataFormatError(
        { file, line },
        `has ${fields.length} fields`,
        "Each row needs user_query, prompt and completion",
      );
    const [user_query, prompt, completion] = fields as [string, string, string];
    SEED_CSV_COLUMNS.forEach((column, index) => {
      if (fields[index] === "")
        throw new DataFormatError({ file, line, field: column }, "is empty", "Fill it in or drop the row");
    });
    return { line, user_query, prompt, completion };
  });
}

export function readSeedCsv(file: string): SeedCsvRecord[] {
  return parseSeedCsv(readFileSync(file, "utf8"), file);
}

const FLAT_PROMPT = new RegExp(
  "^User Instruction :  '''([\\s\\S]*?)''' The following list contains the ordered set of steps already taken, " +
    "the last element of the list is the current state of the task :  '''([\\s\\S]*)''' Current Observation :  '''([\\s\\S]*)'''  Based on ",
);

// Parse the seed's rows into trajectories: a row whose history is empty starts a new one; each row's
// completion is a step and the next row's "Current Observation" is that step's observation.
export function importSeedTrajectories(records: readonly SeedCsvRecord[], file: string): Trajectory[] {
  const trajectories: Trajectory[] = [];
  let steps: TrajectoryStep[] = [];
  let instruction = "";
  const finish = (): void => {
    if (steps.length === 0) return;
    const taskId = `seed-${trajectories.length + 1}`;
    trajectories.push({
      task_id: taskId,
      instruction,
      supervisor: null,
      steps,
      source: "seed-csv",
      intent: inferIntent(instruction),
      scenario_id: scenarioKeyOf(taskId, instruction),
    });
    steps = [];
  };
  for (const record of records) {
    const match = FLAT_PROMPT.exec(record.prompt);
    if (!match)
      throw new DataFormatError(
        { file, line: record.line, field: "prompt" },
        "is not a flattened v1 prompt",
        "Expected the seed's `User Instruction :  '''...'''` rendering",
      );
    const [, promptInstruction, history, observation] = match as unknown as [string, string, string, string];
    if (promptInstruction !== flattenLegacyText(record.user_query)) {
      throw new DataFormatError(
        { file, line: record.line, field: "prompt" },
        "quotes an instruction other than `user_query`",
        "Both must hold the same instruction",
      );
    }
    const startsTrajectory = history === V1_EMPTY_SLOT;
    if (startsTrajectory) finish();
    else if (steps.length === 0 || record.user_query !== instruction) {
      throw new DataFormatError(
        { file, line: record.line, field: "prompt" },
        "continues a trajectory that has no first step",
        "Rows of one trajectory must be consecutive, starting with the empty-history row",
      );
    } else {
      steps[steps.length - 1] = { ...steps[steps.length - 1]!, observation };
    }
    instruction = record.user_query;
    const step = parseSeedCompletion(record, file);
    const expected = renderLegacySeedPrompt(instruction, steps as PreviousStep[]);
    if (expected !== record.prompt) {
      throw new DataFormatError(
        { file, line: record.line, field: "prompt" },
        "does not list the thoughts of the rows before it",
        "Each row's history must be the thoughts of the previous completions, in order",
      );
    }
    steps.push({ ...step, observation: null });
  }
  finish();
  return trajectories;
}

function parseSeedCompletion(record: SeedCsvRecord, file: string): { thought: string; action: string } {
  let value: unknown;
  try {
    value = parsePythonLiteral(record.completion);
  } catch (error) {
    throw new DataFormatError(
      { file, line: record.line, field: "completion" },
      `is not a Python dict literal (${(error as Error).message})`,
      "Write it as {'thought': ..., 'action': ...}",
      { cause: error },
    );
  }
  const { thought, action } = (value ?? {}) as { thought?: unknown; action?: unknown };
  if (typeof thought !== "string" || typeof action !== "string") {
    throw new DataFormatError(
      { file, line: record.line, field: "completion" },
      "lacks string `thought` and `action` keys",
      "Write it as {'thought': ..., 'action': ...}",
    );
  }
  return { thought, action };
}

// Rebuild the seed's rows from trajectories: one row per step, in the seed's legacy rendering.
export function buildSeedCsvRows(trajectories: readonly Trajectory[]): SeedCsvRow[] {
  const rows: SeedCsvRow[] = [];
  for (const trajectory of trajectories) {
    const prompts = renderTrajectoryPrompts("v1", trajectory.instruction, trajectory.steps);
    trajectory.steps.forEach((step, index) => {
      rows.push({
        user_query: trajectory.instruction,
        prompt: flattenLegacyText(prompts[index]!),
        completion: renderLegacySeedCompletion(step),
      });
    });
  }
  return rows;
}

// The steps before `index` with their observations; an unrecorded observation there is a broken trajectory.
export function previousStepsOf(trajectory: Trajectory, index: number): PreviousStep[] {
  return trajectory.steps.slice(0, index).map((step, k) => {
    if (step.observation === null) {
      throw new DataFormatError(
        { file: trajectory.task_id, line: k + 1, field: "observation" },
        "is null before the last step",
        "Only the final step of a trajectory may lack its observation",
      );
    }
    return { thought: step.thought, action: step.action, observation: step.observation };
  });
}

export function formatSeedCsv(rows: readonly SeedCsvRow[]): string {
  return formatCsv(
    SEED_CSV_COLUMNS,
    rows.map((row) => [row.user_query, row.prompt, row.completion]),
  );
}

// Trajectories from an AppWorld experiment output folder (`experiments/outputs/<name>/`): each task's
// `tasks/<task_id>/logs/environment_io.md` lists the executed code and its output per interaction
// ("### Environment Interaction N", a ```python block, then a ``` block). AppWorld logs no separate
// thought there, so imported steps carry an empty thought. When `evaluations/<split>.json` exists,
// only tasks it marks successful are kept (as for executed trajectories).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DataFormatError } from "./errors.js";
import { inferIntent, scenarioKeyOf } from "./intent.js";
import type { Trajectory } from "./schema.js";

/** Options of `importAppWorldExperiment`. */
export interface AppWorldImportOptions {
  /** The instruction of a task id (AppWorld's output folder does not hold it). */
  readonly instructionOf: (taskId: string) => string | undefined;
  /** Keep tasks whose evaluation failed or is missing. @default false */
  readonly keepUnsuccessful?: boolean;
}

/** Imported trajectories and the tasks left out with the reason. */
export interface AppWorldImport {
  readonly trajectories: Trajectory[];
  readonly skipped: { readonly taskId: string; readonly reason: string }[];
}

const INTERACTION = /^### Environment Interaction (\d+)\s*$/m;

// Parse one environment_io.md into steps (code and output per interaction, in order).
export function parseEnvironmentIo(text: string, file: string): { action: string; observation: string }[] {
  const parts = text.split(INTERACTION);
  const steps: { action: string; observation: string }[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const body = parts[i + 1] ?? "";
    const match = /```python\n([\s\S]*?)\n```\s*\n```\n([\s\S]*?)\n?```\s*$/.exec(body.trim());
    if (!match) {
      const line = text.slice(0, text.indexOf(`### Environment Interaction ${parts[i]}`)).split("\n").length;
      throw new DataFormatError(
        { file, line, field: `interaction ${parts[i]}` },
        "has no ```python code block followed by an output block",
        "Pass the environment_io.md AppWorld wrote, unedited",
      );
    }
    steps.push({ action: match[1]!, observation: match[2]! });
  }
  return steps;
}

function readSuccess(dir: string): Map<string, boolean> {
  const success = new Map<string, boolean>();
  const evaluations = path.join(dir, "evaluations");
  if (!existsSync(evaluations)) return success;
  for (const name of readdirSync(evaluations).filter((n) => n.endsWith(".json"))) {
    const file = path.join(evaluations, name);
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { individual?: Record<string, { success?: unknown }> };
    for (const [taskId, result] of Object.entries(parsed.individual ?? {}))
      success.set(taskId, result.success === true);
  }
  return success;
}

// Read every task folder of an experiment output folder into trajectories.
export function importAppWorldExperiment(dir: string, options: AppWorldImportOptions): AppWorldImport {
  const tasksDir = path.join(dir, "tasks");
  if (!existsSync(tasksDir)) {
    throw new DataFormatError(
      { file: dir, line: 0 },
      "has no tasks/ folder",
      "Pass an AppWorld experiment output folder such as experiments/outputs/<name>",
    );
  }
  const success = readSuccess(dir);
  const result: AppWorldImport = { trajectories: [], skipped: [] };
  for (const taskId of readdirSync(tasksDir).sort()) {
    const file = path.join(tasksDir, taskId, "logs", "environment_io.md");
    if (!existsSync(file)) {
      result.skipped.push({ taskId, reason: "no logs/environment_io.md" });
      continue;
    }
    const passed = success.get(taskId);
    if (!options.keepUnsuccessful && passed !== true) {
      result.skipped.push({ taskId, reason: passed === false ? "its evaluation failed" : "no evaluation found" });
      continue;
    }
    const instruction = options.instructionOf(taskId);
    if (instruction === undefined) {
      result.skipped.push({ taskId, reason: "instruction unknown" });
      continue;
    }
    const steps = parseEnvironmentIo(readFileSync(file, "utf8"), file).map((s) => ({ thought: "", ...s }));
    if (steps.length === 0) {
      result.skipped.push({ taskId, reason: "no interactions" });
      continue;
    }
    result.trajectories.push({
      task_id: taskId,
      instruction,
      supervisor: null,
      steps,
      source: "appworld-experiment",
      intent: inferIntent(instruction),
      scenario_id: scenarioKeyOf(taskId, instruction),
    });
  }
  return result;
}

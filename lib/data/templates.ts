// The seed's two step-wise prompt templates, character for character, and the completion format.
// v1 is `create_input` from the seed's Starter notebook (reference/seed-notebooks.md); its trailing
// newline is proven by the seed CSV, whose every prompt ends in the space that newline was flattened to.
// v2 is the "updated" template quoted in the seed report (seed/capstone-report.md, Prompt Template),
// a Python format string whose `{{`/`}}` render as `{`/`}`. Lines are listed one by one so the trailing
// spaces and the single-space "blank" lines of the originals stay visible and survive editors.
import { parsePythonLiteral, reprPython, reprPythonString, type PythonValue } from "./python-literal.js";

/** Which seed template a prompt uses. */
export type StepTemplateName = "v1" | "v2";

/** A step already taken: what the model thought, the code it ran and what the environment printed. */
export interface PreviousStep {
  readonly thought: string;
  readonly action: string;
  readonly observation: string;
}

/** The model's answer for one step. */
export interface StepCompletion {
  readonly thought: string;
  readonly action: string;
}

const FENCE = "```";

const V1_LINES = [
  "User Instruction : ",
  `${FENCE}{instruction}${FENCE}`,
  "The following list contains the ordered set of steps already taken, the last element of the list is the current state of the task : ",
  `${FENCE}{thoughts_so_far}${FENCE}`,
  "Current Observation : ",
  `${FENCE}{latest_observation}${FENCE}`,
  "",
  "Based on User instruction, history of steps taken and current observation, decide your next step.",
  "Respond with the action to take and the thought behind it.",
  "",
  "Respond in the following json format:",
  '{"thought" : "...",',
  '"action" : "..."}',
  "",
];

const V2_LINES = [
  "You are an intelligent AI Assistant whose job is to achieve the user's instruction completely autonomously.",
  "To do this, you will need to interact with app/s (e.g. venmo) using their associated APIs on my behalf. For this you will undertake a *multi-step conversation* using a python REPL environment. That is, you will write the python code and the environment will execute it and show you the result, based on which, you will write python code for the next step and so on, until you've achieved the goal. This environment will let you interact with app/s using their associated APIs on my behalf.",
  " ",
  "Here are three key APIs that you need to know to get more information",
  " ",
  "# To get a list of apps that are available to you.",
  "apis.api_docs.show_app_descriptions()",
  " ",
  "# To get the list of apis under any app listed above, e.g. supervisor",
  "apis.api_docs.show_api_descriptions(app_name='supervisor')",
  " ",
  "# To get the specification of a particular api, e.g. supervisor app's show_account_passwords",
  "apis.api_docs.show_api_doc(app_name='supervisor', api_name='show_account_passwords')",
  "User Instruction : ",
  `${FENCE}{instruction}${FENCE}`,
  "The following list contains the ordered history of actions already taken and the corresponding outputs. The last element of the list represents the latest action and its observation: ",
  `${FENCE}{history}${FENCE}`,
  " ",
  "Based on User instruction, history of steps taken and outputs, decide your next step.",
  "Respond with the action to take and the thought behind it.",
  " ",
  "Respond in the following json format:",
  '{"thought" : "...",',
  '"action" : "..."}',
];

/** The raw template texts with named placeholders (`{instruction}`, `{thoughts_so_far}`, ...). */
export const STEP_TEMPLATE_TEXT: Readonly<Record<StepTemplateName, string>> = {
  v1: V1_LINES.join("\n"),
  v2: V2_LINES.join("\n"),
};

/** What the seed's v1 data put in both slots of the first step's prompt (no thoughts, no observation yet). */
export const V1_EMPTY_SLOT = " ";

// Fill `{name}` placeholders; a function replacement so `$` in user text is never a pattern.
function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(
    /\{(instruction|thoughts_so_far|latest_observation|history)\}/g,
    (_match, name: string) => values[name] ?? "",
  );
}

// Render the prompt for the next step of `instruction` after `previousSteps` with a seed template.
// v1: thoughts so far as a Python list repr, the latest observation; both are " " on the first step, as in the seed data.
// v2: the history as a Python list repr of {'action', 'observation'} dicts ("[]" on the first step).
export function renderStepPrompt(
  template: StepTemplateName,
  instruction: string,
  previousSteps: readonly PreviousStep[],
): string {
  if (template === "v1") {
    const last = previousSteps[previousSteps.length - 1];
    return fillTemplate(STEP_TEMPLATE_TEXT.v1, {
      instruction,
      thoughts_so_far: last === undefined ? V1_EMPTY_SLOT : reprPython(previousSteps.map((step) => step.thought)),
      latest_observation: last === undefined ? V1_EMPTY_SLOT : last.observation,
    });
  }
  if (template === "v2") {
    const history: PythonValue[] = previousSteps.map((step) => ({
      action: step.action,
      observation: step.observation,
    }));
    return fillTemplate(STEP_TEMPLATE_TEXT.v2, { instruction, history: reprPython(history) });
  }
  throw new TypeError(`Expected the template to be "v1" or "v2", got \`${String(template)}\` (${typeof template}).`);
}

// The prompts of every step of one trajectory (step k sees steps 0..k-1). Same text as calling
// renderStepPrompt per step, but each step's repr is made once, not once per later step.
export function renderTrajectoryPrompts(
  template: StepTemplateName,
  instruction: string,
  steps: readonly { thought: string; action: string; observation: string | null }[],
): string[] {
  const prompts: string[] = [];
  let history = "";
  for (let k = 0; k < steps.length; k += 1) {
    if (k === 0) {
      prompts.push(renderStepPrompt(template, instruction, []));
    } else {
      const previous = steps[k - 1]!;
      if (previous.observation === null)
        throw new TypeError(
          `Step ${k} of the trajectory has no observation, but step ${k + 1} follows it; only the last step may lack one.`,
        );
      const item =
        template === "v1"
          ? reprPythonString(previous.thought)
          : `{'action': ${reprPythonString(previous.action)}, 'observation': ${reprPythonString(previous.observation)}}`;
      history = history === "" ? item : `${history}, ${item}`;
      prompts.push(
        template === "v1"
          ? fillTemplate(STEP_TEMPLATE_TEXT.v1, {
              instruction,
              thoughts_so_far: `[${history}]`,
              latest_observation: previous.observation,
            })
          : fillTemplate(STEP_TEMPLATE_TEXT.v2, { instruction, history: `[${history}]` }),
      );
    }
  }
  return prompts;
}

// Render the training target for one step as the JSON object the templates ask for.
export function renderStepCompletion(completion: StepCompletion): string {
  return `{"thought": ${JSON.stringify(completion.thought)}, "action": ${JSON.stringify(completion.action)}}`;
}

// The seed's stored form of a prompt: every backtick became ' (so ``` became ''') and every newline a space.
export function flattenLegacyText(text: string): string {
  return text.replaceAll("`", "'").replaceAll("\n", " ");
}

// A v1 prompt exactly as the seed CSV stores it.
export function renderLegacySeedPrompt(instruction: string, previousSteps: readonly PreviousStep[]): string {
  return flattenLegacyText(renderStepPrompt("v1", instruction, previousSteps));
}

// A completion exactly as the seed CSV stores it: the Python repr of {'thought': ..., 'action': ...}.
export function renderLegacySeedCompletion(completion: StepCompletion): string {
  return `{${reprPythonString("thought")}: ${reprPythonString(completion.thought)}, ${reprPythonString("action")}: ${reprPythonString(completion.action)}}`;
}

/** The result of reading a model's completion: the step, or why it could not be read. */
export type ParsedStepCompletion =
  | { readonly ok: true; readonly thought: string; readonly action: string; readonly format: "json" | "python-dict" }
  | { readonly ok: false; readonly error: string };

// Read `{"thought", "action"}` from a completion: JSON (optionally fenced or with text around it) or the
// seed's Python-dict form. Never throws: a model's malformed answer is data, not a bug.
export function parseStepCompletion(text: string): ParsedStepCompletion {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end < start) return { ok: false, error: "the completion has no {...} object" };
  const body = text.slice(start, end + 1);
  let value: unknown;
  let format: "json" | "python-dict" = "json";
  try {
    value = JSON.parse(body);
  } catch (jsonError) {
    try {
      value = parsePythonLiteral(body);
      format = "python-dict";
    } catch {
      return { ok: false, error: `the object is neither JSON nor a Python dict: ${(jsonError as Error).message}` };
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, error: "the completion is not an object" };
  const { thought, action } = value as Record<string, unknown>;
  if (typeof action !== "string") return { ok: false, error: `"action" must be a string, got ${describeType(action)}` };
  if (thought !== undefined && typeof thought !== "string")
    return { ok: false, error: `"thought" must be a string, got ${describeType(thought)}` };
  return { ok: true, thought: thought ?? "", action, format };
}

function describeType(value: unknown): string {
  if (value === undefined) return "nothing";
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}

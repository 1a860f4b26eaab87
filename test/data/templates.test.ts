import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  STEP_TEMPLATE_TEXT,
  parseStepCompletion,
  renderLegacySeedCompletion,
  renderStepCompletion,
  renderStepPrompt,
} from "../../lib/data/templates.js";
import { missing, seedPath } from "../helpers/prerequisites.js";

const noSeed = missing("seed");

// The first fenced block after `marker` in a reference file, without its fences.
function fencedBlockAfter(file: string, marker: string): string {
  const text = readFileSync(seedPath(file), "utf8");
  const start = text.indexOf("```\n", text.indexOf(marker)) + 4;
  const end = text.indexOf("\n```\n", start);
  return text.slice(start, end);
}

describe("step templates", () => {
  it.skipIf(noSeed)("v1 is the seed notebook's create_input text followed by the newline the seed data proves", () => {
    const reference = fencedBlockAfter("reference/seed-notebooks.md", "**v1 (Starter");
    expect(STEP_TEMPLATE_TEXT.v1).toBe(`${reference}\n`);
  });

  it.skipIf(noSeed)("v2 is the report's Prompt Template with Python's {{ }} escapes rendered", () => {
    const reference = fencedBlockAfter("seed/capstone-report.md", "### Prompt Template:");
    const asFormatString = STEP_TEMPLATE_TEXT.v2
      .replaceAll("{", "{{")
      .replaceAll("}", "}}")
      .replace("{{instruction}}", "{}")
      .replace("{{history}}", "{}");
    expect(asFormatString).toBe(reference);
  });

  it("renders the first v1 step with single-space slots and later steps with a Python list of thoughts", () => {
    const first = renderStepPrompt("v1", "Send $5 to Ann.", []);
    expect(first).toContain("```Send $5 to Ann.```");
    expect(first).toContain("task : \n``` ```\nCurrent Observation : \n``` ```\n\nBased");
    const second = renderStepPrompt("v1", "Send $5 to Ann.", [
      { thought: "Let's look at `venmo`.", action: "print(1)", observation: "1" },
      { thought: 'Ann\'s "email"', action: "print(2)", observation: "[{'a': 2}]" },
    ]);
    expect(second).toContain(
      "```[\"Let's look at `venmo`.\", 'Ann\\'s \"email\"']```\nCurrent Observation : \n```[{'a': 2}]```",
    );
  });

  it("renders the v2 history as a list of action/observation dicts", () => {
    const prompt = renderStepPrompt("v2", "Pay Bo $3", [{ thought: "t", action: "x = 1\nprint(x)", observation: "1" }]);
    expect(prompt).toContain("User Instruction : \n```Pay Bo $3```\n");
    expect(prompt).toContain("```[{'action': 'x = 1\\nprint(x)', 'observation': '1'}]```\n \nBased on");
    expect(prompt.endsWith('{"thought" : "...",\n"action" : "..."}')).toBe(true);
    expect(renderStepPrompt("v2", "Pay", [])).toContain("```[]```");
  });

  it("keeps $ patterns in user text literally", () => {
    expect(renderStepPrompt("v1", "Send $& and $1", [])).toContain("```Send $& and $1```");
  });
});

describe("step completions", () => {
  it("renders JSON that parses back to the same step", () => {
    const step = { thought: 'say "hi"\nthen', action: "print('x')" };
    const text = renderStepCompletion(step);
    expect(JSON.parse(text)).toEqual(step);
    expect(parseStepCompletion(text)).toEqual({ ok: true, ...step, format: "json" });
  });

  it("reads the seed's Python-dict completions", () => {
    const text = renderLegacySeedCompletion({ thought: "Let's go", action: "apis.supervisor.complete_task()" });
    expect(text).toBe(`{'thought': "Let's go", 'action': 'apis.supervisor.complete_task()'}`);
    expect(parseStepCompletion(text)).toEqual({
      ok: true,
      thought: "Let's go",
      action: "apis.supervisor.complete_task()",
      format: "python-dict",
    });
  });

  it("reads an object inside a fenced reply", () => {
    const parsed = parseStepCompletion('Sure:\n```json\n{"thought": "a", "action": "b"}\n```');
    expect(parsed).toEqual({ ok: true, thought: "a", action: "b", format: "json" });
  });

  it.each([
    ["no object", "I will send money", "the completion has no {...} object"],
    ["action not a string", '{"thought": "a", "action": 3}', '"action" must be a string, got number'],
    ["missing action", '{"thought": "a"}', '"action" must be a string, got nothing'],
  ])("reports %s", (_name, text, error) => {
    expect(parseStepCompletion(text)).toEqual({ ok: false, error });
  });
});

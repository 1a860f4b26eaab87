import { describe, expect, it } from "vitest";
import { renderStepPrompt } from "../../lib/data/index.js";
import {
  buildCodeReactMessages,
  buildJsonReactMessages,
  extractCode,
  splitPromptMessages,
} from "../../lib/agent/prompt.js";

const supervisor = { firstName: "Ana", lastName: "Reyes", email: "ana@example.com", phoneNumber: "5551234567" };

describe("prompts", () => {
  it("splits a USER/ASSISTANT/SYSTEM text into chat messages", () => {
    expect(splitPromptMessages("SYSTEM:\nbe brief\nUSER:\nhi\n\nASSISTANT:\nhello\nUSER:\nbye\n")).toEqual([
      { role: "system", content: "be brief" },
      { role: "user", content: "hi" },
      { role: "assistant", content: "hello" },
      { role: "user", content: "bye" },
    ]);
  });

  it("fills the code-react few-shot with the supervisor and the task, ending on the task", () => {
    const messages = buildCodeReactMessages("Pay Bo $5.", supervisor);
    expect(messages[0]?.role).toBe("user");
    expect(messages.some((m) => m.role === "assistant" && m.content.includes("```python"))).toBe(true);
    expect(messages.at(-1)).toEqual({
      role: "user",
      content:
        "Now the real task.\n\nMy name is: Ana Reyes. My personal email is ana@example.com and phone number is 5551234567.\nTask: Pay Bo $5.",
    });
    expect(messages.map((m) => m.content).join("\n")).not.toMatch(
      /\{(first_name|last_name|email|phone_number|instruction)\}/,
    );
  });

  it.each([
    ["the first python block", "I will look.\n```python\nprint(1)\n```\nthen\n```python\nprint(2)\n```", "print(1)"],
    ["a py block", "```py\nx = 1\n```", "x = 1"],
    ["an unlabelled block", "```\nx = 2\n```", "x = 2"],
    ["a reply without a block", "  print(3)\n", "print(3)"],
  ])("extracts the code of %s", (_name, reply, code) => {
    expect(extractCode(reply)).toBe(code);
  });

  it("builds json-react prompts with the data area's seed templates", () => {
    const steps = [{ thought: "t", action: "a", observation: "o" }];
    expect(buildJsonReactMessages("v2", "Pay Bo.", steps)).toEqual([
      { role: "user", content: renderStepPrompt("v2", "Pay Bo.", steps) },
    ]);
  });
});

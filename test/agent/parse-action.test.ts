import { describe, expect, it } from "vitest";
import { parseAction } from "../../lib/agent/parse-action.js";

describe("parseAction", () => {
  it("reads strict JSON", () => {
    expect(
      parseAction('{"thought": "look up docs", "action": "print(apis.api_docs.show_app_descriptions())"}'),
    ).toEqual({
      ok: true,
      thought: "look up docs",
      action: "print(apis.api_docs.show_app_descriptions())",
      strict: true,
    });
  });

  it.each([
    [
      "Python-dict quotes",
      "{'thought': 'pay', 'action': \"apis.venmo.create_transaction(amount=91, private=True)\"}",
      "apis.venmo.create_transaction(amount=91, private=True)",
    ],
    ["a code fence around the object", '```json\n{"thought": "pay", "action": "x = 1"}\n```', "x = 1"],
    ["text before and after", 'Sure! Here is my step:\n{"thought": "pay", "action": "x = 1"}\nLet me know.', "x = 1"],
    ["a raw newline inside the action", '{"thought": "pay", "action": "x = 1\ny = 2"}', "x = 1\ny = 2"],
    ["a trailing comma and True/None", "{'thought': 'pay', 'action': 'x = 1', 'done': True, 'extra': None,}", "x = 1"],
    ["braces and quotes inside the code", `{"thought": "d", "action": "print({'a': \\"}\\"})"}`, `print({'a': "}"})`],
    ["a fenced action", '{"thought": "d", "action": "```python\\nprint(1)\\n```"}', "print(1)"],
    ["triple-quoted Python strings", "{'thought': 'd', 'action': '''print('hi')\nx = 2'''}", "print('hi')\nx = 2"],
  ])("reads %s", (_name, reply, action) => {
    const result = parseAction(reply);
    expect(result).toMatchObject({ ok: true, action, thought: expect.any(String) });
  });

  it("marks lenient reads as not strict", () => {
    expect(parseAction("{'thought': 't', 'action': 'a'}")).toMatchObject({ ok: true, strict: false });
  });

  it("skips an earlier object without an action and takes the next one", () => {
    expect(parseAction('{"note": 1} then {"thought": "t", "action": "a"}')).toMatchObject({ ok: true, action: "a" });
  });

  it.each([
    ["no object at all", "I will now pay Robert.", "no `{...}` object in the reply"],
    ["an object without an action", '{"thought": "hmm"}', 'the object has no string "action"'],
    ["a cut-off reply", '{"thought": "pay", "action": "apis.venmo.create', "no `{...}` object in the reply"],
    ["garbage inside braces", "{thought: pay; action: run}", "unknown word `thought` at offset 1"],
  ])("reports a format error for %s", (_name, reply, error) => {
    expect(parseAction(reply)).toEqual({ ok: false, error });
  });
});

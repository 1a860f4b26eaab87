import { describe, expect, it } from "vitest";
import { parsePythonLiteral, reprPython, reprPythonString } from "../../lib/data/python-literal.js";
import { formatPrintedJson } from "../../lib/data/python-print.js";

describe("Python repr and literals", () => {
  it.each([
    ["plain", "'plain'"],
    ["it's", `"it's"`],
    [`both ' and "`, `'both \\' and "'`],
    ["tab\tnew\nline\\", "'tab\\tnew\\nline\\\\'"],
    ["café €", "'café €'"],
    ["\u0001\u007f", "'\\x01\\x7f'"],
  ])("repr(%j) is %s", (text, repr) => {
    expect(reprPythonString(text)).toBe(repr);
    expect(parsePythonLiteral(repr)).toBe(text);
  });

  it("renders lists and dicts like Python and parses them back", () => {
    const value = { thought: "a", action: ["b", 1, true, null] };
    expect(reprPython(value)).toBe("{'thought': 'a', 'action': ['b', 1, True, None]}");
    expect(parsePythonLiteral("{'thought': 'a', 'action': ['b', 1, True, None]}")).toEqual(value);
  });

  it("points at the offset of a syntax error", () => {
    expect(() => parsePythonLiteral("{'a': }")).toThrow('unexpected "}" at offset 6');
  });
});

describe("REPL print of API responses", () => {
  it("prints short values on one line with Python's separators", () => {
    expect(formatPrintedJson('{"message":"Sent money.","transaction_id":8216}')).toBe(
      '{"message": "Sent money.", "transaction_id": 8216}\n',
    );
  });

  it("indents by one space from 100 characters on, keeping float literals and escaping non-ASCII", () => {
    const json =
      '[{"name":"Zoë","balance":47.0,"tags":[],"info":{}},{"name":"Bo","balance":1.5,"tags":["a"],"info":{"k":null}}]';
    expect(formatPrintedJson(json)).toBe(
      `${[
        "[",
        " {",
        '  "name": "Zo\\u00eb",',
        '  "balance": 47.0,',
        '  "tags": [],',
        '  "info": {}',
        " },",
        " {",
        '  "name": "Bo",',
        '  "balance": 1.5,',
        '  "tags": [',
        '   "a"',
        "  ],",
        '  "info": {',
        '   "k": null',
        "  }",
        " }",
        "]",
      ].join("\n")}\n`,
    );
  });
});

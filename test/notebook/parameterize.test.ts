import { describe, expect, it } from "vitest";
import { ConfigError } from "../../lib/errors.js";
import { parseNotebook, sourceText, type Notebook } from "../../lib/notebook/nbformat.js";
import { readParameterDefaults } from "../../lib/notebook/parameter-defaults.js";
import { parameterizeNotebook, translateValue, typeOfDefault } from "../../lib/notebook/parameterize.js";

const defaultsSource = [
  "// Model and training",
  'const model: "small" | "large" = "small";',
  "const epochs = 3;",
  "let learningRate = 1e-3; // per step",
  "const tags = ['baseline', \"v1\"];",
  "const limits = {",
  "  maxSteps: 10,",
  '  "strict mode": true,',
  "};",
  'const backend = process.env.BACKEND ?? "local";',
  "const note = `plain template`;",
].join("\n");

function notebookWith(cells: Array<{ source: string; tags?: string[] }>): Notebook {
  return parseNotebook(
    JSON.stringify({
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: cells.map((cell, index) => ({
        id: `c${index}`,
        cell_type: "code",
        metadata: cell.tags ? { tags: cell.tags } : {},
        source: cell.source,
        outputs: [],
        execution_count: null,
      })),
    }),
    "test.ipynb",
  );
}

describe("readParameterDefaults", () => {
  it("reads literal declarations with their annotations and lines", () => {
    const found = readParameterDefaults(defaultsSource);
    expect(found).toEqual([
      { name: "model", annotation: '"small" | "large"', value: "small", isLiteral: true, line: 2 },
      { name: "epochs", annotation: undefined, value: 3, isLiteral: true, line: 3 },
      { name: "learningRate", annotation: undefined, value: 0.001, isLiteral: true, line: 4 },
      { name: "tags", annotation: undefined, value: ["baseline", "v1"], isLiteral: true, line: 5 },
      { name: "limits", annotation: undefined, value: { maxSteps: 10, "strict mode": true }, isLiteral: true, line: 6 },
      { name: "backend", annotation: undefined, value: undefined, isLiteral: false, line: 10 },
      { name: "note", annotation: undefined, value: "plain template", isLiteral: true, line: 11 },
    ]);
  });

  it.each([
    ["const a = -2.5e3;", -2500],
    ["const a = 0x1F;", 31],
    ["const a = 1_000;", 1000],
    ["const a = null;", null],
    ["const a = 'it\\'s';", "it's"],
    ['const a = "tab\\there";', "tab\there"],
    ["const a = [1, [2, 3],];", [1, [2, 3]]],
    ['const a = "x" as const;', "x"],
  ])("reads %s", (source, value) => {
    expect(readParameterDefaults(source)[0]?.value).toEqual(value);
  });

  it("treats an initializer that continues past the literal as not a literal", () => {
    expect(readParameterDefaults("const a = 1 + 2;")[0]).toMatchObject({ name: "a", isLiteral: false });
  });
});

describe("parameterizeNotebook", () => {
  const notebook = notebookWith([
    { source: "console.log(1);" },
    { source: defaultsSource, tags: ["parameters"] },
    { source: "epochs" },
  ]);

  it("inserts an injected-parameters cell after the parameters cell, typed like the defaults", () => {
    const result = parameterizeNotebook(notebook, {
      parameterStrings: { epochs: "5", model: "large" },
      parameters: { tags: ["a", "b"], limits: { maxSteps: 2, "strict mode": false } },
    });
    expect(result.injectedCellIndex).toBe(2);
    const cell = result.notebook.cells[2];
    expect(cell?.metadata.tags).toEqual(["injected-parameters"]);
    expect(sourceText(cell?.source ?? "")).toBe(
      [
        "// Parameters injected by `agentft notebook run`; the defaults are in the cell above.",
        "const epochs: number = 5;",
        'const model: "small" | "large" = "large";',
        'const tags: string[] = ["a","b"];',
        'const limits: { maxSteps: number; "strict mode": boolean } = {"maxSteps":2,"strict mode":false};',
      ].join("\n"),
    );
    expect(result.notebook.metadata.papermill?.["parameters"]).toEqual({
      epochs: 5,
      model: "large",
      tags: ["a", "b"],
      limits: { maxSteps: 2, "strict mode": false },
    });
    expect(notebook.cells).toHaveLength(3);
  });

  it("replaces an injected-parameters cell left by an earlier run", () => {
    const once = parameterizeNotebook(notebook, { parameters: { epochs: 1 } }).notebook;
    const twice = parameterizeNotebook(once, { parameters: { epochs: 2 } }).notebook;
    expect(twice.cells).toHaveLength(4);
    expect(sourceText(twice.cells[2]?.source ?? "")).toContain("const epochs: number = 2;");
  });

  it("refuses wrong-typed values, naming each parameter, its default's line and what was received", () => {
    const attempt = (): unknown =>
      parameterizeNotebook(notebook, {
        file: "train.ipynb",
        parameterStrings: { epochs: "three", model: "medium" },
        parameters: { tags: [1], limits: { maxSteps: 2 }, typo: 1, backend: "gpu" },
      });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      [
        "Invalid parameters for train.ipynb; pass values of the declared types:",
        "  - `epochs`: expected number, got `three` (string); the default is declared on line 3 of the parameters cell (cell 1).",
        '  - `model`: expected "small" | "large", got `medium` (string); the default is declared on line 2 of the parameters cell (cell 1).',
        "  - `tags[0]`: expected string, got `1` (number); the default is declared on line 5 of the parameters cell (cell 1).",
        "  - `limits.strict mode` is missing; the default is declared on line 6 of the parameters cell (cell 1).",
        "  - `typo` is not declared in the parameters cell of train.ipynb (declared: model, epochs, learningRate, tags, limits, backend, note); check the spelling.",
        "  - `backend`'s default on line 10 of the parameters cell (cell 1) is not a literal, so its type is unknown; give it a type annotation or a literal default.",
      ].join("\n"),
    );
  });

  it("lists every issue with its path", () => {
    try {
      parameterizeNotebook(notebook, { parameters: { epochs: "3" } });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(["parameters.epochs"]);
    }
  });

  it("injects at the top with a warning when no cell is tagged parameters", () => {
    const plain = notebookWith([{ source: "console.log(1);" }]);
    const result = parameterizeNotebook(plain, { file: "plain.ipynb", parameters: { limit: 2 } });
    expect(result.injectedCellIndex).toBe(0);
    expect(sourceText(result.notebook.cells[0]?.source ?? "")).toContain("const limit = 2;");
    expect(result.warnings).toEqual([
      "plain.ipynb has no cell tagged `parameters`; the parameters were injected at the top without type checks.",
    ]);
  });

  it("leaves the notebook as it is when no parameters are given", () => {
    const result = parameterizeNotebook(notebook);
    expect(result.notebook.cells).toHaveLength(3);
    expect(result.injectedCellIndex).toBeUndefined();
  });
});

describe("translateValue and typeOfDefault", () => {
  it.each([
    ['a "quoted"\nline', '"a \\"quoted\\"\\nline"'],
    [3.5, "3.5"],
    [true, "true"],
    [null, "null"],
    [{ a: [1, "x"] }, '{"a":[1,"x"]}'],
  ])("writes %j as TypeScript", (value, code) => {
    expect(translateValue(value)).toBe(code);
  });

  it.each([
    [[], "any[]"],
    [[1, "a"], "(number | string)[]"],
    [{}, "Record<string, unknown>"],
    [{ "a-b": 1 }, '{ "a-b": number }'],
  ])("types the default %j as %s", (value, type) => {
    expect(typeOfDefault(value)).toBe(type);
  });
});

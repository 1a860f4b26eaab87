import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  ConfigError,
  configErrorFromIssues,
  configErrorFromZod,
  configIssuesFromZod,
  renderFieldPath,
} from "../lib/errors.js";

const schema = z.object({
  azure: z.object({ endpoint: z.url() }).optional(),
  steps: z.array(z.object({ action: z.string() })),
  temperature: z.number().max(2),
});

function zodErrorOf(input: unknown): z.ZodError {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected the schema to refuse the input");
  return parsed.error;
}

describe("config errors", () => {
  const input = { azure: { endpoint: "not a url" }, steps: [{ action: "a" }, {}], temperature: 3 };

  it("name every field by its full path, the value received and a fix, keeping the zod error as cause", () => {
    const error = configErrorFromZod(zodErrorOf(input), { subject: "model options", input, pathPrefix: "model" });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.cause).toBeInstanceOf(z.ZodError);
    expect(error.message.split("\n")).toEqual([
      "Invalid model options:",
      "✖ `model.azure.endpoint`: Invalid URL; got `not a url` (string). Fix: give `model.azure.endpoint` as a valid url.",
      "✖ `model.steps[1].action`: Invalid input: expected string, received undefined; it is missing. Fix: give `model.steps[1].action` a string.",
      "✖ `model.temperature`: Too big: expected number to be <=2; got `3` (number). Fix: use at most 2 for `model.temperature`.",
    ]);
    expect(error.issues.map((issue) => issue.path)).toEqual([
      "model.azure.endpoint",
      "model.steps[1].action",
      "model.temperature",
    ]);
  });

  it("render issues made by hand (cross-field rules) in the same layout", () => {
    const issues = configIssuesFromZod(zodErrorOf(input), { input });
    const fromIssues = configErrorFromIssues("model options", issues);
    expect(fromIssues.message).toBe(configErrorFromZod(zodErrorOf(input), { subject: "model options", input }).message);
    expect(fromIssues.cause).toBeUndefined();
    const rule = configErrorFromIssues("training config", [
      { path: "trl.bf16", message: "`trl.fp16` and `trl.bf16` are both true; set one of them to false" },
    ]);
    expect(rule.message).toBe(
      "Invalid training config:\n✖ `trl.bf16`: `trl.fp16` and `trl.bf16` are both true; set one of them to false",
    );
    expect(rule.issues).toHaveLength(1);
  });

  it("render a field path with indexes in brackets, and the root as (root)", () => {
    expect(renderFieldPath(["steps", 2, "action"])).toBe("steps[2].action");
    expect(renderFieldPath([])).toBe("(root)");
  });
});

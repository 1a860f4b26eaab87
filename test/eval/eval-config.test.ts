import { describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../lib/model/config.js";
import { evalConfigSchema } from "../../lib/eval/eval-config.js";

describe("eval and model config schemas", () => {
  it.each([
    ["evalConfigSchema", evalConfigSchema.shape],
    ["modelConfigSchema", modelConfigSchema.shape],
  ])("%s gives every field a one-line --help description", (_name, shape) => {
    const missing = Object.entries(shape).filter(([, field]) => !(field as { description?: string }).description);
    expect(missing.map(([key]) => key)).toEqual([]);
  });

  it("applies the documented defaults", () => {
    expect(evalConfigSchema.parse({ policy: "noop", split: "dev" })).toMatchObject({
      agent: "json-react",
      template: "v1",
      env: "embedded",
      workers: 4,
      trials: 1,
      maxInteractions: 50,
      resultsDir: "results/evals",
    });
    expect(modelConfigSchema.parse({ model: "m" })).toMatchObject({
      provider: "openai",
      temperature: 0,
      maxTokens: 400,
      seed: 123,
      maxRetries: 4,
    });
  });

  it.each([
    [{ split: "dev" }, "give exactly one of `model` and `policy` (gold or noop)"],
    [{ policy: "gold" }, "give `split` or `taskIds`"],
    [{ policy: "noop", taskIds: ["bad id"] }, "expected a task id like 325d6ec_2"],
    [{ policy: "noop", split: "dev", budget: { maxCostUsd: 1 } }, "`budget.maxCostUsd` needs `budget.pricing`"],
    [{ policy: "noop", split: "dev", env: "nowhere" }, "Invalid"],
  ])("rejects %j", (input, message) => {
    const result = evalConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join("\n")).toContain(message);
  });
});

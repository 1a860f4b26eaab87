// The configs may only send fields the pinned TRL / transformers / PEFT classes have: compare the shipped
// field lists with the classes installed in the tests' venv, and every documented field with them.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  BnbSchema,
  GrpoTrlSchema,
  LoraSchema,
  parseTrainingConfig,
  SftTrlSchema,
  TRAINING_PRESETS,
  trainingPreset,
  UPSTREAM_FIELDS,
  UPSTREAM_VERSIONS,
} from "../../lib/train/index.js";
import { missing, repoRoot, testVenvPython } from "../helpers/prerequisites.js";

describe.skipIf(missing("python-train"))("upstream fields", () => {
  const result = spawnSync(testVenvPython, [path.join(repoRoot, "python", "upstream_fields.py")], {
    encoding: "utf8",
    timeout: 300_000,
  });
  const installed = JSON.parse(result.stdout || "{}") as Record<string, unknown>;

  it("the shipped lists are the installed classes' fields, at the pinned versions", () => {
    expect(result.status, result.stderr).toBe(0);
    expect(installed["versions"]).toEqual(UPSTREAM_VERSIONS);
    for (const cls of Object.keys(UPSTREAM_FIELDS) as (keyof typeof UPSTREAM_FIELDS)[]) {
      expect(installed[cls], cls).toEqual(UPSTREAM_FIELDS[cls]);
    }
  });

  it.each([
    ["SFTConfig", SftTrlSchema],
    ["GRPOConfig", GrpoTrlSchema],
    ["LoraConfig", LoraSchema],
    ["BitsAndBytesConfig", BnbSchema],
  ] as const)("every documented field of %s exists in the installed class", (cls, schema) => {
    const fields = new Set(installed[cls] as string[]);
    expect(Object.keys(schema.shape).filter((f) => !fields.has(f))).toEqual([]);
  });

  it("every preset's resolved sections use installed fields only", () => {
    for (const name of Object.keys(TRAINING_PRESETS)) {
      const c = parseTrainingConfig(trainingPreset(name));
      const trlClass = c.method === "grpo" ? "GRPOConfig" : "SFTConfig";
      const check = (values: object | null, cls: string) =>
        Object.keys(values ?? {}).filter((f) => !(installed[cls] as string[]).includes(f));
      expect(check(c.trl, trlClass), name).toEqual([]);
      expect(check(c.lora, "LoraConfig"), name).toEqual([]);
      expect(check(c.bnb, "BitsAndBytesConfig"), name).toEqual([]);
    }
  });
});

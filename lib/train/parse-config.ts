// The boundary of a training config: zod parse, then the cross-field rules; one ConfigError lists every problem.
import type { z } from "zod";
import { ConfigError, describeValue, type ConfigIssue } from "../errors.js";
import { checkTrainingConfig } from "./rules.js";
import { TrainingConfigSchema, type TrainingConfig } from "./training-config.js";

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function zodIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  return error.issues.map((i) => {
    const value = valueAt(input, i.path);
    const got = value === undefined ? "nothing" : describeValue(value);
    return { path: i.path.join(".") || "(config)", message: `${i.message}, got ${got}` };
  });
}

// Render issues as the one message the CLI prints: a line per field, path first.
export function formatConfigIssues(what: string, issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? "problem" : "problems";
  return `Invalid ${what} (${issues.length} ${noun}):\n${issues.map((i) => `  - \`${i.path}\` ${i.message}`).join("\n")}`;
}

// Parse and check a training config from any source (preset + overrides, a notebook cell, a JSON file).
export function parseTrainingConfig(input: unknown, options: { readonly source?: string } = {}): TrainingConfig {
  const what = `training config${options.source ? ` (${options.source})` : ""}`;
  const parsed = TrainingConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error, input);
    throw new ConfigError(formatConfigIssues(what, issues), issues, { cause: parsed.error });
  }
  const issues = checkTrainingConfig(parsed.data);
  if (issues.length > 0) throw new ConfigError(formatConfigIssues(what, issues), issues);
  return parsed.data;
}

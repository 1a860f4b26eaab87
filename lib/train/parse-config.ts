// The boundary of a training config: zod parse, then the cross-field rules; one ConfigError lists every problem.
import { configErrorFromIssues, configErrorFromZod } from "../errors.js";
import { checkTrainingConfig } from "./rules.js";
import { TrainingConfigSchema, type TrainingConfig } from "./training-config.js";

// Parse and check a training config from any source (preset + overrides, a notebook cell, a JSON file).
export function parseTrainingConfig(input: unknown, options: { readonly source?: string } = {}): TrainingConfig {
  const subject = `training config${options.source ? ` (${options.source})` : ""}`;
  const parsed = TrainingConfigSchema.safeParse(input);
  if (!parsed.success) throw configErrorFromZod(parsed.error, { subject, input });
  const issues = checkTrainingConfig(parsed.data);
  if (issues.length > 0) throw configErrorFromIssues(subject, issues);
  return parsed.data;
}

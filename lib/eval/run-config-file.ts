// A run folder's config.json: the resolved options (never an API key), checked on resume.
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ModelInfo } from "../model/index.js";
import { ConfigError } from "../errors.js";
import type { EvalConfig } from "./eval-config.js";
import { writeFileAtomic } from "../atomic-write.js";

/** The identity of a run: a folder resumed with different values would mix two experiments. */
const IDENTITY_KEYS = ["label", "agent", "template", "split", "taskIds", "trials", "maxInteractions"] as const;

// Write config.json, refusing to resume a folder started with other identity values.
export async function writeRunConfig(
  runDir: string,
  context: { run: string; label: string; config: EvalConfig; model: ModelInfo | undefined; taskIds: readonly string[] },
): Promise<void> {
  const { config } = context;
  const identity = {
    label: context.label,
    agent: config.agent,
    template: config.template,
    split: config.split ?? null,
    taskIds: context.taskIds,
    trials: config.trials,
    maxInteractions: config.maxInteractions,
  };
  const file = path.join(runDir, "config.json");
  const previous = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as Record<string, unknown>,
    () => undefined,
  );
  if (previous) {
    for (const key of IDENTITY_KEYS) {
      if (JSON.stringify(previous[key]) !== JSON.stringify(identity[key])) {
        throw new ConfigError(
          `The run folder ${runDir} was started with ${key} \`${short(previous[key])}\`, not \`${short(identity[key])}\`; ` +
            "rerun with the same options to resume it, or pick another run name (--run).",
          [{ path: key, message: "differs from the run being resumed" }],
        );
      }
    }
  }
  // The model block is ModelInfo: endpoint and sampling, never the API key.
  const body = {
    run: context.run,
    ...identity,
    policy: config.policy ?? null,
    model: context.model ?? null,
    env: config.env,
    workers: config.workers,
    budget: config.budget ?? null,
    createdAt: (previous?.["createdAt"] as string | undefined) ?? new Date().toISOString(),
  };
  await writeFileAtomic(file, `${JSON.stringify(body, null, 2)}\n`);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

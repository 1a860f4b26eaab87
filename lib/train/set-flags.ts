// `--set field=value` overrides: a dotted path (`trl.learning_rate`, `lora.r`) or a bare field name that one
// section has (`learning_rate` → `trl.learning_rate`); the value is JSON when it parses as JSON, else a string.
import { ConfigError } from "../errors.js";
import type { TrainingOverrides } from "./presets.js";
import { UPSTREAM_FIELDS } from "./upstream-fields.js";

const TOP_LEVEL = new Set([
  "method",
  "model",
  "modelDtype",
  "tinyModel",
  "lora",
  "bnb",
  "mergeAdapter",
  "overLength",
  "numProcesses",
  "trl",
]);

const SECTIONS: readonly (readonly [string, readonly string[]])[] = [
  ["trl", [...new Set([...UPSTREAM_FIELDS.SFTConfig, ...UPSTREAM_FIELDS.GRPOConfig])]],
  ["lora", UPSTREAM_FIELDS.LoraConfig],
  ["bnb", UPSTREAM_FIELDS.BitsAndBytesConfig],
];

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function resolvePath(name: string, flag: string): string[] {
  if (name.includes(".")) return name.split(".");
  if (TOP_LEVEL.has(name)) return [name];
  const owners = SECTIONS.filter(([, fields]) => fields.includes(name)).map(([section]) => section);
  if (owners.length === 1) return [owners[0] as string, name];
  const why = owners.length === 0 ? "no config section has it" : `it is in ${owners.join(" and ")}`;
  throw new ConfigError(
    `Cannot place \`--set ${flag}\`: ${why}; write the full path, e.g. \`--set trl.${name}=...\` or \`--set lora.${name}=...\`.`,
    [{ path: name, message: why }],
  );
}

// Turn `--set` flags into nested overrides for trainingPreset / mergeConfig.
export function parseSetFlags(flags: readonly string[]): TrainingOverrides {
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0) {
      throw new ConfigError(`Expected \`--set field=value\`, got \`${flag}\`; e.g. \`--set trl.learning_rate=1e-4\`.`, [
        { path: "--set", message: `not field=value: ${flag}` },
      ]);
    }
    const path = resolvePath(flag.slice(0, eq).trim(), flag);
    let node = out;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node[key] = next !== null && typeof next === "object" ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1) as string] = parseValue(flag.slice(eq + 1));
  }
  return out;
}

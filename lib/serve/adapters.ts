// LoRA adapters to serve: each one's rank, read from its adapter_config.json (PEFT writes `r` there).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError } from "../errors.js";

/** An adapter as vLLM serves it: `--lora-modules name=path`, with its rank. */
export interface AdapterInfo {
  readonly name: string;
  readonly path: string;
  readonly rank: number;
}

// Read every adapter's rank; a missing or malformed config names the adapter and the file.
export async function readAdapters(adapters: Readonly<Record<string, string>>): Promise<readonly AdapterInfo[]> {
  const out: AdapterInfo[] = [];
  for (const [name, dir] of Object.entries(adapters)) {
    const file = path.join(dir, "adapter_config.json");
    let rank: unknown;
    try {
      rank = (JSON.parse(await readFile(file, "utf8")) as { r?: unknown }).r;
    } catch (error) {
      throw new ConfigError(
        `Adapter \`${name}\` has no readable ${file}; point \`adapters.${name}\` at a PEFT adapter folder (it holds adapter_config.json).`,
        [{ path: `adapters.${name}`, message: `cannot read ${file}` }],
        { cause: error },
      );
    }
    if (typeof rank !== "number" || !Number.isInteger(rank) || rank < 1) {
      throw new ConfigError(
        `Adapter \`${name}\`: \`r\` in ${file} is not a positive integer (got \`${String(rank)}\`).`,
        [{ path: `${file}:r`, message: "not a positive integer" }],
      );
    }
    out.push({ name, path: path.resolve(dir), rank });
  }
  return out;
}

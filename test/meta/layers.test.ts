import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { libRoot, listSources } from "./lib-sources.js";

// The layer rule of DESIGN.md / STYLE.md (and README's "Architecture"): X may import Y only when Y is listed for X.
const ALLOWED: Record<string, readonly string[]> = {
  world: [],
  model: [],
  jobs: [],
  notebook: ["html"],
  html: [],
  env: ["world"],
  data: ["env", "model"],
  agent: ["env", "data", "model"],
  eval: ["agent", "env", "data", "model"],
  grpo: ["agent", "env", "data", "train", "model"],
  report: ["eval", "data", "html"],
  train: ["jobs", "data"],
  serve: ["jobs", "data"],
  cli: ["*"],
};

// Files above env that import world directly, each with its reason; any other such import is a violation.
const WORLD_IMPORTS: Record<string, string> = {
  "data/conversational.ts":
    "the conversational generator draws from the world's seeded random source, so data and worlds share seeds",
  "data/utterances.ts": "utterances are drawn with the world's seeded random type",
  "data/amounts.ts": "amounts are drawn with the world's seeded random type",
  "data/phrasings.ts": "phrasings are drawn with the world's seeded random type",
  "report/bootstrap.ts": "the bootstrap resamples with the world's seeded random source, one generator for every seed",
  "data/conversation-world.ts":
    "70,000 conversations call the world's API implementation directly for speed, not over the protocol",
  "data/verify-conversations.ts":
    "verification replays conversations in the world's own REPL and state, the source of truth",
  "data/trajectories.ts":
    "gold runs list the embedded catalog's tasks and gold steps, which AppWorld's protocol does not serve",
  "eval/task-source.ts":
    "the embedded catalog's splits and the gold policy's steps, which AppWorld's protocol does not serve",
};

function areaOf(file: string): string {
  const rel = path.relative(libRoot, file).split(path.sep);
  return rel.length > 1 ? (rel[0] as string) : "";
}

describe("layers", () => {
  it("imports in lib/ point down the layers only", () => {
    const violations: string[] = [];
    for (const file of listSources(libRoot)) {
      const from = areaOf(file);
      if (!from) continue;
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(
        /(?:import|export)[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
      )) {
        const spec = match[1] ?? match[2] ?? "";
        if (!spec.startsWith(".")) continue;
        const target = areaOf(path.resolve(path.dirname(file), spec));
        if (!target || target === from) continue;
        const allowed = ALLOWED[from] ?? [];
        const rel = path.relative(libRoot, file).split(path.sep).join("/");
        if (target === "world" && WORLD_IMPORTS[rel] !== undefined) continue;
        if (!allowed.includes("*") && !allowed.includes(target)) {
          violations.push(`${path.relative(libRoot, file)} imports ${spec} (${from} → ${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("every listed world import still exists (a removed one leaves the list)", () => {
    const stale = Object.keys(WORLD_IMPORTS).filter(
      (rel) => !/from\s+["']\.\.\/world\//.test(readFileSync(path.join(libRoot, rel), "utf8")),
    );
    expect(stale).toEqual([]);
  });

  it("the shared files beside the areas (errors, concurrency) import no area", () => {
    const shared = readdirSync(libRoot).filter((name) => name.endsWith(".ts") && name !== "index.ts");
    expect(shared).toEqual(expect.arrayContaining(["atomic-write.ts", "concurrency.ts", "errors.ts"]));
    const offenders = shared.filter((name) =>
      /from\s+["']\.\/[a-z-]+\//.test(readFileSync(path.join(libRoot, name), "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("nothing imports the cli", () => {
    const offenders = listSources(libRoot).filter(
      (file) => areaOf(file) !== "cli" && /from\s+["'][^"']*\/cli\//.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The layer rule of DESIGN.md / STYLE.md: X may import Y only when Y is listed for X.
const ALLOWED: Record<string, readonly string[]> = {
  world: [],
  jobs: [],
  notebook: ["html"],
  html: [],
  env: ["world"],
  data: ["env", "world"],
  agent: ["env", "data", "world"],
  eval: ["agent", "env", "data", "world"],
  grpo: ["agent", "env", "data", "train", "world", "jobs"],
  report: ["eval", "data", "agent", "env", "world", "html"],
  train: ["jobs", "data", "world"],
  serve: ["jobs"],
  cli: ["*"],
};

const libRoot = path.resolve(import.meta.dirname, "../../lib");

function listSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "dist" || name === "node_modules") return [];
    if (statSync(full).isDirectory()) return listSources(full);
    return name.endsWith(".ts") ? [full] : [];
  });
}

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
        if (!allowed.includes("*") && !allowed.includes(target)) {
          violations.push(`${path.relative(libRoot, file)} imports ${spec} (${from} → ${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("nothing imports the cli", () => {
    const offenders = listSources(libRoot).filter(
      (file) => areaOf(file) !== "cli" && /from\s+["'][^"']*\/cli\//.test(readFileSync(file, "utf8")),
    );
    expect(offenders).toEqual([]);
  });
});

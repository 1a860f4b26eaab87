// Vitest global setup: collects the prerequisites test files skipped, and prints one summary at the end
// naming each missing part, the files it skipped and the command that enables it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

interface SkipLine {
  readonly name: string;
  readonly file: string;
  readonly why: string;
  readonly enable: string;
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "agentft-skips-"));
  const log = path.join(dir, "skips.jsonl");
  writeFileSync(log, "");
  project.provide("agentftSkipLog" as never, log as never);
  return () => {
    const lines = readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SkipLine);
    rmSync(dir, { recursive: true, force: true });
    if (lines.length === 0) return;
    const byName = new Map<string, { why: string; enable: string; files: Set<string> }>();
    for (const line of lines) {
      const entry = byName.get(line.name) ?? { why: line.why, enable: line.enable, files: new Set<string>() };
      entry.files.add(line.file);
      byName.set(line.name, entry);
    }
    const files = new Set(lines.map((line) => line.file));
    const out = [`\nSkipped for missing prerequisites: ${byName.size} part(s), ${files.size} test file(s).`];
    for (const [name, entry] of byName) {
      out.push(`  ${name}: ${entry.why} — ${[...entry.files].sort().join(", ")}`);
      out.push(`    enable with: ${entry.enable}`);
    }
    process.stdout.write(`${out.join("\n")}\n`);
  };
}

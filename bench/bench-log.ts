// The printed record of a bench run: a header naming the machine and its load (figures depend on both), each
// line printed as it is measured, and the whole record saved under results/bench/ for the README's table.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BenchLog {
  /** Print a line and keep it for the saved record. */
  readonly report: (line: string) => void;
  /** Write the record to `results/bench/<name>.txt`; returns its path. */
  readonly save: () => string;
}

export function createBenchLog(name: string): BenchLog {
  const lines: string[] = [];
  const report = (line: string): void => {
    lines.push(line);
    console.log(line);
  };
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  report(
    `agentft ${name} bench — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} cores, load ${load}`,
  );
  const save = (): string => {
    const file = path.resolve(import.meta.dirname, "..", "results", "bench", `${name}.txt`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };
  return { report, save };
}

// Seconds since a performance.now() reading.
export const seconds = (started: number): number => (performance.now() - started) / 1000;

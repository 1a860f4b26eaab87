// Shared bits of the job backend tests: the worker fixture as a command, and a run dir with a space in it.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";

export const WORKER = path.join(repoRoot, "test", "fixtures", "jobs", "worker.mjs");

// The worker fixture run by this Node: `worker("--lines", "3", "--exit", "2")`.
export function worker(...args: string[]): string[] {
  return [process.execPath, WORKER, ...args];
}

// A temp folder holding a run dir whose path has spaces and a quote, as users' paths do.
export async function createRunDir(prefix: string): Promise<TempDir & { readonly runDir: string }> {
  const temp = await createTempDir(`agentft-${prefix}-`);
  const runDir = path.join(temp.path, "my run's dir");
  await mkdir(runDir, { recursive: true });
  return { ...temp, runDir };
}

// Collect an async iterable into an array.
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

// Shared pieces of the env suites: tasks of the embedded world, raw HTTP requests, gold solving through a client.
import path from "node:path";
import type { EnvironmentClient } from "../../lib/env/index.js";
import { getTask, listTaskIds } from "../../lib/world/index.js";
import type { Split, Task } from "../../lib/world/index.js";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

// The first `count` tasks of a split (deterministic: the catalog is seeded); builds only those tasks.
export function pickTasks(split: Split, count: number): Task[] {
  const tasks = listTaskIds(split)
    .slice(0, count)
    .map((id) => getTask(id));
  if (tasks.length < count) throw new Error(`split ${split} has only ${tasks.length} tasks, wanted ${count}`);
  return tasks;
}

export interface RawAnswer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON a route answers
  readonly body: any;
  readonly text: string;
}

// One HTTP request with an exact body text, as another language's client would send it.
export async function sendRaw(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: { ...(init.body !== undefined ? { "content-type": "application/json" } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, text };
}

// Initialize, run every gold step, evaluate: resolves to the tracker's success.
export async function solveWithGold(
  client: EnvironmentClient,
  task: Task,
  options: { experimentName?: string } = {},
): Promise<boolean> {
  await client.initialize(task.id, options);
  for (const step of task.goldSteps) await client.execute(task.id, step.action, options);
  const report = await client.evaluate(task.id, options);
  await client.close(task.id, options);
  return report.success;
}

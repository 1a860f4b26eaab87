// npm run bench:grpo — the GRPO area's two rates:
// 1. Step rewards/s: batches of 16 completions over mixed prompts (8 step prompts of 4 train tasks × 2
//    completions: the gold action and noop's), in process, with the snapshot cache warm; baselines in the same
//    run: a fresh rewarder per batch (every copy opens a world and replays the prompt's history), and the
//    warm cache replaying stale copies when next used instead of when released (interleaved rounds).
// 2. Episodes/s: 64 concurrent episodes of 5 executions each (open, 4 gold actions + one that fails, evaluate,
//    close) against one `agentft world serve`-style server over HTTP; baseline in the same run: AppWorld's
//    layout, one server process per episode (8 episodes, each its own `agentft world serve` started for it).
// Figures are printed and written to results/bench/grpo.txt.
import { execa } from "execa";
import path from "node:path";
import { buildStepPromptRows, goldRunsOf, recordTrajectories } from "../lib/data/index.js";
import { EnvironmentClient, startEnvServer } from "../lib/env/index.js";
import { createStepRewarder } from "../lib/grpo/index.js";
import { getTask } from "../lib/world/index.js";
import { createBenchLog, seconds } from "./bench-log.js";

const { report, save } = createBenchLog("grpo");

// -- 1. step rewards
const env = EnvironmentClient.embedded();
const { trajectories } = await recordTrajectories(env, goldRunsOf("train", { limit: 4 }), { concurrency: 2 });
const prompts = buildStepPromptRows(trajectories);
const golds = trajectories.flatMap((t) => t.steps.map((s) => JSON.stringify({ thought: s.thought, action: s.action })));
const noop = JSON.stringify({ thought: "done", action: "apis.supervisor.complete_task()" });
const BATCH_PROMPTS = 8;
// A read-only action: it binds no Python name, so its world copy is reused with `/load_state` alone.
const look = JSON.stringify({ thought: "look", action: "print(apis.supervisor.show_profile())" });
function batch(k: number, first = (r: number) => golds[r] as string) {
  const rows = Array.from({ length: BATCH_PROMPTS }, (_, i) => (k * BATCH_PROMPTS + i * 3) % prompts.length);
  return {
    completions: rows.flatMap((r) => [first(r), noop]),
    taskIds: rows.flatMap((r) => [prompts[r]!.task_id, prompts[r]!.task_id]),
    histories: rows.flatMap((r) => [prompts[r]!.history, prompts[r]!.history]),
  };
}
const BATCHES = 24;
// Warm rate of one cache: fill it (every prompt seen once), then time the same batches again.
// With `gapMs` between batches (the trainer generating the next one) only the time inside `reward` counts:
// what the trainer waits for.
async function warmRate(rebuildEarly: boolean, gapMs = 0) {
  const rewarder = createStepRewarder({ env, rebuildEarly });
  for (let k = 0; k < BATCHES; k += 1) await rewarder.reward(batch(k));
  const before = rewarder.stats;
  let waited = 0;
  for (let k = 0; k < BATCHES; k += 1) {
    if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const started = performance.now();
    await rewarder.reward(batch(k));
    waited += seconds(started);
  }
  const rate = (BATCHES * 16) / waited;
  const after = rewarder.stats;
  await rewarder.dispose();
  return { rate, restores: after.restores - before.restores, replays: after.replays - before.replays };
}
// Interleaved, so both see the same machine load: a stale copy replayed when released vs when next used.
const early: number[] = [];
const late: number[] = [];
let stats = { restores: 0, replays: 0 };
for (let round = 0; round < 3; round += 1) {
  const e = await warmRate(true);
  early.push(e.rate);
  stats = e;
  late.push((await warmRate(false)).rate);
}
const GAP_MS = 50;
const earlyGap: number[] = [];
const lateGap: number[] = [];
for (let round = 0; round < 3; round += 1) {
  earlyGap.push((await warmRate(true, GAP_MS)).rate);
  lateGap.push((await warmRate(false, GAP_MS)).rate);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const earlyRate = median(early);
const lateRate = median(late);
// The same prompts with completions that bind no names: every one restores in O(1), none replays.
const reuse = createStepRewarder({ env });
for (let k = 0; k < BATCHES; k += 1) await reuse.reward(batch(k, () => look));
const before = reuse.stats;
const reuseStart = performance.now();
for (let k = 0; k < BATCHES; k += 1) await reuse.reward(batch(k, () => look));
const reuseRate = (BATCHES * 16) / seconds(reuseStart);
const reuseReplays = reuse.stats.replays - before.replays;
await reuse.dispose();
const COLD_BATCHES = 6;
const coldStart = performance.now();
for (let k = 0; k < COLD_BATCHES; k += 1) {
  const cold = createStepRewarder({ env });
  await cold.reward(batch(k));
  await cold.dispose();
}
const coldRate = (COLD_BATCHES * 16) / seconds(coldStart);
await env.dispose();
report(
  `step rewards, batches of 16 (gold + noop) over ${prompts.length} prompts of 4 tasks: warm cache ${earlyRate.toFixed(0)} rewards/s (median of 3; target ≥ 300; ${stats.restores} restores, ${stats.replays} replays after actions that bind names) | baseline fresh rewarder per batch ${coldRate.toFixed(0)} rewards/s | ×${(earlyRate / coldRate).toFixed(1)}`,
);
report(
  `step rewards, stale copies replayed when released (default) vs when next used: ${earlyRate.toFixed(0)} vs ${lateRate.toFixed(0)} rewards/s (medians, interleaved) | ×${(earlyRate / lateRate).toFixed(2)}`,
);
report(
  `step rewards with ${GAP_MS} ms between batches (generation), time the trainer waits: replayed when released ${median(earlyGap).toFixed(0)} vs when next used ${median(lateGap).toFixed(0)} rewards/s | ×${(median(earlyGap) / median(lateGap)).toFixed(2)}`,
);
report(
  `step rewards, same prompts, completions that bind no names: ${reuseRate.toFixed(0)} rewards/s (${reuseReplays} replays) | ×${(reuseRate / coldRate).toFixed(1)} the baseline`,
);

// -- 2. episodes
const task = getTask(trajectories[0]!.task_id);
const actions = [...task.goldSteps.slice(0, 4).map((s) => s.action), "print(apis.venmo.no_such_api())"];

async function episode(client: EnvironmentClient, name: string): Promise<number> {
  await client.initialize(task.id, { experimentName: name });
  for (const code of actions) await client.execute(task.id, code, { experimentName: name });
  const tracker = await client.evaluate(task.id, { experimentName: name });
  await client.close(task.id, { experimentName: name });
  return tracker.passes.length;
}

const EPISODES = 64;
const server = await startEnvServer({ port: 0, maxWorlds: EPISODES + 8 });
const client = EnvironmentClient.connect(server.url, { maxWorlds: EPISODES + 8 });
await episode(client, "warmup");
const oneStart = performance.now();
await Promise.all(Array.from({ length: EPISODES }, (_, i) => episode(client, `bench-${i}`)));
const oneRate = EPISODES / seconds(oneStart);
const left = server.handler.openWorlds;
await client.dispose();
await server.close();

// AppWorld's layout: one server process per world, started for the episode and stopped after it.
const bin = path.resolve(import.meta.dirname, "../lib/bin/agentft.js");
async function episodeOnOwnServer(i: number): Promise<void> {
  const child = execa("node", [bin, "world", "serve", "--port", "0"], { reject: false });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Serving the embedded world on (http:\/\/\S+)/.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`world serve exited ${code}: ${seen}`)));
  });
  const own = EnvironmentClient.connect(url);
  try {
    await episode(own, `own-${i}`);
  } finally {
    await own.dispose();
    child.kill("SIGTERM");
    await child;
  }
}
const BASELINE = 8;
const ownStart = performance.now();
await Promise.all(Array.from({ length: BASELINE }, (_, i) => episodeOnOwnServer(i)));
const ownRate = BASELINE / seconds(ownStart);
report(
  `episodes of 5 executions, 64 concurrent on one server: ${oneRate.toFixed(1)} episodes/s (target ≥ 20; ${left} worlds left open) | baseline one server process per episode (${BASELINE} at once) ${ownRate.toFixed(1)} episodes/s | ×${(oneRate / ownRate).toFixed(1)}`,
);
console.log(`record: ${save()}`);

// `npm run bench:env`: what HTTP adds to an execute round trip over the in-process client, and how
// gold-solving test_normal over HTTP scales from 1 to 4 concurrent workers on one server.
// The server runs in its own process (this file with --serve), as `agentft world serve` would.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { cpus, loadavg } from "node:os";
import { execa } from "execa";
import { EnvironmentClient, startEnvServer } from "../lib/env/index.js";
import { getTask, listTaskIds } from "../lib/world/index.js";
import { treeCpuMs } from "./proc-cpu.js";
import type { Task } from "../lib/world/index.js";

const ROUND_TRIPS = 400;
const SPLIT = "test_normal" as const;
/** Tasks per turn when the 1-worker and 4-worker runs alternate. */
const SEGMENT = 24;
/** Each segment is solved this many times per setting, and the fastest pass counts: other work on the machine only ever slows a pass. */
const PASSES = 3;

function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// Canned answers of each route: the floor any HTTP server in this process pays, with no world behind it.
const CANNED: Readonly<Record<string, unknown>> = {
  "/initialize": {
    task_id: "t_1",
    instruction: "",
    supervisor: { first_name: "", last_name: "", email: "", phone_number: "" },
    datetime: "",
  },
  "/execute": "1\n",
  "/task_completed": false,
  "/close": null,
};

function startCannedServer(): Promise<string> {
  const canned = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const text = JSON.stringify({ output: CANNED[request.url ?? ""] ?? null });
      response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return new Promise((resolve) =>
    canned.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(canned.address() as AddressInfo).port}`)),
  );
}

async function serve(): Promise<void> {
  // Build the split's tasks before listening, as AppWorld loads its data before it serves.
  for (const id of listTaskIds(SPLIT)) getTask(id);
  const server = await startEnvServer({ port: 0, maxWorlds: 16 });
  const canned = await startCannedServer();
  console.log(`URL ${server.url} CANNED ${canned}`);
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
}

interface RoundTrips {
  readonly executeMs: number;
  readonly taskCompletedMs: number;
}

// Median ms of `print(1)` executes (Python runs) and of `task_completed` (no Python: the protocol alone),
// in batches that alternate between the clients so a change of machine load hits both alike.
async function measureRoundTrips(clients: readonly EnvironmentClient[], task: Task): Promise<RoundTrips[]> {
  const samples = clients.map(() => ({ execute: [] as number[], completed: [] as number[] }));
  for (const client of clients) {
    await client.initialize(task.id);
    for (let i = 0; i < 30; i++) await client.execute(task.id, "print(1)");
  }
  const batch = 25;
  for (let round = 0; round < ROUND_TRIPS / batch; round++) {
    for (const [c, client] of clients.entries()) {
      for (let i = 0; i < batch; i++) {
        const start = performance.now();
        await client.execute(task.id, "print(1)");
        const middle = performance.now();
        await client.taskCompleted(task.id);
        samples[c]?.execute.push(middle - start);
        samples[c]?.completed.push(performance.now() - middle);
      }
    }
  }
  for (const client of clients) await client.close(task.id);
  return samples.map((s) => ({ executeMs: median(s.execute), taskCompletedMs: median(s.completed) }));
}

// Gold-solve every task with `workers` clients pulling from one queue; resolves to tasks per second.
async function solveSplit(
  url: string,
  tasks: readonly Task[],
  workers: number,
): Promise<{ tasksPerS: number; failed: number; wallS: number }> {
  let next = 0;
  let failed = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const client = EnvironmentClient.http(url, { experimentName: `bench-${workers}-${w}` });
      for (let i = next++; i < tasks.length; i = next++) {
        const task = tasks[i] as Task;
        await client.initialize(task.id);
        for (const step of task.goldSteps) await client.execute(task.id, step.action);
        if (!(await client.evaluate(task.id)).success) failed++;
        await client.close(task.id);
      }
      await client.dispose();
    }),
  );
  const wallS = (performance.now() - start) / 1000;
  return { tasksPerS: tasks.length / wallS, failed, wallS };
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  const tasks = listTaskIds(SPLIT).map((id) => getTask(id));
  const child = execa(process.execPath, [...process.execArgv, import.meta.filename, "--serve"], { reject: false });
  const [url, cannedUrl] = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      const match = /URL (\S+) CANNED (\S+)/.exec(chunk.toString());
      if (match) resolve([match[1] as string, match[2] as string]);
    });
    void child.then((r) => reject(new Error(`bench server exited: ${r.stderr}`)));
  });
  try {
    const probe = tasks[0] as Task;
    const embedded = EnvironmentClient.embedded();
    const http = EnvironmentClient.http(url);
    const floor = EnvironmentClient.http(cannedUrl);
    const [inProcess, overHttp, canned] = (await measureRoundTrips([embedded, http, floor], probe)) as [
      RoundTrips,
      RoundTrips,
      RoundTrips,
    ];
    await Promise.all([embedded.dispose(), http.dispose(), floor.dispose()]);
    say(
      `env bench (${new Date().toISOString()}, node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}, ${SPLIT}: ${tasks.length} tasks)`,
    );
    say(
      `execute print(1) round trip median, ${ROUND_TRIPS} runs: in process ${inProcess.executeMs.toFixed(3)} ms, over HTTP ${overHttp.executeMs.toFixed(3)} ms`,
    );
    say(`HTTP adds ${(overHttp.executeMs - inProcess.executeMs).toFixed(3)} ms per execute (target <= 1 ms)`);
    say(
      `task_completed round trip median (no Python): in process ${inProcess.taskCompletedMs.toFixed(3)} ms, over HTTP ` +
        `${overHttp.taskCompletedMs.toFixed(3)} ms: the protocol alone adds ${(overHttp.taskCompletedMs - inProcess.taskCompletedMs).toFixed(3)} ms`,
    );
    say(
      `baseline, a bare node:http server with canned answers in the server's process: execute ${canned.executeMs.toFixed(3)} ms, ` +
        `task_completed ${canned.taskCompletedMs.toFixed(3)} ms (the loopback HTTP floor of this machine right now)`,
    );

    // One warm-up pass opens the server's REPL pool and its code paths before the timed runs.
    await solveSplit(url, tasks.slice(0, 8), 4);
    // Both settings solve the whole split in the same segments, taking turns, so a change of machine load
    // during the run weighs on both alike; each segment's fastest of PASSES passes counts, for both alike.
    const totals = {
      1: { wallS: 0, failed: 0, cpuMs: 0, allWallS: 0 },
      4: { wallS: 0, failed: 0, cpuMs: 0, allWallS: 0 },
    };
    for (let from = 0; from < tasks.length; from += SEGMENT) {
      const best = { 1: Infinity, 4: Infinity };
      for (let pass = 0; pass < PASSES; pass++) {
        for (const workers of [1, 4] as const) {
          const cpuBefore = treeCpuMs(child.pid) + ownCpuMs();
          const part = await solveSplit(url, tasks.slice(from, from + SEGMENT), workers);
          // Ended REPLs are reaped a moment later; their CPU then shows in their host's children time.
          await new Promise((resolve) => setTimeout(resolve, 200));
          totals[workers].cpuMs += treeCpuMs(child.pid) + ownCpuMs() - cpuBefore;
          totals[workers].allWallS += part.wallS;
          totals[workers].failed += part.failed;
          best[workers] = Math.min(best[workers], part.wallS);
        }
      }
      totals[1].wallS += best[1];
      totals[4].wallS += best[4];
    }
    const rate = (workers: 1 | 4) => tasks.length / totals[workers].wallS;
    const meanRate = (workers: 1 | 4) => (PASSES * tasks.length) / totals[workers].allWallS;
    for (const workers of [1, 4] as const) {
      say(
        `gold-solve ${SPLIT} over HTTP, ${workers} worker${workers > 1 ? "s" : ""}: ${rate(workers).toFixed(1)} tasks/s ` +
          `(fastest of ${PASSES} passes per segment: ${totals[workers].wallS.toFixed(2)} s; all passes ${meanRate(workers).toFixed(1)} tasks/s; ` +
          `${totals[workers].failed} failed)`,
      );
    }
    say(
      `speedup 4 workers / 1 worker: ${(rate(4) / rate(1)).toFixed(2)}x (target >= 1.6x on 2 cores; over all passes ` +
        `${(meanRate(4) / meanRate(1)).toFixed(2)}x)`,
    );
    const cpuPerTask = (workers: 1 | 4) => totals[workers].cpuMs / (PASSES * tasks.length);
    const cores = (workers: 1 | 4) => totals[workers].cpuMs / 1000 / totals[workers].allWallS;
    say(
      `CPU per task (server, REPL host, Python REPLs and clients): 1 worker ${cpuPerTask(1).toFixed(1)} ms, 4 workers ` +
        `${cpuPerTask(4).toFixed(1)} ms, so ${cpus().length} idle cores bound the 4-worker rate at ` +
        `${((cpus().length * 1000) / cpuPerTask(4)).toFixed(1)} tasks/s; 1 worker kept ${cores(1).toFixed(2)} cores busy, 4 workers ${cores(4).toFixed(2)}`,
    );
    say(
      `load average at the end: ${loadavg()[0]?.toFixed(1)} (other processes on this machine slow every figure, the HTTP ones most)`,
    );
  } finally {
    child.kill("SIGTERM");
    await child;
  }
}

if (process.argv.includes("--serve")) await serve();
else await main();

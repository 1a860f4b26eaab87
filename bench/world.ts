// World figures on real task worlds: open (task init), execute round trips, and the wall time to
// gold-solve all test_normal tasks, each beside its target and a baseline measured in the same run
// (a fresh python3 process per cell, what a REPL-less executor would pay).
// Run: npm run bench:world   (writes the figures to /tmp/world-bench.txt as well)
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import {
  closeDefaultReplPools,
  createReplPool,
  detectBwrap,
  listTaskIds,
  openTaskWorld,
  resolvePython,
  solveSplit,
} from "../lib/world/index.js";
import { treeCpuMs } from "./proc-cpu.js";

const TWO_CALLS = [
  "profile = apis.supervisor.show_profile()",
  'passwords = {p["account_name"]: p["password"] for p in apis.supervisor.show_account_passwords()}',
].join("\n");

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function timeOpen(ids: readonly string[]): Promise<{ warm: number; cold: number }> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (const id of ids) {
    await sleep(120); // let the REPL pool refill, as between episodes
    let start = performance.now();
    let world = await openTaskWorld(id); // first open of the task: builds its world and tests
    cold.push(performance.now() - start);
    await world.close();
    await sleep(120);
    start = performance.now();
    world = await openTaskWorld(id); // task already in the catalog cache
    warm.push(performance.now() - start);
    await world.execute("x = 1");
    await world.close();
  }
  return { warm: median(warm), cold: median(cold) };
}

async function timeExecute(id: string, code: string, runs: number): Promise<number> {
  const world = await openTaskWorld(id);
  for (let i = 0; i < 20; i++) await world.execute(code);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await world.execute(code);
    times.push(performance.now() - start);
  }
  await world.close();
  return median(times);
}

function timeColdPython(): number {
  const python = resolvePython();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const start = performance.now();
    spawnSync(python.executable, ["-S", "-c", "print(1)"]);
    times.push(performance.now() - start);
  }
  return median(times);
}

// Fork to handshake of one REPL from a started host (a pool of size 0 starts each on demand), by sandbox
// mode: `unsafe-none` forks without namespaces, the baseline for what the per-REPL namespaces cost.
async function timeReplStart(sandbox: "bwrap" | "none" | "unsafe-none"): Promise<number> {
  const pool = createReplPool({ sandbox, size: 0, onWarning: () => undefined });
  const first = pool.take(); // starts the host, which is not what is measured
  await first.ready;
  first.kill();
  const times: number[] = [];
  for (let i = 0; i < 40; i++) {
    await sleep(20);
    const start = performance.now();
    const repl = pool.take();
    await repl.ready;
    times.push(performance.now() - start);
    repl.kill();
  }
  await pool.close();
  return median(times);
}

// CPU seconds used by this process, and by everything below it (the REPL host and its Python REPLs).
function cpuSeconds(): { self: number; children: number } {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1e6;
  return { self, children: treeCpuMs(process.pid) / 1000 - self };
}

async function main(): Promise<void> {
  const ids = listTaskIds("test_normal");
  const sample = ids.filter((_, i) => i % 6 === 0).slice(0, 25);
  const coldPython = timeColdPython();
  const bwrap = detectBwrap().problem === undefined;
  const startUnsafe = await timeReplStart("unsafe-none");
  const startNone = await timeReplStart("none");
  const startBwrap = bwrap ? await timeReplStart("bwrap") : Number.NaN;
  const open = await timeOpen(sample);
  const print1 = await timeExecute(sample[0] as string, "print(1)", 200);
  const twoCalls = await timeExecute(sample[0] as string, TWO_CALLS, 200);
  // The bench's own pool, so its REPL host is still alive (holding its REPLs' CPU time) when CPU is read.
  const pool = createReplPool({ size: 4 });
  const cpuBefore = cpuSeconds();
  const solveStart = performance.now();
  const gold = await solveSplit("test_normal", { policy: "gold", concurrency: 4, pool });
  const solveSeconds = (performance.now() - solveStart) / 1000;
  await sleep(300); // let the last REPLs exit and be reaped by their host
  const cpuAfter = cpuSeconds();
  await pool.close();
  await closeDefaultReplPools();
  const nodeCpu = cpuAfter.self - cpuBefore.self;
  const pythonCpu = cpuAfter.children - cpuBefore.children;
  const rows = [
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} (figures scale with other load)`,
    `baseline: fresh python3 process per cell ${coldPython.toFixed(1)} ms`,
    `REPL start (fork to handshake)          median ${bwrap ? `${startBwrap.toFixed(2)} ms under bubblewrap, ` : ""}${startNone.toFixed(2)} ms without (sandbox none); ` +
      `without namespaces (unsafe-none) ${startUnsafe.toFixed(2)} ms: ${bwrap ? `${(startBwrap / startUnsafe).toFixed(1)}x / ` : ""}${(startNone / startUnsafe).toFixed(1)}x`,
    `world open (task init, catalog cached)  median ${open.warm.toFixed(1)} ms   target <= 20 ms   ${open.warm <= 20 ? "ok" : "MISSED"}`,
    `world open (first open of the task)     median ${open.cold.toFixed(1)} ms   (builds the world and its tests once)`,
    `execute print(1), warm                  median ${print1.toFixed(2)} ms   target <= 2 ms   ${print1 <= 2 ? "ok" : "MISSED"}   ${(coldPython / print1).toFixed(0)}x faster than the baseline`,
    `execute 2-API-call action, warm         median ${twoCalls.toFixed(2)} ms   ${(coldPython / twoCalls).toFixed(0)}x faster than the baseline`,
    `gold-solve all ${gold.results.length} test_normal tasks  ${solveSeconds.toFixed(1)} s wall (4 worlds at once)   target <= 15 s   ${solveSeconds <= 15 ? "ok" : "MISSED"}   passed ${gold.results.filter((r) => r.report.success).length}/${gold.results.length}`,
    `  CPU used by that run: ${nodeCpu.toFixed(1)} s in node + ${pythonCpu.toFixed(1)} s in the Python REPL host and REPLs, so about ${((nodeCpu + pythonCpu) / 2).toFixed(1)} s of wall time at best on 2 idle cores`,
  ];
  const text = rows.join("\n");
  console.log(text);
  writeFileSync("/tmp/world-bench.txt", `${text}\n`);
}

await main();

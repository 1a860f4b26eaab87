// Executor figures: world open from a warm pool, and the execute round trip for `print(1)` and for a
// two-API-call action, against a cold baseline (a fresh python3 process per cell) measured in the same run.
// Run: npx tsx bench/world-executor.ts
import { spawnSync } from "node:child_process";
import type { ApiCaller } from "../lib/world/apps/types.js";
import { createReplPool, resolvePython, startPythonRepl, type ReplPool } from "../lib/world/executor/index.js";

const caller: ApiCaller = (app, api) => {
  if (app === "venmo" && api === "login")
    return { status: 200, body: {}, json: '{"access_token":"t","token_type":"Bearer"}' };
  return { status: 200, body: {}, json: '{"venmo_balance":47.0}' };
};
const TWO_CALLS =
  "token = apis.venmo.login(username='a@b.c', password='p')['access_token']\nprint(apis.venmo.show_venmo_balance(access_token=token))";

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timeExecutions(pool: ReplPool, code: string, runs: number): Promise<number> {
  const repl = startPythonRepl(caller, { pool });
  for (let i = 0; i < 20; i += 1) await repl.execute(code); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await repl.execute(code);
    times.push(performance.now() - start);
  }
  await repl.close();
  return median(times);
}

async function timeOpen(pool: ReplPool, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 150)); // let the pool refill
    const start = performance.now();
    const repl = startPythonRepl(caller, { pool });
    times.push(performance.now() - start);
    await repl.execute("x = 1");
    await repl.close();
  }
  return median(times);
}

async function main(): Promise<void> {
  const python = resolvePython();
  const cold: number[] = [];
  for (let i = 0; i < 10; i += 1) {
    const start = performance.now();
    spawnSync(python.executable, ["-S", "-c", "print(1)"]);
    cold.push(performance.now() - start);
  }
  const rows: [string, number][] = [["baseline: fresh python3 -S -c 'print(1)'", median(cold)]];
  for (const sandbox of ["bwrap", "none"] as const) {
    const pool = createReplPool({ size: 2, sandbox, onWarning: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 500));
    rows.push([`${sandbox}: world open (take a warm REPL)`, await timeOpen(pool, 15)]);
    rows.push([`${sandbox}: execute print(1)`, await timeExecutions(pool, "print(1)", 200)]);
    rows.push([`${sandbox}: execute 2-API-call action`, await timeExecutions(pool, TWO_CALLS, 200)]);
    await pool.close();
  }
  const baseline = rows[0]![1];
  for (const [name, ms] of rows) {
    process.stdout.write(
      `${name.padEnd(48)} median ${ms.toFixed(2).padStart(8)} ms   (${(ms / baseline).toFixed(3)}x baseline)\n`,
    );
  }
}

await main();

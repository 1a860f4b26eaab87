// CPU accounting for the benchmarks: what a process tree has used, from /proc (Linux).
import { readdirSync, readFileSync } from "node:fs";

// CPU ms used so far by a process and everything below it (the server, its REPL host and the REPLs), from
// /proc (Linux). A live process's cutime/cstime hold its reaped children's time, so summing own + children
// time over the live processes of the tree counts every process once, ended REPLs included.
export function treeCpuMs(root: number | undefined): number {
  if (root === undefined) return 0;
  const table = new Map<number, { ppid: number; ms: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // ppid is field 4 of stat; utime, stime, cutime, cstime are fields 14-17, in clock ticks (100 per second).
      const ms = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0) * 10;
      table.set(Number(entry), { ppid: Number(fields[1]), ms });
    } catch {
      // The process ended while it was being read.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    total += table.get(pid)?.ms ?? 0;
    for (const [child, info] of table) if (info.ppid === pid) pending.push(child);
  }
  return total;
}

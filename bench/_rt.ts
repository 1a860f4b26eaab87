import { EnvironmentClient, startEnvServer } from "../lib/env/index.js";
import { execa } from "execa";
import { getTask, listTaskIds } from "../lib/world/index.js";
if (process.argv[2] === "serve") {
  const server = await startEnvServer({ port: 0 });
  console.log(`URL ${server.url}`);
} else {
  const child = execa(process.execPath, [...process.execArgv, import.meta.filename, "serve"], { reject: false });
  const url = await new Promise<string>((res) => child.stdout!.on("data", (c: Buffer) => { const m = /URL (\S+)/.exec(c.toString()); if (m) res(m[1]!); }));
  const task = getTask(listTaskIds("test_normal")[0]!);
  const clients = [EnvironmentClient.embedded(), EnvironmentClient.http(url)];
  for (const c of clients) { await c.initialize(task.id); for (let i = 0; i < 50; i++) await c.execute(task.id, "print(1)"); }
  const med = (a: number[]) => a.sort((x, y) => x - y)[a.length >> 1]!;
  const res: number[][] = [[], []];
  for (let r = 0; r < 40; r++) for (const [k, c] of clients.entries()) for (let i = 0; i < 25; i++) { const s = performance.now(); await c.execute(task.id, "print(1)"); res[k]!.push(performance.now() - s); }
  console.log(process.argv[2] ?? "", "in-process", med(res[0]!).toFixed(3), "http", med(res[1]!).toFixed(3), "adds", (med(res[1]!) - med(res[0]!)).toFixed(3));
  child.kill();
  process.exit(0);
}

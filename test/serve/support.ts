// Helpers of the serve suites: a server started from another process, and waiting for one to stop answering.
import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import type { JobHandle } from "../../lib/jobs/index.js";
import type { ServeOptionsInput } from "../../lib/serve/index.js";
import { repoRoot } from "../helpers/prerequisites.js";

// Starts a server from another Node process (a notebook kernel, say) and prints it; `kill()` then SIGKILLs that
// process, which runs no handler and cleans up nothing itself.
export async function serveFromChild(cleanups: (() => Promise<void>)[], options: ServeOptionsInput) {
  const script = `
    import { serve } from "./lib/serve/index.js";
    const server = await serve(${JSON.stringify(options)});
    console.log(JSON.stringify({ baseUrl: server.baseUrl, port: server.port, job: server.job }));
    setInterval(() => {}, 60_000);`;
  // \`--import tsx\`, not tsx's CLI, which would run the script in a child of its own that the kill misses.
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanups.push(async () => void child.kill("SIGKILL"));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const started = await new Promise<{ baseUrl: string; port: number; job: JobHandle }>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0] as string));
    });
    child.once("exit", (code) => reject(new Error(`the starting process exited (${code}) before printing`)));
  });
  return {
    ...started,
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

// True once `url` stops answering 2xx (within `ms`).
export async function gone(url: string, ms = 20_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(200)) {
    const ok = await fetch(url, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!ok) return true;
  }
  return false;
}

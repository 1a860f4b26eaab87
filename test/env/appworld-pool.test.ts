// The pool of AppWorld servers, against test/fixtures/bin/appworld: a stand-in for `appworld serve environment`
// (AppWorld is Python and not installable here) that holds one task world per process, as AppWorld does.
import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvBadRequestError, EnvServerStartError, startAppWorldPool, type AppWorldPool } from "../../lib/env/index.js";
import { pickTasks, repoRoot, solveWithGold } from "./env-helpers.js";

const standIn = path.join(repoRoot, "test/fixtures/bin/appworld");
const isAlive = (pid: number | undefined) => {
  try {
    process.kill(pid ?? -1, 0);
    return true;
  } catch {
    return false;
  }
};

describe("startAppWorldPool", () => {
  let pool: AppWorldPool;
  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, "lib/dist/env/index.js")))
      throw new Error("run `npm run build` first: the stand-in serves lib/dist");
    pool = await startAppWorldPool(2, {
      command: standIn,
      env: { APPWORLD_STANDIN_DELAY_MS: "300" },
      startupTimeoutS: 30,
    });
  });
  afterAll(async () => {
    await pool?.stop();
  });

  it("starts each server on its own free port and waits until GET / answers", async () => {
    expect(pool.servers).toHaveLength(2);
    const ports = pool.servers.map((s) => s.port);
    expect(new Set(ports).size).toBe(2);
    for (const server of pool.servers) {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(readFileSync(server.logPath, "utf8")).toContain(`Uvicorn running on http://127.0.0.1:${server.port}`);
    }
  });

  it("hands each worker its own server, so one-world-per-process servers solve tasks in parallel", async () => {
    const tasks = pickTasks("train", 4);
    const seen = new Set<number>();
    const successes = await Promise.all(
      tasks.map((task) =>
        pool.withServer(async ({ server, client }) => {
          seen.add(server.port);
          return solveWithGold(client, task);
        }),
      ),
    );
    expect(successes).toEqual([true, true, true, true]);
    expect(seen.size).toBe(2);
  });

  it("keeps AppWorld's one-world rule on each server: another task id gets its 400", async () => {
    const [a, b] = pickTasks("dev", 2) as [ReturnType<typeof pickTasks>[number], ReturnType<typeof pickTasks>[number]];
    const lease = await pool.acquire();
    try {
      await lease.client.initialize(a.id, { experimentName: "x" });
      const error = await lease.client.execute(b.id, "print(1)").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnvBadRequestError);
      expect((error as EnvBadRequestError).serverMessage).toBe(
        `The active task world is ${a.id}. But you have requested to operate on ${b.id}`,
      );
      await lease.client.close(a.id);
    } finally {
      lease.release();
    }
  });

  it("installs no process-wide signal handler (in a kernel SIGINT is a cell's interrupt)", async () => {
    const before = ["SIGINT", "SIGTERM", "SIGHUP"].map((signal) => process.listeners(signal as NodeJS.Signals));
    const another = await startAppWorldPool(1, { command: standIn, startupTimeoutS: 30 });
    try {
      const after = ["SIGINT", "SIGTERM", "SIGHUP"].map((signal) => process.listeners(signal as NodeJS.Signals));
      expect(after).toEqual(before);
    } finally {
      await another.stop();
    }
  });

  it("stops every server and removes the log folder it made itself", async () => {
    const pids = pool.servers.map((s) => s.pid);
    expect(pids.every(isAlive)).toBe(true);
    for (const server of pool.servers)
      expect(readFileSync(server.logPath, "utf8")).toContain('"POST /initialize HTTP/1.1" 200');
    await pool.stop();
    expect(pids.some(isAlive)).toBe(false);
    expect(existsSync(pool.logDir)).toBe(false);
  });

  it("keeps the logs in a logDir the caller names", async () => {
    const logDir = path.join(tmpdir(), `agentft-test-pool-logs-${process.pid}`);
    const kept = await startAppWorldPool(1, { command: standIn, startupTimeoutS: 30, logDir });
    await kept.stop();
    try {
      expect(readFileSync(kept.servers[0]!.logPath, "utf8")).toContain("Uvicorn running on");
    } finally {
      rmSync(logDir, { recursive: true, force: true });
    }
  });
});

describe("a pool's process getting Ctrl-C", () => {
  it("takes its servers down with it", async () => {
    const holder = execa("node", [path.join(repoRoot, "test/fixtures/appworld-pool-holder.mjs")], { reject: false });
    const pids = await new Promise<number[]>((resolve, reject) => {
      holder.stdout?.on("data", (chunk: Buffer) => {
        const match = /PIDS ([\d ]+)/.exec(chunk.toString());
        if (match) resolve((match[1] as string).trim().split(" ").map(Number));
      });
      void holder.then((r) => reject(new Error(`the holder exited early: ${r.stderr}`)));
    });
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    holder.kill("SIGINT");
    const result = await holder;
    expect(result.signal ?? result.exitCode).toBeTruthy();
    // The servers got SIGTERM; give them a moment to close their worlds and exit.
    for (let waited = 0; waited < 10_000 && pids.some(isAlive); waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    expect(pids.filter(isAlive)).toEqual([]);
    // The holder was interrupted before it could stop its pool, so its log folder is the test's to remove.
    for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(`agentft-appworld-${holder.pid}-`)))
      rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  });
});

describe("startAppWorldPool failures", () => {
  it("reports a server that exits at start with its log tail", async () => {
    const error = await startAppWorldPool(1, { command: standIn, env: { APPWORLD_STANDIN_FAIL: "1" } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EnvServerStartError);
    const { port, logPath } = error as EnvServerStartError;
    expect((error as Error).message).toBe(
      `The AppWorld environment server on port ${port} did not start: \`${standIn} serve environment --port ${port}\` exited with code 1 before answering GET /.\n` +
        `See its log ${logPath}. AppWorld runs in its own Python environment: \`pip install appworld && appworld install && appworld download data\`, ` +
        "then pass its executable as `command` (or put it on PATH).\n" +
        `--- last lines of ${logPath} ---\nERROR: AppWorld data not found. Run \`appworld download data\` first.`,
    );
    // A failed start keeps its log for the user (the message names it); the test removes it.
    rmSync(path.dirname(logPath!), { recursive: true, force: true });
  });

  it("reports a missing executable with the install hint", async () => {
    const error = await startAppWorldPool(1, { command: "/nonexistent/appworld" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvServerStartError);
    expect((error as Error).message).toMatch(
      /did not start: .* failed to start: .*ENOENT[\s\S]*The command was not found\. AppWorld runs in its own Python environment/,
    );
    rmSync(path.dirname((error as EnvServerStartError).logPath!), { recursive: true, force: true });
  });

  it("stops the start when its signal aborts", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user gave up")), 300);
    const started = startAppWorldPool(1, {
      command: standIn,
      env: { APPWORLD_STANDIN_DELAY_MS: "20000" },
      signal: controller.signal,
    });
    await expect(started).rejects.toThrow("user gave up");
    // No error names a log, so the log folder the pool made is gone with the start.
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`agentft-appworld-${process.pid}-`))).toEqual([]);
  });

  it("rejects a size that is not a positive integer", async () => {
    await expect(startAppWorldPool(0)).rejects.toThrow(
      "Expected the pool `size` to be a positive integer, got `0` (number).",
    );
  });
});

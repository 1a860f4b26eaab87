// `await using` releases what a notebook cell made: an embedded client closes its worlds' REPLs, a server
// stops listening and closes every world, and disposing twice is harmless.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvConnectionError, EnvironmentClient, startEnvServer } from "../../lib/env/index.js";
import { embeddedWorldHost, type HostedWorld, type WorldHost } from "../../lib/env/world-host.js";
import { startKernelSession, type KernelSession } from "../../lib/notebook/kernel-session.js";
import type { JupyterMessage } from "../../lib/notebook/wire.js";
import { ensureBuilt, isolateKernelTemp, processesMentioning, removeKernelTemp } from "../notebook/support.js";
import { pickTasks, repoRoot } from "./env-helpers.js";

const [task] = pickTasks("dev", 1) as [ReturnType<typeof pickTasks>[number]];

// The embedded worlds, counting the ones whose REPL is open now.
function countingHost(): WorldHost & { readonly open: number } {
  let open = 0;
  return {
    ...embeddedWorldHost,
    get open() {
      return open;
    },
    async openWorld(taskId, options): Promise<HostedWorld> {
      const world = await embeddedWorldHost.openWorld(taskId, options);
      open++;
      return {
        info: world.info,
        execute: (code) => world.execute(code),
        taskCompleted: () => world.taskCompleted(),
        evaluate: () => world.evaluate(),
        saveState: (id) => world.saveState(id),
        loadState: (id) => world.loadState(id),
        async close() {
          await world.close();
          open--;
        },
      };
    },
  };
}

describe("disposal", () => {
  it("an embedded client left by `await using` closes the worlds it opened", async () => {
    const host = countingHost();
    {
      await using env = EnvironmentClient.embedded({ worldHost: host });
      await env.initialize(task.id, { experimentName: "a" });
      await env.initialize(task.id, { experimentName: "b" });
      await expect(env.execute(task.id, "print(1 + 1)", { experimentName: "a" })).resolves.toBe("2\n");
      expect(host.open).toBe(2);
    }
    expect(host.open).toBe(0);
  });

  it("a client disposed twice shuts down once", async () => {
    const host = countingHost();
    const env = EnvironmentClient.embedded({ worldHost: host });
    await env.initialize(task.id);
    await Promise.all([env.dispose(), env[Symbol.asyncDispose]()]);
    await env.dispose();
    expect(host.open).toBe(0);
  });

  it("a server left by `await using` stops listening and closes every world", async () => {
    const host = countingHost();
    let url = "";
    {
      await using server = await startEnvServer({ port: 0, worldHost: host });
      url = server.url;
      await using remote = EnvironmentClient.http(url, { maxRetries: 0 });
      await remote.initialize(task.id);
      expect(server.handler.openWorlds).toBe(1);
      expect(host.open).toBe(1);
    }
    expect(host.open).toBe(0);
    await using late = EnvironmentClient.http(url, { maxRetries: 0 });
    await expect(late.ping()).rejects.toBeInstanceOf(EnvConnectionError);
  });

  it("a server's dispose and close are one shutdown", async () => {
    const server = await startEnvServer({ port: 0 });
    await Promise.all([server.dispose(), server.close(), server[Symbol.asyncDispose]()]);
    expect(server.handler.openWorlds).toBe(0);
  });
});

describe("disposal from tslab cells", { timeout: 120_000 }, () => {
  let kernelTemp: string;
  let session: KernelSession;
  beforeAll(async () => {
    await ensureBuilt();
    kernelTemp = isolateKernelTemp();
    session = await startKernelSession({ cwd: path.join(repoRoot, "test", "fixtures", "notebooks") });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    expect(await processesMentioning(kernelTemp)).toEqual([]);
    await removeKernelTemp(kernelTemp);
  });

  async function run(code: string): Promise<{ status: unknown; stdout: string }> {
    const messages: JupyterMessage[] = [];
    const { done } = session.client.execute(code, { onIopub: (message) => messages.push(message) });
    const { reply } = await done;
    const stdout = messages
      .filter((m) => m.header.msg_type === "stream" && m.content["name"] === "stdout")
      .map((m) => String(m.content["text"]))
      .join("");
    return { status: reply.content["status"], stdout };
  }

  it("a cell disposes the server and client an earlier cell started, through the package entry points", async () => {
    const started = await run(
      [
        'import { EnvironmentClient } from "agentft";',
        'import { startEnvServer } from "agentft/env";',
        "const server = await startEnvServer({ port: 0 });",
        "const env = EnvironmentClient.http(server.url, { maxRetries: 0 });",
        `await env.initialize(${JSON.stringify(task.id)});`,
        "console.log(server.url, server.handler.openWorlds);",
      ].join("\n"),
    );
    expect(started.status).toBe("ok");
    const [url, open] = started.stdout.trim().split(" ");
    expect(open).toBe("1");
    const disposed = await run(
      "await env.dispose();\nawait server[Symbol.asyncDispose]();\nconsole.log(server.handler.openWorlds);",
    );
    expect(disposed).toEqual({ status: "ok", stdout: "0\n" });
    await using late = EnvironmentClient.http(url as string, { maxRetries: 0 });
    await expect(late.ping()).rejects.toBeInstanceOf(EnvConnectionError);
  });
});

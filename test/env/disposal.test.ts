// `await using` releases what a notebook cell made: an embedded client closes its worlds' REPLs, a server
// stops listening and closes every world, and disposing twice is harmless.
import { describe, expect, it } from "vitest";
import { EnvConnectionError, EnvironmentClient, startEnvServer } from "../../lib/env/index.js";
import { embeddedWorldHost, type HostedWorld, type WorldHost } from "../../lib/env/world-host.js";
import { pickTasks } from "./env-helpers.js";

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

// How long worlds live: the idle time-out closes forgotten worlds, and stopping the server closes them all.
import { describe, expect, it } from "vitest";
import { EnvBadRequestError, EnvConnectionError, EnvironmentClient, startEnvServer } from "../../lib/env/index.js";
import { pickTasks } from "./env-helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const [busy, idle] = pickTasks("dev", 2) as [
  ReturnType<typeof pickTasks>[number],
  ReturnType<typeof pickTasks>[number],
];

describe("world lifetime", () => {
  it("closes a world after idleTimeoutS without requests and says so to a late request", async () => {
    const server = await startEnvServer({ port: 0, idleTimeoutS: 1 });
    const client = EnvironmentClient.http(server.url);
    await client.initialize(busy.id);
    await client.initialize(idle.id);
    // The busy world gets a request every 100 ms, so only the idle one expires.
    for (let i = 0; i < 20; i++) {
      await client.execute(busy.id, "print(1)");
      await sleep(100);
    }
    expect(server.handler.openWorlds).toBe(1);
    const error = await client.execute(idle.id, "print(1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvBadRequestError);
    expect((error as EnvBadRequestError).serverMessage).toBe(
      `The task world \`${idle.id}\` was closed after 1 s without requests (the server's idle time-out); call /initialize again.`,
    );
    await expect(client.execute(busy.id, "print(2)")).resolves.toBe("2\n");
    await client.dispose();
    await server.close();
  });

  it("never closes a world while it runs an execution longer than the time-out", async () => {
    const server = await startEnvServer({ port: 0, idleTimeoutS: 0.5 });
    const client = EnvironmentClient.http(server.url);
    await client.initialize(busy.id);
    await expect(client.execute(busy.id, "print(sum(range(3 * 10**7)))")).resolves.toBe("449999985000000\n");
    await expect(client.execute(busy.id, "print(3)")).resolves.toBe("3\n");
    await client.dispose();
    await server.close();
  });

  it("closes every world's REPL when the server stops, and then refuses connections", async () => {
    const server = await startEnvServer({ port: 0, idleTimeoutS: 0 });
    const client = EnvironmentClient.http(server.url, { maxRetries: 0 });
    await client.initialize(busy.id, { experimentName: "a" });
    await client.initialize(busy.id, { experimentName: "b" });
    const running = client.execute(busy.id, "total = sum(range(10**6))\nprint(total)", { experimentName: "a" });
    await sleep(20);
    await server.close();
    await expect(running).resolves.toBe("499999500000\n");
    expect(server.handler.openWorlds).toBe(0);
    await expect(client.ping()).rejects.toBeInstanceOf(EnvConnectionError);
    await client.dispose();
  });
});

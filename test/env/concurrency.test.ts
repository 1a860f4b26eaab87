// Many worlds on one server: 16 driven in parallel (two per task, told apart by experiment_name) keep
// their own Python variables and their own world state (AppWorld's issues #35/#40 are about the opposite).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvironmentClient, startEnvServer, type EnvServer } from "../../lib/env/index.js";
import { pickTasks } from "./env-helpers.js";

let server: EnvServer;
beforeAll(async () => {
  server = await startEnvServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe("16 worlds on one server", () => {
  it("do not see each other's variables or state", async () => {
    const tasks = pickTasks("test_normal", 8);
    const workers = tasks.flatMap((task, i) =>
      (["gold", "noop"] as const).map((policy) => ({
        task,
        policy,
        experimentName: `${policy}-${i}`,
        client: EnvironmentClient.http(server.url),
      })),
    );
    expect(workers).toHaveLength(16);

    await Promise.all(workers.map((w) => w.client.initialize(w.task.id, { experimentName: w.experimentName })));
    expect(server.handler.openWorlds).toBe(16);

    const results = await Promise.all(
      workers.map(async (w) => {
        const at = { experimentName: w.experimentName };
        await w.client.execute(w.task.id, `marker = ${JSON.stringify(w.experimentName)}`, at);
        if (w.policy === "gold")
          for (const step of w.task.goldSteps) await w.client.execute(w.task.id, step.action, at);
        return {
          experimentName: w.experimentName,
          marker: (await w.client.execute(w.task.id, "print(marker)", at)).trim(),
          completed: await w.client.taskCompleted(w.task.id, at),
          success: (await w.client.evaluate(w.task.id, at)).success,
        };
      }),
    );

    for (const result of results) {
      const gold = result.experimentName.startsWith("gold");
      expect(result).toEqual({
        experimentName: result.experimentName,
        marker: result.experimentName,
        completed: gold,
        success: gold,
      });
    }
    await Promise.all(workers.map((w) => w.client.closeAll({ experimentName: w.experimentName })));
    expect(server.handler.openWorlds).toBe(0);
    await Promise.all(workers.map((w) => w.client.dispose()));
  });

  it("answers an ambiguous request (two worlds of one task, no experiment_name) with a 400 that says so", async () => {
    const task = pickTasks("dev", 1)[0]!;
    const client = EnvironmentClient.http(server.url);
    await client.initialize(task.id, { experimentName: "a" });
    await client.initialize(task.id, { experimentName: "b" });
    await expect(client.execute(task.id, "print(1)")).rejects.toThrow(
      `POST /execute failed with 400 Bad Request: Ambiguous request: 2 task worlds of \`${task.id}\` are open ` +
        `(experiment_name \`a\`, \`b\`); send experiment_name to pick one. (${server.url}/execute)`,
    );
    await client.closeAll();
    await client.dispose();
  });

  it("queues requests to one world so its REPL runs one execution at a time", async () => {
    const task = pickTasks("dev", 1)[0]!;
    const client = EnvironmentClient.embedded();
    await client.initialize(task.id);
    await client.execute(task.id, "counter = 0");
    const outputs = await Promise.all(
      Array.from({ length: 10 }, () => client.execute(task.id, "counter += 1\nprint(counter)")),
    );
    expect(outputs.map((o) => Number(o)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await client.dispose();
  });
});

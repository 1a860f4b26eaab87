// EnvironmentClient: the same answers in process and over HTTP, state snapshots, and retries of only
// what is safe to repeat (checked against small scripted HTTP servers that play a failing proxy).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EnvBadRequestError,
  EnvConnectionError,
  EnvProtocolError,
  EnvServerError,
  EnvTimeoutError,
  EnvironmentClient,
  startEnvServer,
  type EnvServer,
} from "../../lib/env/index.js";
import { findFreePort } from "../../lib/env/appworld-pool.js";
import { pickTasks } from "./env-helpers.js";

let server: EnvServer;
beforeAll(async () => {
  server = await startEnvServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

// A scripted server: `reply` decides each answer; `requests` counts what arrived.
async function startScripted(reply: (request: IncomingMessage, response: ServerResponse, n: number) => void, port = 0) {
  let requests = 0;
  const scripted: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => reply(request, response, ++requests));
  });
  await new Promise<void>((resolve) => scripted.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(scripted.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        scripted.closeAllConnections();
        scripted.close(() => resolve());
      }),
  };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};

describe("EnvironmentClient", () => {
  it("gives the same answers in process and over HTTP", async () => {
    const task = pickTasks("train", 2)[1]!;
    const run = async (client: EnvironmentClient) => {
      const info = await client.initialize(task.id, { maxInteractions: 50, timeoutSeconds: 5, randomSeed: 100 });
      const answers = {
        info,
        printed: await client.execute(task.id, "print(apis.supervisor.show_profile()['first_name'])"),
        failed: await client.execute(task.id, "apis.venmo.show_account(access_token='bad')"),
        batch: await client.batchExecute(task.id, ["a = 1", "print(a + 1)"]),
        completed: await client.taskCompleted(task.id),
        tracker: await client.evaluate(task.id),
        report: await client.evaluate(task.id, { report: true }),
        described: await client.getTask(task.id),
      };
      await client.close(task.id);
      await client.dispose();
      return answers;
    };
    const embedded = await run(EnvironmentClient.embedded());
    const overHttp = await run(EnvironmentClient.http(server.url));
    expect(overHttp).toEqual(embedded);
    expect(embedded.info.supervisor.firstName).toBe(embedded.printed.trim());
    expect(embedded.failed).toMatch(/^Execution failed\. Traceback:/);
    expect(embedded.described).toMatchObject({ taskId: task.id, split: "train", difficulty: task.difficulty });
  });

  it("restores a saved state with loadState", async () => {
    const task = pickTasks("dev", 3)[2]!;
    const client = EnvironmentClient.embedded();
    await client.initialize(task.id);
    await client.saveState(task.id, "start");
    for (const step of task.goldSteps) await client.execute(task.id, step.action);
    expect((await client.evaluate(task.id)).success).toBe(true);
    await client.loadState(task.id, "start");
    expect(await client.taskCompleted(task.id)).toBe(false);
    expect((await client.evaluate(task.id)).success).toBe(false);
    await client.dispose();
  });

  it("names the embedded route in its errors", async () => {
    const client = EnvironmentClient.embedded();
    const error = await client.execute("d4247c3_1", "print(1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvBadRequestError);
    expect((error as Error).message).toBe(
      "POST /execute failed with 400 Bad Request: AppWorld has not been initialized. (embedded:/execute)",
    );
    await client.dispose();
  });

  it("sends the client's default experimentName with every request", async () => {
    const task = pickTasks("dev", 1)[0]!;
    const a = EnvironmentClient.http(server.url, { experimentName: "left" });
    const b = EnvironmentClient.http(server.url, { experimentName: "right" });
    await a.initialize(task.id);
    await b.initialize(task.id);
    await a.execute(task.id, "side = 'left'");
    await b.execute(task.id, "side = 'right'");
    expect((await a.execute(task.id, "print(side)")).trim()).toBe("left");
    expect((await b.execute(task.id, "print(side)")).trim()).toBe("right");
    await a.closeAll();
    expect(server.handler.openWorlds).toBe(1);
    await b.closeAll();
    await Promise.all([a.dispose(), b.dispose()]);
  });
});

describe("EnvironmentClient.http options", () => {
  it.each([
    [
      "localhost:8000",
      {},
      "Expected the environment server URL to be an http(s) URL such as `http://127.0.0.1:8000`, got `localhost:8000` (string).",
    ],
    [
      "http://127.0.0.1:8000",
      { timeoutMs: 0 },
      "Expected the `timeoutMs` option to be a positive number of milliseconds, got `0` (number).",
    ],
    [
      "http://127.0.0.1:8000",
      { maxRetries: 1.5 },
      "Expected the `maxRetries` option to be a non-negative integer, got `1.5` (number).",
    ],
  ])("rejects %s with %o", (url, options, message) => {
    expect(() => EnvironmentClient.http(url, options)).toThrow(message);
  });
});

describe("EnvironmentClient.connect", () => {
  it("reads a --env value: nothing or `embedded` in process, a URL over HTTP", async () => {
    const clients = [
      EnvironmentClient.connect(undefined),
      EnvironmentClient.connect("embedded"),
      EnvironmentClient.connect(server.url),
    ];
    expect(clients.map((c) => c.target)).toEqual(["embedded", "embedded", server.url]);
    for (const client of clients) await expect(client.ping()).resolves.toMatch(/^Welcome to AppWorld Server!/);
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it("rejects anything else with the value and the accepted forms", () => {
    expect(() => EnvironmentClient.connect("localhost:8000")).toThrow(
      "Invalid environment `localhost:8000` (string): expected `embedded` or the URL of an AppWorld environment server, e.g. `http://127.0.0.1:8000`.",
    );
  });
});

describe("retries", () => {
  it("retries 502 and 503 answers with backoff", async () => {
    const proxy = await startScripted((_q, response, n) =>
      n <= 2
        ? json(response, n === 1 ? 502 : 503, { detail: "upstream busy" })
        : json(response, 200, { output: "ok\n" }),
    );
    const client = EnvironmentClient.http(proxy.url, { retryDelayMs: 1 });
    await expect(client.execute("t_1", "print('ok')")).resolves.toBe("ok\n");
    expect(proxy.requests).toBe(3);
    await client.dispose();
    await proxy.close();
  });

  it("gives up after maxRetries with an EnvServerError carrying the last answer", async () => {
    const proxy = await startScripted((_q, response) => json(response, 503, { detail: "upstream busy" }));
    const client = EnvironmentClient.http(proxy.url, { retryDelayMs: 1, maxRetries: 1 });
    const error = await client.execute("t_1", "print(1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvServerError);
    expect((error as Error).message).toBe(
      `POST /execute failed with 503 Service Unavailable: upstream busy (${proxy.url}/execute)`,
    );
    expect(proxy.requests).toBe(2);
    await client.dispose();
    await proxy.close();
  });

  it("re-sends a request reset on a reused keep-alive socket (the server closed it before reading)", async () => {
    let connections = 0;
    let requests = 0;
    const raw = createNetServer((socket) => {
      const connection = ++connections;
      let served = 0;
      socket.on("data", () => {
        requests++;
        // The first connection dies at its second request, as a socket the server timed out would.
        if (connection === 1 && ++served === 2) return socket.resetAndDestroy();
        const body = '{"output":"ok\\n"}';
        socket.write(
          `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n${body}`,
        );
      });
    });
    await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
    const client = EnvironmentClient.http(`http://127.0.0.1:${(raw.address() as AddressInfo).port}`, {
      retryDelayMs: 1,
    });
    await expect(client.execute("t_1", "print('ok')")).resolves.toBe("ok\n");
    await expect(client.execute("t_1", "print('ok')")).resolves.toBe("ok\n");
    expect({ connections, requests }).toEqual({ connections: 2, requests: 3 });
    await client.dispose();
    await new Promise((resolve) => raw.close(resolve));
  });

  it("does not retry a 500: the execution may have run", async () => {
    const proxy = await startScripted((_q, response) => json(response, 500, { detail: "crashed" }));
    const client = EnvironmentClient.http(proxy.url, { retryDelayMs: 1 });
    await expect(client.execute("t_1", "print(1)")).rejects.toBeInstanceOf(EnvServerError);
    expect(proxy.requests).toBe(1);
    await client.dispose();
    await proxy.close();
  });

  it("retries a refused connection until the server is up", async () => {
    const port = await findFreePort();
    const client = EnvironmentClient.http(`http://127.0.0.1:${port}`, { retryDelayMs: 150, maxRetries: 4 });
    const pending = client.ping();
    const late = await new Promise<Awaited<ReturnType<typeof startScripted>>>((resolve) =>
      setTimeout(
        () =>
          resolve(
            startScripted((_q, response) => json(response, 200, { message: "Welcome to AppWorld Server!" }), port),
          ),
        200,
      ),
    );
    await expect(pending).resolves.toBe("Welcome to AppWorld Server!");
    await client.dispose();
    await late.close();
  });

  it("fails a refused connection after the retries with a hint", async () => {
    const port = await findFreePort();
    const client = EnvironmentClient.http(`http://127.0.0.1:${port}`, { retryDelayMs: 1 });
    const error = await client.ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvConnectionError);
    expect((error as Error).message).toBe(
      `GET / failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:${port}; is the server running? Start one with \`agentft world serve\` (http://127.0.0.1:${port}/)`,
    );
    await client.dispose();
  });

  it("times out a POST after timeoutMs without retrying it", async () => {
    const silent = await startScripted(() => undefined);
    const client = EnvironmentClient.http(silent.url, { timeoutMs: 200, retryDelayMs: 1 });
    const error = await client.execute("t_1", "print(1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvTimeoutError);
    expect((error as Error).message).toBe(
      `POST /execute failed: no answer within 200 ms (timeoutMs) (${silent.url}/execute)`,
    );
    expect(silent.requests).toBe(1);
    await client.dispose();
    await silent.close();
  });

  it("parses /evaluate's tracker and rejects one of another shape with an EnvProtocolError", async () => {
    const other = await startScripted((_q, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ output: { success: "yes", num_tests: 3 } }));
    });
    const client = EnvironmentClient.http(other.url);
    const error = await client.evaluate("t_1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvProtocolError);
    expect((error as Error).message).toBe(
      `POST /evaluate answered 200, but the answer is not \`{output: ...}\` of the route's shape: {"output":{"success":"yes","num_tests":3}}. Is ${other.url} an AppWorld environment server? (${other.url}/evaluate)`,
    );
    await client.dispose();
    await other.close();
  });

  it("rejects a 200 answer that is not the route's shape", async () => {
    const other = await startScripted((_q, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>hello</html>");
    });
    const client = EnvironmentClient.http(other.url);
    const error = await client.execute("t_1", "print(1)").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvProtocolError);
    expect((error as Error).message).toBe(
      `POST /execute answered 200, but the answer is not \`{output: ...}\` of the route's shape: "<html>hello</html>". Is ${other.url} an AppWorld environment server? (${other.url}/execute)`,
    );
    await client.dispose();
    await other.close();
  });
});

// Refusals: AppWorld's own 400s, and the clear 4xx answers for bad input, a missing token, a full server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EnvAuthenticationError,
  EnvBadRequestError,
  EnvCapacityError,
  EnvConnectionError,
  EnvHttpError,
  EnvNotFoundError,
  EnvPayloadTooLargeError,
  EnvServerError,
  EnvUnprocessableError,
  EnvironmentClient,
  startEnvServer,
  type EnvServer,
} from "../../lib/env/index.js";
import { pickTasks, sendRaw } from "./env-helpers.js";

const [taskA, taskB] = pickTasks("dev", 2) as [
  ReturnType<typeof pickTasks>[number],
  ReturnType<typeof pickTasks>[number],
];
let server: EnvServer;
let client: EnvironmentClient;

beforeAll(async () => {
  server = await startEnvServer({ port: 0, maxBodyBytes: 4096, maxWorlds: 2 });
  client = EnvironmentClient.http(server.url);
});
afterAll(async () => {
  await client.dispose();
  await server.close();
});

describe("AppWorld's 400s", () => {
  it("refuses a request before any initialize with AppWorld's message", async () => {
    await expect(client.execute(taskA.id, "print(1)")).rejects.toThrow(
      `POST /execute failed with 400 Bad Request: AppWorld has not been initialized. (${server.url}/execute)`,
    );
    const error = await client.taskCompleted(taskA.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvBadRequestError);
    expect(error).toMatchObject({
      status: 400,
      route: "/task_completed",
      body: { detail: "AppWorld has not been initialized." },
    });
    expect((error as Error).message).toBe(
      `POST /task_completed failed with 400 Bad Request: AppWorld has not been initialized. (${server.url}/task_completed)`,
    );
  });

  it("refuses another task's id with AppWorld's active-world message", async () => {
    await client.initialize(taskA.id);
    const error = (await client.execute(taskB.id, "print(1)").catch((e: unknown) => e)) as EnvHttpError;
    expect(error).toBeInstanceOf(EnvBadRequestError);
    expect(error.serverMessage).toBe(
      `The active task world is ${taskA.id}. But you have requested to operate on ${taskB.id}`,
    );
    await client.closeAll();
  });
});

describe("bad requests", () => {
  it("answers malformed JSON with 400 naming the route", async () => {
    const answer = await sendRaw(`${server.url}/execute`, { body: '{"task_id": "x", "code": ' });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(
      /^Malformed JSON in the body of POST \/execute: .+\. Send a JSON object, e\.g\. /,
    );
  });

  it("answers a body of the wrong shape with 422 naming each field", async () => {
    const answer = await sendRaw(`${server.url}/execute`, { body: '{"task_id": 7}' });
    expect(answer).toMatchObject({ status: 422 });
    expect(answer.body.detail).toBe(
      "Invalid body for POST /execute:\n✖ Invalid input: expected string, received number\n  → at task_id\n" +
        "✖ Invalid input: expected string, received undefined\n  → at code",
    );
    await expect(client.execute("", "print(1)")).rejects.toBeInstanceOf(EnvUnprocessableError);
  });

  it("answers an oversized body with 413 and the limit", async () => {
    const answer = await sendRaw(`${server.url}/execute`, {
      body: JSON.stringify({ task_id: taskA.id, code: "#".repeat(5000) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.body.detail).toBe(
      "Request body of POST /execute is over the server's limit of 4096 bytes (maxBodyBytes); send smaller code or raise --max-body-bytes.",
    );
    await expect(client.execute(taskA.id, "#".repeat(5000))).rejects.toBeInstanceOf(EnvPayloadTooLargeError);
  });

  it("answers an unknown task id with 404 on initialize and on GET /tasks", async () => {
    const error = (await client.initialize("0000000_9").catch((e: unknown) => e)) as EnvHttpError;
    expect(error).toBeInstanceOf(EnvNotFoundError);
    expect(error.serverMessage).toBe(
      "Unknown task_id `0000000_9`: no task of this world has that id; list the ids with `agentft world tasks`.",
    );
    await expect(client.getTask("0000000_9")).rejects.toBeInstanceOf(EnvNotFoundError);
  });

  it("answers unknown routes with 404 listing the routes, and a wrong method with 405", async () => {
    const missing = await sendRaw(`${server.url}/evaluate_everything`, { body: "{}" });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toMatch(
      /^Not Found: no route POST \/evaluate_everything; the routes are GET \/, GET \/api_docs, /,
    );
    const wrongMethod = await sendRaw(`${server.url}/execute`);
    expect(wrongMethod).toMatchObject({ status: 405, body: { detail: "Method Not Allowed: /execute takes POST." } });
  });

  it("answers 429 when the server already holds maxWorlds worlds", async () => {
    await client.initialize(taskA.id, { experimentName: "one" });
    await client.initialize(taskA.id, { experimentName: "two" });
    const error = (await client.initialize(taskB.id).catch((e: unknown) => e)) as EnvHttpError;
    expect(error).toBeInstanceOf(EnvCapacityError);
    expect(error.serverMessage).toBe(
      "Too many open task worlds (2, the server's maxWorlds limit); close finished ones with POST /close or /close_all, " +
        "or start the server with a higher --max-worlds.",
    );
    // Re-initializing an open world replaces it and needs no new slot.
    await expect(client.initialize(taskA.id, { experimentName: "one" })).resolves.toMatchObject({ taskId: taskA.id });
    await client.closeAll();
  });
});

describe("the token", () => {
  let guarded: EnvServer;
  beforeAll(async () => {
    guarded = await startEnvServer({ port: 0, token: "s3cret" });
  });
  afterAll(async () => {
    await guarded.close();
  });

  it.each([
    ["no token", {}, "carries no token"],
    ["a wrong Bearer token", { authorization: "Bearer nope" }, "carries a wrong token"],
    ["a wrong X-Agentft-Token", { "x-agentft-token": "nope" }, "carries a wrong token"],
  ])("refuses a request with %s with 401", async (_name, headers, what) => {
    const answer = await sendRaw(`${guarded.url}/`, { headers });
    expect(answer.status).toBe(401);
    expect(answer.body.detail).toBe(
      `GET / ${what}; this server requires one: send \`Authorization: Bearer <token>\`, an \`X-Agentft-Token\` header or \`?token=<token>\`.`,
    );
  });

  it.each([
    ["a Bearer header", "/", { authorization: "Bearer s3cret" }],
    ["an X-Agentft-Token header", "/", { "x-agentft-token": "s3cret" }],
    ["a token query parameter", "/?token=s3cret", {}],
  ])("accepts %s", async (_name, route, headers) => {
    expect((await sendRaw(`${guarded.url}${route}`, { headers })).status).toBe(200);
  });

  it("is sent by the client's token option, and its absence is an EnvAuthenticationError", async () => {
    const withToken = EnvironmentClient.http(guarded.url, { token: "s3cret" });
    await expect(withToken.ping()).resolves.toMatch(/^Welcome to AppWorld Server!/);
    const without = EnvironmentClient.http(guarded.url);
    await expect(without.ping()).rejects.toBeInstanceOf(EnvAuthenticationError);
    await Promise.all([withToken.dispose(), without.dispose()]);
  });
});

describe("EnvHttpError.generate", () => {
  it.each([
    [400, EnvBadRequestError],
    [401, EnvAuthenticationError],
    [404, EnvNotFoundError],
    [413, EnvPayloadTooLargeError],
    [422, EnvUnprocessableError],
    [429, EnvCapacityError],
    [500, EnvServerError],
    [503, EnvServerError],
    [undefined, EnvConnectionError],
  ])("maps status %s to its subclass", (status, type) => {
    const error = EnvHttpError.generate(status, {
      url: "http://127.0.0.1:8000/execute",
      method: "POST",
      serverMessage: "boom",
    });
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(EnvHttpError);
    expect(error.name).toBe(type.name);
    expect(error.route).toBe("/execute");
  });

  it("reads a 418 as a plain EnvHttpError with the server's message", () => {
    const error = EnvHttpError.generate(418, {
      url: "embedded:/execute",
      method: "POST",
      body: { detail: "teapot" },
      serverMessage: "teapot",
    });
    expect(error.constructor).toBe(EnvHttpError);
    expect(error.message).toBe("POST /execute failed with 418: teapot (embedded:/execute)");
  });
});

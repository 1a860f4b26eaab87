// `agentft world serve`, spawned from the built bin as a user runs it: prints its URL, serves, stops on Ctrl-C.
import { execa } from "execa";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvironmentClient, startEnvServer } from "../../lib/env/index.js";
import { pickTasks, repoRoot } from "./env-helpers.js";

const bin = path.join(repoRoot, "lib/bin/agentft.js");

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, "lib/dist/cli/main.js")))
    throw new Error("run `npm run build` first: this suite spawns the built bin");
});

// Resolve with the URL the server prints once it listens.
function waitForUrl(child: ReturnType<typeof execa>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Serving the embedded world on (http:\/\/\S+) /.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing its URL:\n${seen}`)));
  });
}

describe("agentft world serve", () => {
  it("serves the embedded world on the printed URL and stops cleanly on Ctrl-C", async () => {
    const child = execa("node", [bin, "world", "serve", "--port", "0", "--token", "t0k"], {
      cwd: repoRoot,
      reject: false,
    });
    const url = await waitForUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const task = pickTasks("dev", 1)[0]!;
    const client = EnvironmentClient.http(url, { token: "t0k" });
    await client.initialize(task.id);
    expect(await client.execute(task.id, "print(6 * 7)")).toBe("42\n");
    await client.dispose();
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      `Serving the embedded world on ${url} (AppWorld environment protocol, token required).\nPress Ctrl-C to stop.\n` +
        "Got SIGINT: closing 1 open task world and stopping (Ctrl-C again to force).\nStopped.",
    );
  });

  it("rejects a bad flag with the field, the value and exit code 1", async () => {
    const result = await execa("node", [bin, "world", "serve", "--port", "http"], { cwd: repoRoot, reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      "Error: Invalid `agentft world serve` flags:\n✖ `port`: Invalid input: expected number, received NaN; got `NaN` (number). Fix: give `port` a number.",
    );
  });

  it("says so when the port is taken", async () => {
    const taken = await startEnvServer({ port: 0 });
    const result = await execa("node", [bin, "world", "serve", "--port", String(taken.port)], {
      cwd: repoRoot,
      reject: false,
    });
    await taken.close();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `Error: Cannot listen on 127.0.0.1:${taken.port}: the address is already in use.\nStop the other server or pick another --port (0 picks a free one).`,
    );
  });

  it("is listed under `agentft world`", async () => {
    const result = await execa("node", [bin, "world", "--help"], { cwd: repoRoot });
    expect(result.stdout).toMatch(
      /serve \[options\]\s+Serve the embedded world over the routes of\s+`appworld serve environment`/,
    );
  });
});

// `agentft grpo reward-server`, spawned from the built bin as a user runs it: prints its URL, scores, stops on Ctrl-C.
import { execa } from "execa";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startRewardServer } from "../../lib/grpo/index.js";
import { getTask } from "../../lib/world/index.js";
import { repoRoot } from "../helpers/prerequisites.js";

const bin = path.join(repoRoot, "lib/bin/agentft.js");

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, "lib/dist/cli/main.js")))
    throw new Error("run `npm run build` first: this suite spawns the built bin");
});

function waitForUrl(child: ReturnType<typeof execa>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Serving step rewards on (http:\/\/\S+) /.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing its URL:\n${seen}`)));
  });
}

describe("agentft grpo reward-server", () => {
  it("scores a batch on the printed URL and stops cleanly on Ctrl-C", async () => {
    const child = execa("node", [bin, "grpo", "reward-server", "--port", "0"], { cwd: repoRoot, reject: false });
    const url = await waitForUrl(child);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const task = getTask("1bd07b0_1");
    const gold = task.goldSteps.map((s) => s.action);
    const response = await fetch(`${url}/reward`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        completions: [JSON.stringify({ thought: "done", action: gold[7] }), "no action"],
        task_id: [task.id, task.id],
        history: [gold.slice(0, 7), gold.slice(0, 7)],
      }),
    });
    expect(await response.json()).toMatchObject({ rewards: [2, -1] });
    child.kill("SIGINT");
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      `Serving step rewards on ${url} (POST /reward, worlds: embedded).\nPress Ctrl-C to stop.\n` +
        "Got SIGINT: closing 1 world copy and stopping.\nStopped.",
    );
  });

  it("rejects a bad --port with the flag, the value and exit code 1", async () => {
    const result = await execa("node", [bin, "grpo", "reward-server", "--port", "http"], {
      cwd: repoRoot,
      reject: false,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe("Error: Expected `--port` to be a whole number from 0 to 65535, got `http`.");
  });

  it("says so when the port is taken", async () => {
    const taken = await startRewardServer({ port: 0 });
    const result = await execa("node", [bin, "grpo", "reward-server", "--port", String(taken.port)], {
      cwd: repoRoot,
      reject: false,
    });
    await taken.close();
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(
      `Error: Cannot listen on 127.0.0.1:${taken.port}: the address is already in use.\nStop the other server or pick another --port (0 picks a free one).`,
    );
  });
});

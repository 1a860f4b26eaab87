import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnvServer, type EnvServer } from "../../lib/env/index.js";
import { ConfigError } from "../../lib/errors.js";
import { runEval } from "../../lib/eval/run-eval.js";
import { listTaskIds } from "../../lib/world/index.js";

// A stand-in for a real `appworld serve environment` (AppWorld cannot be installed here): its welcome
// message, and a 404 for anything else, recording every request so a test sees which task ids reached it.
interface StandInAppWorld {
  readonly url: string;
  readonly requests: { readonly method: string; readonly url: string; readonly body: string }[];
  close(): Promise<void>;
}

async function startStandInAppWorld(): Promise<StandInAppWorld> {
  const requests: { method: string; url: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", body });
      res.setHeader("content-type", "application/json");
      if (req.method === "GET" && req.url === "/") {
        res.end(JSON.stringify({ message: "Welcome to AppWorld Server! Use /docs to see the API." }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ detail: "Not Found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "agentft-task-source-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the tasks of a run against an environment server URL", () => {
  it("refuses a split for a real AppWorld server without APPWORLD_ROOT, and sends it no embedded task id", async () => {
    const appWorld = await startStandInAppWorld();
    const saved = process.env["APPWORLD_ROOT"];
    delete process.env["APPWORLD_ROOT"];
    try {
      const error = await runEval({
        policy: "noop",
        split: "dev",
        env: appWorld.url,
        resultsDir: path.join(dir, "refused"),
      }).catch((e: unknown) => e as ConfigError);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        `The environment server ${appWorld.url} is not the embedded world, so the embedded catalog's \`dev\` task ids mean nothing to it. ` +
          "Pass the task ids (CLI: --task-ids), or set APPWORLD_ROOT to the folder holding AppWorld's `data/datasets/dev.txt`.",
      );
      expect(appWorld.requests.filter((r) => r.method === "POST")).toEqual([]);
      const embeddedIds = listTaskIds("dev");
      expect(appWorld.requests.some((r) => embeddedIds.some((id) => r.url.includes(id) || r.body.includes(id)))).toBe(
        false,
      );
    } finally {
      if (saved !== undefined) process.env["APPWORLD_ROOT"] = saved;
      await appWorld.close();
    }
  });

  it("reads the split from APPWORLD_ROOT's dataset files for a real AppWorld server", async () => {
    const appWorld = await startStandInAppWorld();
    const root = path.join(dir, "appworld-root");
    await mkdir(path.join(root, "data", "datasets"), { recursive: true });
    await writeFile(path.join(root, "data", "datasets", "dev.txt"), "aaaaaaa_1\naaaaaaa_2\n");
    try {
      const result = await runEval(
        { policy: "noop", split: "dev", env: appWorld.url, resultsDir: path.join(dir, "from-root") },
        { appWorld: { root } },
      );
      // The stand-in knows no task, so both fail; what matters is which ids were sent.
      expect(result.failures.map((f) => f.taskId)).toEqual(["aaaaaaa_1", "aaaaaaa_2"]);
      const initialized = appWorld.requests
        .filter((r) => r.url === "/initialize")
        .map((r) => (JSON.parse(r.body) as { task_id: string }).task_id);
      expect(initialized.sort()).toEqual(["aaaaaaa_1", "aaaaaaa_2"]);
    } finally {
      await appWorld.close();
    }
  });

  it("lists the embedded catalog's split for `agentft world serve`, which serves that catalog", async () => {
    const server: EnvServer = await startEnvServer({ port: 0 });
    try {
      const result = await runEval({
        policy: "noop",
        taskIds: undefined,
        split: "dev",
        env: server.url,
        workers: 2,
        resultsDir: path.join(dir, "embedded-server"),
      });
      expect(result.records.map((r) => r.taskId)).toEqual(listTaskIds("dev"));
      expect(result.failures).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

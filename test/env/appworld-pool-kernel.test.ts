// A pool of stand-in AppWorld servers started from a cell of the real tslab kernel: interrupting a cell
// (SIGINT, as JupyterLab and the notebook runner send it) stops that cell and leaves the pool serving;
// `await pool[Symbol.asyncDispose]()` ends it; and a kernel that goes away leaves no server behind.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKernelSession, type KernelSession } from "../../lib/notebook/kernel-session.js";
import type { JupyterMessage } from "../../lib/notebook/wire.js";
import { ensureBuilt, isolateKernelTemp, processesMentioning, removeKernelTemp } from "../notebook/support.js";
import { repoRoot } from "./env-helpers.js";

const standIn = path.join(repoRoot, "test/fixtures/bin/appworld");
// The kernel resolves `agentft` from the project's node_modules, as a notebook in the project does.
const cwd = path.join(repoRoot, "test", "fixtures", "notebooks");
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

let kernelTemp: string;
let session: KernelSession;
beforeAll(async () => {
  await ensureBuilt();
  kernelTemp = isolateKernelTemp();
  session = await startKernelSession({ cwd });
}, 120_000);
afterAll(async () => {
  await session?.close();
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
});

async function run(code: string): Promise<{ status: unknown; stdout: string; stderr: string }> {
  const messages: JupyterMessage[] = [];
  const { done } = session.client.execute(code, { onIopub: (message) => messages.push(message) });
  const { reply } = await done;
  const text = (name: string): string =>
    messages
      .filter((m) => m.header.msg_type === "stream" && m.content["name"] === name)
      .map((m) => String(m.content["text"]))
      .join("");
  return { status: reply.content["status"], stdout: text("stdout"), stderr: text("stderr") };
}

// The servers' command lines carry the suite's temp folder (as an ignored `--root`), so they can be found.
const servers = async (): Promise<string[]> =>
  (await processesMentioning(kernelTemp)).filter((line) => line.includes(standIn));

describe("an AppWorld pool in a tslab kernel", { timeout: 120_000 }, () => {
  it("keeps serving after a cell is interrupted, and is disposed by its cell", async () => {
    const start = await run(
      [
        'import { startAppWorldPool } from "agentft";',
        `const pool = await startAppWorldPool(2, { command: ${JSON.stringify(standIn)}, args: ["--root", ${JSON.stringify(kernelTemp)}], logDir: ${JSON.stringify(path.join(kernelTemp, "logs"))}, startupTimeoutS: 60 });`,
        "console.log(pool.servers.length);",
      ].join("\n"),
    );
    expect(start).toMatchObject({ status: "ok", stdout: "2\n" });
    expect(await servers()).toHaveLength(4); // two watchdogs, two servers

    const { done } = session.client.execute("while (true) {}");
    // A SIGINT that lands while tslab still compiles the cell is spent before the loop starts; repeat it.
    const repeat = setInterval(() => session.kernel.interrupt(), 500);
    const { reply } = await done.finally(() => clearInterval(repeat));
    expect(reply.content["status"]).toBe("error");
    await sleep(300);

    const after = await run(
      'console.log((await Promise.all(pool.servers.map((s) => fetch(s.url).then((r) => r.status)))).join(" "));',
    );
    expect(after).toMatchObject({ status: "ok", stdout: "200 200\n" });
    expect(await servers()).toHaveLength(4);

    expect(await run("await pool[Symbol.asyncDispose]();")).toMatchObject({ status: "ok" });
    expect(await servers()).toEqual([]);
  });

  it("leaves no server behind when the kernel is killed", async () => {
    const start = await run(
      `const again = await startAppWorldPool(1, { command: ${JSON.stringify(standIn)}, args: ["--root", ${JSON.stringify(kernelTemp)}], logDir: ${JSON.stringify(path.join(kernelTemp, "logs"))}, startupTimeoutS: 60 });`,
    );
    expect(start).toMatchObject({ status: "ok" });
    expect(await servers()).toHaveLength(2);
    await session.close({ graceMs: 0 });
    const deadline = Date.now() + 15_000;
    while ((await servers()).length > 0 && Date.now() < deadline) await sleep(200);
    expect(await servers()).toEqual([]);
  });
});

// The kernel process and client against the real tslab: connection file, signed messages, interrupt,
// shutdown, and no kernel left behind even when its parent is killed.
import { spawn } from "node:child_process";
import { readFile, realpath } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectKernel } from "../../lib/notebook/kernel-client.js";
import { startKernelSession, type KernelSession } from "../../lib/notebook/kernel-session.js";
import type { JupyterMessage } from "../../lib/notebook/wire.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { ensureBuilt, isolateKernelTemp, processesMentioning, removeKernelTemp, repoRoot } from "./support.js";

let kernelTemp: string;
let folder: TempDir;
let session: KernelSession;
beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  folder = await createTempDir("agentft-kernel-cwd-");
  session = await startKernelSession({ cwd: folder.path });
}, 120_000);
afterAll(async () => {
  await session?.close();
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await folder.remove();
});

async function run(code: string): Promise<{ status: unknown; stdout: string; stderr: string; types: string[] }> {
  const messages: JupyterMessage[] = [];
  const { done } = session.client.execute(code, { onIopub: (message) => messages.push(message) });
  const { reply } = await done;
  const text = (name: string): string =>
    messages
      .filter((m) => m.header.msg_type === "stream" && m.content["name"] === name)
      .map((m) => String(m.content["text"]))
      .join("");
  return {
    status: reply.content["status"],
    stdout: text("stdout"),
    stderr: text("stderr"),
    types: messages.map((m) => m.header.msg_type),
  };
}

async function processState(pid: number): Promise<string> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? "gone";
  } catch {
    return "gone";
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("tslab kernel session", { timeout: 120_000 }, () => {
  it("starts with five distinct free ports, a random key and the given working folder", async () => {
    const { connection } = session.kernel;
    const ports = [
      connection.shell_port,
      connection.iopub_port,
      connection.stdin_port,
      connection.control_port,
      connection.hb_port,
    ];
    expect(new Set(ports).size).toBe(5);
    expect(connection.key).toMatch(/^[0-9a-f]{64}$/);
    expect(session.info.content["language_info"]).toMatchObject({ name: "typescript" });
    const result = await run("console.log(process.cwd())");
    expect(result).toMatchObject({ status: "ok", stdout: `${await realpath(folder.path)}\n` });
    expect(result.types).toEqual(["status", "stream", "status"]);
  });

  it("drops every message when the client holds another key", async () => {
    const stranger = connectKernel({ ...session.kernel.connection, key: "not-the-key" });
    try {
      await sleep(300);
      await run('console.log("signed")');
      await sleep(200);
      expect(stranger.droppedMessages).toBeGreaterThan(0);
    } finally {
      stranger.close();
    }
  });

  it("interrupts a busy cell with SIGINT and keeps the kernel usable", async () => {
    const { done } = session.client.execute("while (true) {}");
    // A SIGINT that lands while tslab still compiles the cell is spent before the loop starts; repeat it.
    const repeat = setInterval(() => session.kernel.interrupt(), 500);
    const { reply } = await done.finally(() => clearInterval(repeat));
    expect(reply.content["status"]).toBe("error");
    await sleep(300);
    expect(await run("console.log(1 + 1)")).toMatchObject({ status: "ok", stdout: "2\n" });
  });

  it("shuts down on request and leaves no process", async () => {
    const exit = await session.close({ graceMs: 3000 });
    expect(exit.exitCode).not.toBeNull();
    expect(await processesMentioning(kernelTemp)).toEqual([]);
  });

  it("kills the kernel when the process that started it is killed with SIGKILL", async () => {
    await ensureBuilt();
    const script = [
      `const { startKernelSession } = await import(${JSON.stringify(path.join(repoRoot, "lib/dist/notebook/index.js"))});`,
      `const session = await startKernelSession({ cwd: ${JSON.stringify(folder.path)} });`,
      "console.log(JSON.stringify({ pid: session.kernel.pid }));",
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const line = await new Promise<string>((resolve, reject) => {
      parent.stdout.once("data", (chunk: Buffer) => resolve(chunk.toString()));
      parent.once("exit", (code) => reject(new Error(`the parent exited early with ${code}`)));
    });
    const { pid } = JSON.parse(line) as { pid: number };
    expect(await processesMentioning(kernelTemp)).not.toEqual([]);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 15_000;
    while ((await processesMentioning(kernelTemp)).length > 0 && Date.now() < deadline) await sleep(200);
    expect(await processesMentioning(kernelTemp)).toEqual([]);
    // The watchdog itself may linger as a zombie until init reaps it; it must not be running.
    expect(await processState(pid)).toMatch(/^(gone|Z)$/);
  });
});

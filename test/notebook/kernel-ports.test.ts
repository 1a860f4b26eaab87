// A port taken by another process between its choice and the kernel's bind: tslab then hangs without
// answering, so the session must notice it from the kernel's output and start again on other ports.
import { createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allocateFreePorts } from "../../lib/notebook/kernel.js";
import { startKernelSession } from "../../lib/notebook/kernel-session.js";
import { KernelStartError } from "../../lib/notebook/errors.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { isolateKernelTemp, processesMentioning, removeKernelTemp } from "./support.js";

let kernelTemp: string;
let folder: TempDir;
let holder: Server;
let heldPort: number;
// The clients of the failed starts connected to the held port; zeromq drops such half-made connections
// only after its handshake interval, so the holder ends them itself.
const accepted = new Set<Socket>();

beforeAll(async () => {
  kernelTemp = isolateKernelTemp();
  folder = await createTempDir("agentft-kernel-ports-");
  // Another process's listener, as a test server of a parallel suite would be.
  holder = createServer((socket) => {
    accepted.add(socket);
    socket.on("close", () => accepted.delete(socket));
  });
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  heldPort = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  for (const socket of accepted) socket.destroy();
  await new Promise((resolve) => holder.close(resolve));
  expect(await processesMentioning(kernelTemp)).toEqual([]);
  await removeKernelTemp(kernelTemp);
  await folder.remove();
});

describe("a kernel port taken by another process", () => {
  it("is noticed at once and the kernel starts again on other ports", async () => {
    const picks: number[][] = [];
    const allocatePorts = async (): Promise<number[]> => {
      const free = await allocateFreePorts();
      // The first start gets the held port as its shell port; later ones get free ports.
      const ports = picks.length === 0 ? [heldPort, ...free.slice(1)] : free;
      picks.push(ports);
      return ports;
    };
    const started = Date.now();
    const session = await startKernelSession({ cwd: folder.path, allocatePorts, startupTimeoutMs: 100_000 });
    try {
      expect(picks).toHaveLength(2);
      expect(session.kernel.connection.shell_port).not.toBe(heldPort);
      expect(session.info.header.msg_type).toBe("kernel_info_reply");
      // Far below the 100 s start-up limit the hang would have run into.
      expect(Date.now() - started).toBeLessThan(60_000);
    } finally {
      await session.close();
    }
  }, 120_000);

  it("fails with the ports and the kernel's message when every start meets a taken port", async () => {
    let starts = 0;
    const allocatePorts = async (): Promise<number[]> => {
      starts += 1;
      return [heldPort, ...(await allocateFreePorts()).slice(1)];
    };
    const error = await startKernelSession({ cwd: folder.path, allocatePorts, startupTimeoutMs: 100_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(KernelStartError);
    expect((error as Error).message).toContain(`shell ${heldPort}`);
    expect((error as Error).message).toMatch(/EADDRINUSE|Address already in use/);
    expect(starts).toBe(3);
  }, 120_000);
});

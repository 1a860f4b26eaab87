// Read a growing log file line by line: what is there, then (with `follow`) what is appended, until the
// writer is done. Polls instead of fs.watch, which misses appends over NFS and on some container file systems.
import { open } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface FollowFileOptions {
  /** Keep reading until `isDone` says the writer has finished. @default false */
  readonly follow?: boolean;
  /** Asked after each empty read while following: true when no more output will come. */
  readonly isDone?: () => Promise<boolean> | boolean;
  /** @default 250 */
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  /** Byte offset to start at (a resubmitted job's lines start after the earlier attempt's). @default 0 */
  readonly startOffset?: number;
}

// Yield the file's lines (without "\n"); a missing file counts as empty until it appears.
export async function* followFile(file: string, options: FollowFileOptions = {}): AsyncGenerator<string> {
  const pollMs = options.pollMs ?? 250;
  let offset = options.startOffset ?? 0;
  let partial = "";
  const decoder = new TextDecoder();
  const buffer = Buffer.alloc(64 * 1024);
  for (;;) {
    if (options.signal?.aborted) return;
    let grew = false;
    const handle = await open(file, "r").catch(() => undefined);
    if (handle) {
      try {
        for (;;) {
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          if (bytesRead === 0) break;
          grew = true;
          offset += bytesRead;
          partial += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
          const lines = partial.split("\n");
          partial = lines.pop() ?? "";
          for (const line of lines) yield line;
        }
      } finally {
        await handle.close();
      }
    }
    if (grew) continue;
    // The writer being done is checked before the last read, so output written just before it ended is kept.
    if (!options.follow || (await options.isDone?.())) {
      const rest = (partial + decoder.decode(await readFrom(file, offset))).split("\n");
      if (rest.at(-1) === "") rest.pop();
      for (const line of rest) yield line;
      return;
    }
    try {
      await sleep(pollMs, undefined, { signal: options.signal });
    } catch {
      return;
    }
  }
}

async function readFrom(file: string, offset: number): Promise<Buffer> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return Buffer.alloc(0);
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const out = Buffer.alloc(size - offset);
    await handle.read(out, 0, out.length, offset);
    return out;
  } finally {
    await handle.close();
  }
}

// The last `lines` lines of a file ("" when it does not exist), for error messages.
export async function readTail(file: string, lines = 20, maxBytes = 16 * 1024): Promise<string> {
  const handle = await open(file, "r").catch(() => undefined);
  if (!handle) return "";
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes);
    const out = Buffer.alloc(size - start);
    await handle.read(out, 0, out.length, start);
    return out.toString("utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } finally {
    await handle.close();
  }
}

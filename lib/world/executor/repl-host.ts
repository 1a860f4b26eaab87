// One started Python (repl.py's host) that forks a fresh REPL per world: starting Python and its imports
// costs tens of milliseconds of CPU, a fork of a process that has done it once about one.
// The host's pipe carries control frames (spawn, kill, exit, stderr; described at repl.py's Host); each
// REPL's own protocol runs over a Unix socket connection it opens to this module's server, so the lines
// of an execution never pass through the host.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { constants, tmpdir } from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";
import { withSocketDir, type ReplCommand } from "./sandbox.js";

/** What a channel's owner hears from its REPL. */
export interface ChannelHandlers {
  /** Protocol text from the REPL, in arbitrary pieces. */
  onData(text: string): void;
  onStderr(text: string): void;
  /** Called once, with why the REPL ended (`exited with code 0`, `killed by SIGXCPU`, ...). */
  onExit(reason: string): void;
}

/** One REPL forked by the host. */
export interface ReplChannel {
  /** Protocol text for the REPL (held until it has connected; dropped once it has ended). */
  write(text: string): void;
  /** SIGKILL the REPL; its end is reported through `onExit`. */
  kill(): void;
}

interface OpenChannel {
  readonly id: number;
  /** The one-time token the REPL names itself with when it connects. */
  readonly token: string;
  readonly handlers: ChannelHandlers;
  readonly stderr: StringDecoder;
  socket: Socket | undefined;
  /** Text written before the REPL connected. */
  queued: string[];
  /** Set when the host reported the end; delivered once the socket has closed too. */
  endReason: string | undefined;
}

const SOCKET_NAME = "repl.sock";
const HOST_STDERR_TAIL_CHARS = 4000;
/** A connection must name its channel within this time. */
const HELLO_TIMEOUT_MS = 10_000;
/** How long an ended REPL's socket may stay open before its end is delivered anyway. */
const SOCKET_CLOSE_GRACE_MS = 2_000;
/** The host is asked to answer a ping this often while it serves REPLs. */
const HEARTBEAT_MS = 1_000;
/**
 * A host that leaves a ping unanswered this long (stopped, hung) is killed, and its worlds get REPLs
 * from a fresh one. Counted in heartbeats Node itself was awake for, so a stalled Node blames no host.
 */
const HOST_SILENT_BEATS = 4;
/** After the host process exited, how long its pipes may stay open (a stray holder) before it counts as ended. */
const HOST_CLOSE_GRACE_MS = 1_000;

// Folders of live hosts: idle hosts are unref'd, so Node may exit before their exit events.
const liveDirs = new Set<string>();
let exitHookInstalled = false;

function trackDir(dir: string): void {
  liveDirs.add(dir);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const left of liveDirs) rmSync(left, { recursive: true, force: true });
  });
}

// A Unix socket path may hold about 107 bytes; a long TMPDIR would not leave room for the socket's.
const SOCKET_PATH_LIMIT = 100;
/** Folders this module makes are named `agentft-<kind>-<pid of the Node process>-<random>`. */
const DIR_PATTERN = /^agentft-(?:sock|repl)-(\d+)-/;
let swept = false;

// A Node process killed by a signal runs no exit hook, so each process removes, once, the folders left by
// processes of its user that no longer exist.
function sweepLeftovers(parents: readonly string[]): void {
  if (swept) return;
  swept = true;
  for (const parent of new Set(parents)) {
    let entries: string[];
    try {
      entries = readdirSync(parent);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const owner = Number(DIR_PATTERN.exec(entry)?.[1] ?? Number.NaN);
      if (!Number.isInteger(owner) || isAlive(owner)) continue;
      const dir = path.join(parent, entry);
      try {
        if (statSync(dir).uid === process.getuid?.()) rmSync(dir, { recursive: true, force: true });
      } catch {
        // Gone already, or not ours to remove.
      }
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function makeDir(kind: "sock" | "repl"): string {
  const prefix = `agentft-${kind}-${process.pid}-`;
  const longest = path.join(tmpdir(), `${prefix}XXXXXX`, SOCKET_NAME);
  const parent = kind === "sock" && Buffer.byteLength(longest) > SOCKET_PATH_LIMIT ? "/tmp" : tmpdir();
  sweepLeftovers([tmpdir(), "/tmp"]);
  const dir = mkdtempSync(path.join(parent, prefix));
  trackDir(dir);
  return dir;
}

/** A started host process and its channels. */
export class ReplHost {
  readonly command: ReplCommand;
  private readonly child: ChildProcess;
  private readonly server: Server;
  private readonly channels = new Map<number, OpenChannel>();
  /** Tokens of channels whose REPL has not connected yet. */
  private readonly tokens = new Map<string, OpenChannel>();
  private nextId = 0;
  private pending: Buffer = Buffer.alloc(0);
  private stderrTail = "";
  private ended = false;
  /** The host process exited; its end is delivered once its pipes closed (or after a grace). */
  private exited = false;
  private readonly heartbeat: NodeJS.Timeout;
  /** Heartbeats since the last pong (each sends a ping). */
  private unanswered = 0;
  private lastBeat = Date.now();
  private exitReason = "";
  private released = false;
  /** This host serves one REPL only (its REPLs could not be isolated from each other). */
  private singleUse: boolean;
  private readonly socketDir: string;
  /** Outside bubblewrap, the folder the REPLs' own folders are made in (removed with the host). */
  private readonly scratchBase: string | undefined;

  constructor(command: ReplCommand) {
    this.command = command;
    this.singleUse = command.oneReplPerHost;
    this.socketDir = makeDir("sock");
    this.server = createServer((socket) => this.onConnection(socket));
    const listenPath = path.join(this.socketDir, SOCKET_NAME);
    this.server.on("error", (error: NodeJS.ErrnoException) => {
      // Typically a path over the ~107-byte limit of Unix socket paths, from a long TMPDIR.
      this.stderrTail += `\ncould not listen on the REPL socket ${listenPath}: ${error.message} (set TMPDIR to a short folder such as /tmp)`;
      this.kill();
    });
    this.server.listen(listenPath);
    this.server.unref();
    const { args, socketPath } = withSocketDir(command, this.socketDir, SOCKET_NAME);
    const config = JSON.parse(args.at(-1) ?? "{}") as Record<string, unknown>;
    let cwd = command.cwd;
    if (command.privateScratch) {
      this.scratchBase = makeDir("repl");
      // REPLs of a root parent run as `nobody`: they may pass through to their own folder, not list others.
      if (process.getuid?.() === 0) chmodSync(this.scratchBase, 0o711);
      cwd = this.scratchBase;
    }
    args[args.length - 1] = JSON.stringify({
      ...config,
      socketPath,
      ...(this.scratchBase ? { scratchBase: this.scratchBase } : {}),
    });
    this.child = spawn(command.file, args, {
      cwd,
      env: { ...command.env },
      stdio: ["pipe", "pipe", "pipe"],
      // Own process group, so a kill reaches the host and every REPL it forked.
      detached: true,
    });
    // Idle REPLs must not keep the Node process alive; timers do while something is awaited.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
    this.child.stdout!.on("data", (chunk: Buffer) => this.onFrames(chunk));
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-HOST_STDERR_TAIL_CHARS);
    });
    // A write to a host that just died fails with EPIPE; the close handler reports it.
    this.child.stdin!.on("error", () => undefined);
    this.child.on("error", (error) => this.onHostEnd(`could not start \`${command.file}\`: ${error.message}`));
    // `close`, not `exit`: every frame the host wrote has been read by then. `exit` stops new channels at
    // once, and ends the host after a grace should something else hold its pipes open.
    this.child.on("close", (code, signal) => this.onHostEnd(`the REPL host ${describeExit(code, signal)}`));
    this.child.on("exit", (code, signal) => {
      this.exited = true;
      setTimeout(() => this.onHostEnd(`the REPL host ${describeExit(code, signal)}`), HOST_CLOSE_GRACE_MS).unref();
    });
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  // Ping the host; one that stays silent for several beats is killed (its `close` then ends its channels).
  private beat(): void {
    const now = Date.now();
    const late = now - this.lastBeat > 2 * HEARTBEAT_MS;
    this.lastBeat = now;
    // A beat that comes late means Node itself was stalled: the host's answer may be waiting unread.
    if (late) this.unanswered = 0;
    if (this.ended || this.exited) return;
    if (this.unanswered >= HOST_SILENT_BEATS) {
      this.stderrTail += `\nthe REPL host answered no ping for ${HOST_SILENT_BEATS} s (stopped or hung): killed`;
      this.kill();
      return;
    }
    this.unanswered += 1;
    this.send("ping", 0, "");
  }

  /** True while new channels may be opened: the host runs and was not released (a single-use one: has none). */
  get accepting(): boolean {
    return !this.ended && !this.exited && !this.released && (!this.singleUse || this.nextId === 0);
  }

  /** False once the host process has ended (or exited, its end not yet delivered). */
  get running(): boolean {
    return !this.ended && !this.exited;
  }

  // Ask the host for a new REPL; its output and end arrive through `handlers`.
  openChannel(handlers: ChannelHandlers): ReplChannel {
    const channel: OpenChannel = {
      id: ++this.nextId,
      token: randomBytes(16).toString("hex"),
      handlers,
      stderr: new StringDecoder("utf8"),
      socket: undefined,
      queued: [],
      endReason: undefined,
    };
    this.channels.set(channel.id, channel);
    if (this.ended) {
      queueMicrotask(() => this.endChannel(channel, this.endReason()));
    } else {
      this.tokens.set(channel.token, channel);
      this.send("spawn", channel.id, channel.token);
    }
    return {
      write: (text) => {
        if (channel.endReason !== undefined || !this.channels.has(channel.id)) return;
        if (channel.socket) writeWithBackpressure(channel.socket, text);
        else channel.queued.push(text);
      },
      kill: () => {
        if (this.channels.has(channel.id) && !this.ended) this.send("kill", channel.id, "");
      },
    };
  }

  // The host's first frame says what its REPLs got. Where each was to have namespaces of its own (bubblewrap
  // with `privateTmp`) and the host could not give them, contrary to the probe made before it started, it
  // keeps the REPLs it has and takes no other.
  private onHostHello(payload: Buffer): void {
    if (!this.command.isolatedRepls || this.singleUse) return;
    let isolation: unknown;
    try {
      isolation = (JSON.parse(payload.toString("utf8")) as { isolation?: unknown }).isolation;
    } catch {
      isolation = undefined;
    }
    if (isolation !== "nested") {
      this.singleUse = true;
      this.release();
    }
  }

  /** No more channels will be asked for: the host ends once its last REPL has. */
  release(): void {
    this.released = true;
    if (this.channels.size === 0) this.stop();
  }

  private stop(): void {
    // End of input makes the host kill its REPLs (none are left) and exit.
    if (!this.ended) this.child.stdin!.end();
    this.server.close();
  }

  private send(kind: string, id: number, payload: string): void {
    this.child.stdin!.write(`${kind} ${id} ${Buffer.byteLength(payload)}\n${payload}`);
  }

  // A REPL connects and names itself by its token; anything else on the socket is dropped.
  private onConnection(socket: Socket): void {
    socket.unref();
    socket.setEncoding("utf8");
    let hello = "";
    const timer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
    timer.unref();
    const onHello = (text: string): void => {
      hello += text;
      const newline = hello.indexOf("\n");
      if (newline < 0) {
        if (hello.length > 64) socket.destroy();
        return;
      }
      clearTimeout(timer);
      socket.off("data", onHello);
      const channel = this.tokens.get(hello.slice(0, newline));
      if (!channel || channel.endReason !== undefined) {
        socket.destroy();
        return;
      }
      this.tokens.delete(channel.token);
      channel.socket = socket;
      socket.on("data", (data: string) => channel.handlers.onData(data));
      socket.on("close", () => {
        if (channel.endReason !== undefined) this.endChannel(channel, channel.endReason);
      });
      for (const text of channel.queued.splice(0)) writeWithBackpressure(socket, text);
      const rest = hello.slice(newline + 1);
      if (rest) channel.handlers.onData(rest);
    };
    socket.on("data", onHello);
    socket.on("error", () => undefined);
  }

  // Split the host's output into frames; a frame may arrive in pieces or several in one chunk.
  private onFrames(chunk: Buffer): void {
    const buffer = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    let offset = 0;
    for (;;) {
      const newline = buffer.indexOf(10, offset);
      if (newline < 0) break;
      const header = buffer.toString("latin1", offset, newline);
      const [kind, idText, lengthText] = header.split(" ");
      const id = Number(idText);
      const length = Number(lengthText);
      if (!kind || !Number.isInteger(id) || !Number.isInteger(length) || length < 0) {
        // Only the host writes this pipe, so this is a host bug: stop it rather than guess.
        this.stderrTail += `\nunreadable frame header from the REPL host: ${JSON.stringify(header.slice(0, 80))}`;
        this.kill();
        return;
      }
      if (buffer.length < newline + 1 + length) break;
      this.onFrame(kind, id, buffer.subarray(newline + 1, newline + 1 + length));
      offset = newline + 1 + length;
    }
    // Copy the remainder, so a large chunk is not kept alive by a few trailing bytes.
    this.pending = offset < buffer.length ? Buffer.from(buffer.subarray(offset)) : Buffer.alloc(0);
  }

  private onFrame(kind: string, id: number, payload: Buffer): void {
    if (kind === "pong") {
      this.unanswered = 0;
      return;
    }
    // The host holds a handle on the socket now, through which its REPLs connect: the path can go, so a
    // Node process killed from here on leaves no folder behind.
    if (kind === "host") {
      this.removeSocketDir();
      this.onHostHello(payload);
      return;
    }
    const channel = this.channels.get(id);
    if (!channel) return;
    if (kind === "err") channel.handlers.onStderr(channel.stderr.write(payload));
    else if (kind === "exit") {
      const ended = JSON.parse(payload.toString("utf8")) as { code?: number; signal?: number; error?: string };
      const reason =
        ended.error ??
        (ended.signal !== undefined ? `killed by ${signalName(ended.signal)}` : `exited with code ${ended.code}`);
      // The REPL's last protocol lines may still be in its socket: deliver the end after them (its socket
      // closes with it; the timer only guards against a close that never comes).
      channel.endReason = reason;
      if (!channel.socket || channel.socket.closed) this.endChannel(channel, reason);
      else setTimeout(() => this.endChannel(channel, reason), SOCKET_CLOSE_GRACE_MS).unref();
    }
  }

  private endChannel(channel: OpenChannel, reason: string): void {
    if (!this.channels.delete(channel.id)) return;
    channel.socket?.destroy();
    this.tokens.delete(channel.token);
    if (this.scratchBase !== undefined)
      rmSync(path.join(this.scratchBase, `repl-${channel.id}`), { recursive: true, force: true });
    channel.handlers.onExit(reason);
    if (this.released && this.channels.size === 0) this.stop();
  }

  /** Kill the host and every REPL it forked. */
  kill(): void {
    if (this.ended || this.exited || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, "SIGKILL");
    } catch {
      this.child.kill("SIGKILL");
    }
  }

  private endReason(): string {
    const tail = this.stderrTail.trim();
    return tail ? `${this.exitReason}; stderr: ${tail.slice(-500)}` : this.exitReason;
  }

  private onHostEnd(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    this.exitReason = reason;
    for (const channel of [...this.channels.values()]) this.endChannel(channel, this.endReason());
    this.server.close();
    this.removeSocketDir();
    if (this.scratchBase !== undefined) {
      liveDirs.delete(this.scratchBase);
      rmSync(this.scratchBase, { recursive: true, force: true });
    }
  }

  private removeSocketDir(): void {
    if (!liveDirs.delete(this.socketDir)) return;
    rmSync(this.socketDir, { recursive: true, force: true });
  }
}

// A REPL that does not read its answers must not make Node hold them: while the socket's outgoing buffer is
// full, nothing more is read from it (the REPL then blocks on its own writes).
function writeWithBackpressure(socket: Socket, text: string): void {
  if (socket.write(text) || socket.isPaused()) return;
  socket.pause();
  socket.once("drain", () => socket.resume());
}

function signalName(signal: number): string {
  return Object.entries(constants.signals).find(([, number]) => number === signal)?.[0] ?? `signal ${signal}`;
}

// bubblewrap exits with 128 + N when its child was killed by signal N; name the signal either way.
function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  if (code !== null && code > 128) return `was killed by ${signalName(code - 128)}`;
  return `exited with code ${code}`;
}

// The kernel's part of the boundary, attacked from cells that first switch off the in-process checks: each
// REPL alone in its PID namespace, quotas on the only writable places, the server's environment out of
// reach, no network, and nothing left behind by a world, a stopped host or a killed server.
import { execFileSync, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createReplPool, startPythonRepl, type PythonRepl, type ReplPool } from "../../../lib/world/executor/index.js";
import { missing } from "../../helpers/prerequisites.js";
import { createTinyWorld } from "./tiny-world.js";

const FAILED = "Execution failed. Traceback:\n";
const repoRoot = resolve(import.meta.dirname, "../../..");
const tsx = resolve(repoRoot, "node_modules/tsx/dist/cli.mjs");
// Reaches the REPL's module namespace through a function every cell is given and disarms every check the
// audit hook makes, so what the tests below meet is the kernel.
const ESCAPE = `g = lambda o, n: list(map(getattr, [o], [n]))[0]
glb = g(g(g(apis, '__class__'), '__getattr__'), '__globals__')
glb['BLOCKED_MODULE_LOADS'] = frozenset(); glb['BLOCKED_EVENTS'] = frozenset(); glb['PATH_EVENTS'] = {}
glb['is_under_tmp'] = lambda p: True; glb['is_foreign_proc_path'] = lambda p: False
glb['is_other_repls_folder'] = lambda p: False
os_ = glb['os']
`;
const modes = missing("bubblewrap") ? (["none"] as const) : (["bwrap", "none"] as const);
const quiet = { onWarning: () => undefined };

const cleanup: (PythonRepl | ReplPool)[] = [];
afterEach(async () => {
  for (const item of cleanup.splice(0)) await item.close();
});

function twoWorlds(sandbox: "bwrap" | "none", options: { tmpBytes?: number } = {}) {
  const pool = createReplPool({ sandbox, size: 1, ...options, ...quiet });
  const attacker = startPythonRepl(createTinyWorld().caller, { pool, timeoutSeconds: 20 });
  const victim = startPythonRepl(createTinyWorld().caller, { pool });
  cleanup.push(attacker, victim, pool);
  return { pool, attacker, victim };
}

interface ProcessEntry {
  readonly ppid: number;
  readonly cmdline: string;
  readonly exe: string;
  readonly state: string;
}

function processTable(): Map<number, ProcessEntry> {
  const table = new Map<number, ProcessEntry>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${entry}/exe`);
      } catch {
        // A kernel thread, or not ours to read.
      }
      table.set(Number(entry), {
        ppid: Number(ppid),
        state: state ?? "",
        exe,
        cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8"),
      });
    } catch {
      // The process ended while it was being read.
    }
  }
  return table;
}

function descendantsOf(root: number, table = processTable()): number[] {
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, p] of table) if (p.ppid === found[i]) found.push(pid);
  }
  return found.slice(1);
}

// The Python host processes below this one: a repl.py Python whose parent is not one (bubblewrap's
// command line names repl.py too, so the executable decides).
function pythonHosts(): number[] {
  const table = processTable();
  const isPython = (pid: number) => /python/.test(table.get(pid)?.exe ?? "");
  return descendantsOf(process.pid, table).filter(
    (pid) => isPython(pid) && table.get(pid)!.cmdline.includes("repl.py") && !isPython(table.get(pid)!.ppid),
  );
}

async function until(check: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return check();
}

function splitFirst(text: string): [string, string] {
  const trimmed = text.trim();
  const space = trimmed.indexOf(" ");
  return space < 0 ? [trimmed, ""] : [trimmed.slice(0, space), trimmed.slice(space + 1)];
}

function listing(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

describe.each(modes)("each REPL in a PID namespace of its own (sandbox: %s)", (sandbox) => {
  it("sees only itself in /proc and cannot reach the host's or another REPL's process", async () => {
    const { attacker, victim } = twoWorlds(sandbox);
    await victim.execute("kept = 'victim state'");
    await attacker.execute("x = 1");
    const listed = JSON.parse(
      await attacker.execute(`${ESCAPE}print(sorted(p for p in os_.listdir('/proc') if p.isdigit()))`),
    ) as string[];
    expect(listed).toEqual(["1"]);
    expect(await attacker.execute(`${ESCAPE}print(os_.getpid(), os_.getppid())`)).toBe("1 0\n");
    // Every process below this one, by the pids this process sees: the hosts, bubblewrap, the other REPLs.
    const targets = descendantsOf(process.pid);
    expect(targets.length).toBeGreaterThanOrEqual(3);
    const probe = await attacker.execute(
      `${ESCAPE}out = []\nfor pid in ${JSON.stringify(targets)}:\n    for how in ('environ', 'signal'):\n        try:\n            if how == 'environ':\n                open(f'/proc/{pid}/environ', 'rb').read()\n            else:\n                os_.kill(pid, 0)\n            out.append((pid, how))\n        except OSError:\n            pass\nprint(out)`,
    );
    expect(probe).toBe("[]\n");
    expect(await victim.execute("print(kept)")).toBe("victim state\n");
  });
});

describe.each(modes)("the writable places and their quotas (sandbox: %s)", (sandbox) => {
  it("fills /tmp and /dev/shm up to the quota only; another world and the machine are unaffected; nothing is left", async () => {
    const tmpBytes = 8 * 2 ** 20;
    const shmBefore = listing("/dev/shm");
    const tmpBefore = listing("/tmp").filter((name) => name.startsWith("agentft-"));
    const { attacker, victim } = twoWorlds(sandbox, { tmpBytes });
    await victim.execute("open('/tmp/victim-note', 'w').write('mine')");
    const fill = (dir: string) =>
      `${ESCAPE}total = 0\nerr = ''\ntry:\n    for i in range(64):\n        with open('${dir}/fill-%d' % i, 'wb') as f:\n            f.write(b'x' * (1 << 20))\n        total += 1 << 20\nexcept OSError as e:\n    err = e.strerror\nprint(total, err)`;
    const [tmpTotal, tmpError] = splitFirst(await attacker.execute(fill("/tmp")));
    expect(Number(tmpTotal)).toBeLessThanOrEqual(tmpBytes);
    expect(tmpError).toMatch(/No space left on device|File too large/);
    const [shmTotal, shmError] = splitFirst(await attacker.execute(fill("/dev/shm")));
    // Under bubblewrap /dev/shm is read-only; without it, a tmpfs of the REPL's own with the same quota.
    if (sandbox === "bwrap") expect([shmTotal, shmError]).toEqual(["0", "Read-only file system"]);
    else {
      expect(Number(shmTotal)).toBeLessThanOrEqual(tmpBytes);
      expect(shmError).toMatch(/No space left on device/);
    }
    // The other world's /tmp is its own: none of the attacker's files, its own note intact and still writable.
    expect(await victim.execute(`${ESCAPE}print(sorted(os_.listdir('/tmp')), open('/tmp/victim-note').read())`)).toBe(
      "['victim-note'] mine\n",
    );
    expect(await victim.execute("open('/tmp/more', 'wb').write(b'y' * (1 << 20))\nprint('wrote')")).toBe("wrote\n");
    expect(listing("/dev/shm")).toEqual(shmBefore);
    await attacker.close();
    await victim.close();
    expect(listing("/dev/shm")).toEqual(shmBefore);
    expect(await until(() => listing("/tmp").filter((n) => n.startsWith("agentft-")).length <= tmpBefore.length)).toBe(
      true,
    );
  });
});

describe.each(modes)("a host that stops answering (sandbox: %s)", (sandbox) => {
  it("is killed and replaced within seconds: a stopped host stalls no later world", { timeout: 25_000 }, async () => {
    const before = new Set(pythonHosts());
    const pool = createReplPool({ sandbox, size: 1, ...quiet });
    const world = startPythonRepl(createTinyWorld().caller, { pool });
    cleanup.push(world, pool);
    await world.execute("x = 1");
    const hosts = pythonHosts().filter((pid) => !before.has(pid));
    expect(hosts).toHaveLength(1);
    const stopped = hosts[0]!;
    process.kill(stopped, "SIGSTOP");
    try {
      // The heartbeat finds it silent after 4 s and kills it; a world opened now waits for a fresh host,
      // not for the 30 s handshake limit.
      const started = Date.now();
      const late = startPythonRepl(createTinyWorld().caller, { pool });
      cleanup.push(late);
      expect(await late.execute("print('answered')")).toBe("answered\n");
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(await until(() => !processTable().has(stopped))).toBe(true);
      // The world of the stopped host goes on with a fresh REPL.
      const output = await world.execute("print('x' in dir())");
      expect(output === "False\n" || output.startsWith(`${FAILED}Exception: The Python process stopped`), output).toBe(
        true,
      );
      expect(await world.execute("print('again')")).toBe("again\n");
    } finally {
      try {
        process.kill(stopped, "SIGKILL");
      } catch {
        // Killed by the heartbeat already.
      }
    }
  });
});

// A server process of its own, with a secret in its environment (what /proc/<pid>/environ shows is the
// environment a process was started with, so it cannot be planted in this one).
function runServer(script: string, env: Record<string, string> = {}): string {
  return execFileSync(process.execPath, [tsx, "--input-type=module", "-e", script], {
    cwd: repoRoot,
    env: { PATH: process.env["PATH"] ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe.each(modes)("the server's own process (sandbox: %s)", (sandbox) => {
  it("keeps its environment out of reach: /proc/<server pid>/environ cannot be read", () => {
    const secret = `agentft-planted-${process.pid}`;
    // The server's pid and its parent's, as the server sees them, are put in by the server itself.
    const code = `${ESCAPE}for path in ['/proc/SERVER/environ', '/proc/PARENT/environ', '/proc/1/environ']:\n    try:\n        print(path, open(path, 'rb').read())\n    except OSError as e:\n        print(path, type(e).__name__)`;
    const script = `
      import { startPythonRepl } from "./lib/world/executor/index.js";
      const repl = startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { sandbox: "${sandbox}", onWarning: () => undefined });
      const code = ${JSON.stringify(code)}.replace("SERVER", String(process.pid)).replace("PARENT", String(process.ppid));
      process.stdout.write(await repl.execute(code));
      await repl.close();`;
    const output = runServer(script, { AGENTFT_TEST_SECRET: secret });
    expect(output).not.toContain(secret);
    const lines = output.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\/proc\/\d+\/environ (FileNotFoundError|PermissionError)$/);
    expect(lines[1]).toMatch(/^\/proc\/\d+\/environ (FileNotFoundError|PermissionError)$/);
    // /proc/1 is the REPL itself, whose environment holds only the executor's own variables.
    // /proc/1 is the REPL itself: only the executor's own variables (as `nobody`, not even its own entry is readable).
    expect(lines[2]).toMatch(/^\/proc\/1\/environ (b'PATH=|PermissionError$)/);
  });
});

describe.each(modes)("no network (sandbox: %s)", (sandbox) => {
  it("cannot connect to the server's port, and its network namespace has none of the server's sockets", async () => {
    const server = createServer((socket) => socket.end("reached\n"));
    await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
    const port = (server.address() as AddressInfo).port;
    try {
      const repl = startPythonRepl(createTinyWorld().caller, { sandbox, ...quiet });
      cleanup.push(repl);
      const connect = await repl.execute(
        `${ESCAPE}s = g(glb['__builtins__'], '__import__')('_socket')\ntry:\n    c = s.socket(s.AF_INET, s.SOCK_STREAM)\n    c.connect(('127.0.0.1', ${port}))\n    print('connected', c.recv(100))\nexcept OSError as e:\n    print(type(e).__name__)`,
      );
      expect(connect).not.toContain("connected");
      const hex = port.toString(16).toUpperCase().padStart(4, "0");
      const tcp = await repl.execute(`${ESCAPE}print(open('/proc/self/net/tcp').read())`);
      expect(tcp).toMatch(/local_address/);
      expect(tcp).not.toContain(`:${hex} `);
      // The server's own namespace does list it: the check above looks where the socket would be.
      expect(readFileSync("/proc/self/net/tcp", "utf8")).toContain(`:${hex} `);
      const devices = await repl.execute(
        `${ESCAPE}print(sorted(l.split(':')[0].strip() for l in open('/proc/self/net/dev').readlines()[2:]))`,
      );
      expect(devices).toBe('["lo"]\n');
    } finally {
      server.close();
    }
  });
});

// bubblewrap's own `--disable-userns` makes the kernel refuse user namespaces inside the sandbox, as kernels
// that restrict unprivileged user namespaces (AppArmor) do: the REPLs cannot have namespaces of their own there.
describe.skipIf(missing("bubblewrap"))("under bubblewrap, where user namespaces do not nest", () => {
  it("gives each REPL a sandbox of its own: another world's files and processes stay out of reach", () => {
    const shims = mkdtempSync("/var/tmp/agentft-nonesting-");
    try {
      writeFileSync(`${shims}/bwrap`, '#!/bin/sh\nexec /usr/bin/bwrap --unshare-user --disable-userns "$@"\n');
      chmodSync(`${shims}/bwrap`, 0o755);
      chmodSync(shims, 0o755);
      const plant = `${ESCAPE}open('/tmp/secret', 'w').write('victim data')\nprint(os_.getpid())`;
      const probe = `${ESCAPE}out = [sorted(p for p in os_.listdir('/proc') if p.isdigit()), [str(os_.getpid()), str(os_.getppid())]]\nfor root, dirs, files in os_.walk('/tmp'):\n    out.append(sorted(files))\nprint(glb['json'].dumps(out))`;
      const script = `
        import { createReplPool, startPythonRepl } from "./lib/world/executor/index.js";
        const caller = () => ({ status: 200, body: {}, json: "{}" });
        const pool = createReplPool({ sandbox: "bwrap", size: 2, onWarning: () => undefined });
        const victim = startPythonRepl(caller, { pool });
        const attacker = startPythonRepl(caller, { pool });
        const victimPid = (await victim.execute(${JSON.stringify(plant)})).trim();
        const seen = JSON.parse(await attacker.execute(${JSON.stringify(probe)}));
        const kept = await victim.execute("print(open('/tmp/secret').read())");
        await attacker.close(); await victim.close(); await pool.close();
        process.stdout.write(JSON.stringify({ victimPid, seen, kept }));`;
      const result = JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
          cwd: repoRoot,
          env: { ...process.env, PATH: `${shims}:/usr/bin:/bin` },
          encoding: "utf8",
          timeout: 60_000,
        }),
      ) as { victimPid: string; seen: [string[], string[], ...string[][]]; kept: string };
      // The attacker, with the in-process checks patched away, sees no process but its sandbox's init, its
      // host and itself, and no file of the victim's anywhere in its /tmp: the REPLs are in different sandboxes.
      const [pids, [self, host], ...files] = result.seen;
      expect(pids.filter((pid) => pid !== "1" && pid !== self && pid !== host)).toEqual([]);
      expect(files.flat()).not.toContain("secret");
      expect(result.kept).toBe("victim data\n");
    } finally {
      rmSync(shims, { recursive: true, force: true });
    }
  });
});

describe("without bubblewrap, as root (sandbox: none)", () => {
  it.runIf(process.getuid?.() === 0)(
    "runs as nobody in a mount namespace of its own: /tmp private, everything else read-only, the server's folders hidden",
    async () => {
      const repl = startPythonRepl(createTinyWorld().caller, { sandbox: "none", ...quiet });
      cleanup.push(repl);
      expect(await repl.execute(`${ESCAPE}print(os_.getuid(), os_.getgid(), os_.getgroups())`)).toBe(
        "65534 65534 []\n",
      );
      const made = `agentft-mountns-${process.pid}`;
      expect(
        await repl.execute(`${ESCAPE}open('/tmp/${made}', 'w').write('x')\nprint(os_.stat('/tmp/${made}').st_uid)`),
      ).toBe("65534\n");
      expect(existsSync(`/tmp/${made}`)).toBe(false);
      // A repository cloned under /tmp is not there at all: the REPL's /tmp is its own.
      const underTmp = resolve(repoRoot).startsWith("/tmp/");
      const writes = await repl.execute(
        `${ESCAPE}out = []\nfor path in ['/var/tmp/${made}', '/dev/${made}', '${repoRoot}/${made}']:\n    try:\n        open(path, 'w').write('x')\n        out.append(path)\n    except OSError as e:\n        out.append(e.strerror)\nprint(out)`,
      );
      expect(JSON.parse(writes)).toEqual([
        "Read-only file system",
        "Read-only file system",
        underTmp ? "No such file or directory" : "Read-only file system",
      ]);
      for (const path of [`/var/tmp/${made}`, `/dev/${made}`, `${repoRoot}/${made}`])
        expect(existsSync(path)).toBe(false);
      // The server's working folder is covered by an empty one (or, under /tmp, absent).
      expect(
        await repl.execute(
          `${ESCAPE}try:\n    print(os_.listdir(${JSON.stringify(process.cwd())}))\nexcept OSError as e:\n    print(e.strerror)`,
        ),
      ).toBe(underTmp ? "No such file or directory\n" : "[]\n");
    },
  );

  it.runIf(process.getuid?.() === 0)(
    "is nobody of a user namespace of its own: only 65534 mapped, no capability, root's files and ids out of reach",
    async () => {
      const made = `agentft-userns-${process.pid}`;
      // Root's own files beside the REPL's view: one for root only, one for root's group, one for everyone.
      const secrets = mkdtempSync("/var/tmp/agentft-userns-");
      chmodSync(secrets, 0o755);
      for (const [name, mode] of [
        ["owner", 0o600],
        ["group", 0o640],
        ["everyone", 0o644],
      ] as const) {
        writeFileSync(`${secrets}/${name}`, `${name}\n`);
        chmodSync(`${secrets}/${name}`, mode);
      }
      try {
        const repl = startPythonRepl(createTinyWorld().caller, { sandbox: "none", ...quiet });
        cleanup.push(repl);
        const inside = JSON.parse(
          await repl.execute(
            `${ESCAPE}status = dict(l.rstrip('\\n').split(':\\t', 1) for l in open('/proc/self/status'))\n` +
              `print(glb['json'].dumps([open('/proc/self/uid_map').read().split(), open('/proc/self/gid_map').read().split(), ` +
              `open('/proc/self/setgroups').read().strip(), status['CapEff'], status['CapPrm'], os_.readlink('/proc/self/ns/user')]))`,
          ),
        );
        expect(inside.slice(0, 5)).toEqual([
          ["65534", "65534", "1"],
          ["65534", "65534", "1"],
          "deny",
          "0000000000000000",
          "0000000000000000",
        ]);
        expect(inside[5]).toMatch(/^user:\[\d+\]$/);
        expect(inside[5]).not.toBe(readlinkSync("/proc/self/ns/user"));

        // Every way back to root's ids fails; the REPL's ids stay 65534.
        const attempts = await repl.execute(
          `${ESCAPE}out = []\nfor name, call in [('setuid', lambda: os_.setuid(0)), ('setresuid', lambda: os_.setresuid(0, 0, 0)), ` +
            `('setgid', lambda: os_.setgid(0)), ('setgroups', lambda: os_.setgroups([0])), ` +
            `('chown', lambda: os_.chown('/tmp/${made}', 0, 0))]:\n` +
            `    open('/tmp/${made}', 'w').write('x')\n` +
            `    try:\n        call()\n        out.append(name)\n    except OSError as e:\n        out.append(e.errno > 0)\n` +
            `print(glb['json'].dumps([out, os_.getresuid(), os_.getresgid(), os_.getgroups()]))`,
        );
        expect(JSON.parse(attempts)).toEqual([
          [true, true, true, true, true],
          [65534, 65534, 65534],
          [65534, 65534, 65534],
          [],
        ]);

        // Seen from outside, the file the REPL wrote in its private /tmp belongs to 65534 of the machine.
        const outer = descendantsOf(process.pid).filter((pid) => {
          try {
            return existsSync(`/proc/${pid}/root/tmp/${made}`);
          } catch {
            return false;
          }
        });
        expect(outer).toHaveLength(1);
        const owner = statSync(`/proc/${outer[0]}/root/tmp/${made}`);
        expect([owner.uid, owner.gid]).toEqual([65534, 65534]);
        expect(readFileSync(`/proc/${outer[0]}/uid_map`, "utf8").split(/\s+/).filter(Boolean)).toEqual([
          "65534",
          "65534",
          "1",
        ]);

        const reads = await repl.execute(
          `${ESCAPE}out = []\nfor name in ['owner', 'group', 'everyone']:\n    try:\n        out.append(open('${secrets}/' + name).read().strip())\n` +
            `    except OSError as e:\n        out.append(e.strerror)\nprint(glb['json'].dumps(out))`,
        );
        expect(JSON.parse(reads)).toEqual(["Permission denied", "Permission denied", "everyone"]);
      } finally {
        rmSync(secrets, { recursive: true, force: true });
      }
    },
  );

  it("with `sandbox: unsafe-none` stays root, warning at every start", async () => {
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    for (let i = 0; i < 2; i += 1) {
      const repl = startPythonRepl(createTinyWorld().caller, { sandbox: "unsafe-none", onWarning });
      cleanup.push(repl);
      expect(await repl.execute(`${ESCAPE}print(os_.getuid() == ${process.getuid?.() ?? -1})`)).toBe("True\n");
    }
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(warnings[1]);
    expect(warnings[0]).toMatch(/^The Python REPL runs without bubblewrap \(`sandbox: unsafe-none`\)/);
    if (process.getuid?.() === 0) expect(warnings[0]).toContain("AS ROOT");
    expect(warnings[0]).toMatch(/Use `sandbox: auto` \(with Debian's bubblewrap\) or `none` instead\.$/);
  });
});

describe("without bubblewrap, as a user other than root (sandbox: none)", () => {
  const asNobody =
    process.getuid?.() === 0 &&
    !missing("debian-python3") &&
    existsSync("/usr/bin/setpriv") &&
    !missing("readable-by-nobody");
  it.runIf(asNobody)(
    "confines the REPL in an unprivileged user namespace: alone in /proc, private /tmp, read-only elsewhere, no network",
    () => {
      // tsx keeps a cache in the temporary folder: give it one that is removed afterwards.
      // Outside /tmp, where the REPL (whose /tmp is its own) would find it.
      const scratch = mkdtempSync("/var/tmp/agentft-nobody-");
      execFileSync("chmod", ["0777", scratch]);
      try {
        const code = `${ESCAPE}out = [os_.getuid(), sorted(p for p in os_.listdir('/proc') if p.isdigit())]\nopen('/tmp/mine', 'w').write('x')\nfor path in ['${scratch}/planted', '/var/tmp/planted-${process.pid}']:\n    try:\n        open(path, 'w').write('x')\n        out.append(path)\n    except OSError as e:\n        out.append(e.strerror)\nout.append(sorted(l.split(':')[0].strip() for l in open('/proc/self/net/dev').readlines()[2:]))\nprint(out)`;
        const script = `
          import { startPythonRepl } from "./lib/world/executor/index.js";
          const repl = startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { sandbox: "none", onWarning: () => undefined });
          process.stdout.write(await repl.execute(${JSON.stringify(code)}));
          await repl.close();`;
        const output = execFileSync(
          "setpriv",
          [
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            process.execPath,
            tsx,
            "--input-type=module",
            "-e",
            script,
          ],
          {
            cwd: repoRoot,
            env: { PATH: "/usr/bin:/bin", AGENTFT_PYTHON: "/usr/bin/python3", TMPDIR: scratch, HOME: scratch },
            encoding: "utf8",
            timeout: 60_000,
          },
        );
        expect(JSON.parse(output)).toEqual([65534, ["1"], "Read-only file system", "Read-only file system", ["lo"]]);
        expect(existsSync(`${scratch}/planted`)).toBe(false);
        expect(existsSync(`/var/tmp/planted-${process.pid}`)).toBe(false);
        expect(readdirSync(scratch).filter((name) => name.startsWith("agentft-"))).toEqual([]);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});

// Starts a command as `nobody` (or root) inside a user namespace (mapping root and nobody) whose limit on
// nested user namespaces is 0: a kernel that refuses user namespaces, as far as that command can tell.
const withoutUserNamespaces = (asRoot: boolean) => `import ctypes, os, sys
r, w = os.pipe(); r2, w2 = os.pipe()
pid = os.fork()
if pid == 0:
    if ctypes.CDLL(None, use_errno=True).unshare(0x10000000) != 0:
        os._exit(90)
    os.write(w, b"x"); os.read(r2, 1)
    with open("/proc/sys/user/max_user_namespaces", "w") as f:
        f.write("0")
    ${asRoot ? "" : "os.setgroups([]); os.setgid(65534); os.setuid(65534)"}
    os.execv(sys.argv[1], sys.argv[1:])
os.read(r, 1)
for name in ("uid_map", "gid_map"):
    with open(f"/proc/{pid}/{name}", "w") as f:
        f.write("0 0 1\\n65534 65534 1\\n")
os.write(w2, b"x")
sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
`;

describe("without bubblewrap, as a user other than root, where user namespaces are refused", () => {
  it.runIf(process.getuid?.() === 0 && !missing("debian-python3") && !missing("readable-by-nobody"))(
    "refuses to start, naming the fixes; `sandbox: unsafe-none` starts as that user",
    () => {
      const scratch = mkdtempSync("/var/tmp/agentft-nouserns-");
      execFileSync("chmod", ["0777", scratch]);
      try {
        const script = `
          import { startPythonRepl } from "./lib/world/executor/index.js";
          const caller = () => ({ status: 200, body: {}, json: "{}" });
          let refused = "";
          try { startPythonRepl(caller, { sandbox: "none", onWarning: () => undefined }); }
          catch (e) { refused = e.name + ": " + e.message; }
          const repl = startPythonRepl(caller, { sandbox: "unsafe-none", onWarning: () => undefined });
          const uid = await repl.execute("g = lambda o, n: list(map(getattr, [o], [n]))[0]\\nprint(g(g(datetime, 'sys'), 'modules')['os'].getuid())");
          await repl.close();
          process.stdout.write(JSON.stringify({ refused, uid }));`;
        const result = JSON.parse(
          execFileSync(
            "/usr/bin/python3",
            ["-c", withoutUserNamespaces(false), process.execPath, tsx, "--input-type=module", "-e", script],
            {
              cwd: repoRoot,
              env: { PATH: "/usr/bin:/bin", AGENTFT_PYTHON: "/usr/bin/python3", TMPDIR: scratch, HOME: scratch },
              encoding: "utf8",
              timeout: 60_000,
            },
          ),
        ) as { refused: string; uid: string };
        expect(result.refused).toMatch(
          /^ConfigError: The Python REPL cannot be confined here: it runs without bubblewrap \(`sandbox: "none"` was requested\) and this kernel refuses unprivileged user namespaces \(.*max_user_namespaces = 0\)\. Install bubblewrap/,
        );
        expect(result.refused).toContain('or accept agent code acting as your own user with `sandbox: "unsafe-none"`.');
        expect(result.uid).toBe("65534\n");
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});

describe("without bubblewrap, as root, where the kernel refuses root a user namespace", () => {
  it.runIf(process.getuid?.() === 0 && !missing("debian-python3"))(
    "still starts its REPLs as nobody in mount, network, IPC and PID namespaces of their own",
    () => {
      const scratch = mkdtempSync("/var/tmp/agentft-rootnouserns-");
      try {
        const script = `
          import { startPythonRepl } from "./lib/world/executor/index.js";
          const repl = startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { sandbox: "none", onWarning: () => undefined });
          const out = await repl.execute(${JSON.stringify(
            `${ESCAPE}out = [os_.getuid(), os_.getgroups(), open('/proc/self/uid_map').read().split(), sorted(p for p in os_.listdir('/proc') if p.isdigit())]\n` +
              "try:\n    open('/var/tmp/planted', 'w')\nexcept OSError as e:\n    out.append(e.strerror)\nprint(glb['json'].dumps(out))",
          )});
          await repl.close();
          process.stdout.write(out);`;
        const result = JSON.parse(
          execFileSync(
            "/usr/bin/python3",
            ["-c", withoutUserNamespaces(true), process.execPath, tsx, "--input-type=module", "-e", script],
            {
              cwd: repoRoot,
              env: { PATH: "/usr/bin:/bin", AGENTFT_PYTHON: "/usr/bin/python3", TMPDIR: scratch, HOME: scratch },
              encoding: "utf8",
              timeout: 60_000,
            },
          ),
        );
        // The server's own user namespace (root and nobody mapped): no new one below it.
        expect(result).toEqual([65534, [], ["0", "0", "1", "65534", "65534", "1"], ["1"], "Read-only file system"]);
        expect(existsSync("/var/tmp/planted")).toBe(false);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  );
});

describe("a server killed with SIGKILL", () => {
  it.each(modes)("leaves no agentft-* folder in /tmp and no process behind (sandbox: %s)", async (sandbox) => {
    const script = `
      import { startPythonRepl } from "./lib/world/executor/index.js";
      const repl = startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { sandbox: "${sandbox}", onWarning: () => undefined });
      process.stdout.write(await repl.execute("print('ready')"));
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, [tsx, "--input-type=module", "-e", script], {
      cwd: repoRoot,
      env: { PATH: process.env["PATH"] ?? "" },
      stdio: ["ignore", "pipe", "inherit"],
    });

    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text));
    const closed = new Promise((done) => child.on("close", done));
    expect(await until(() => output.includes("ready"), 30_000)).toBe(true);
    // tsx runs the script in a Node process of its own, below the one started here: kill every Node of the tree.
    const table = processTable();
    const below = descendantsOf(child.pid!, table);
    const nodes = [child.pid!, ...below.filter((p) => table.get(p)?.exe === process.execPath)];
    expect(nodes.length).toBeGreaterThan(1);
    const ours = (name: string) =>
      nodes.some((p) => name.startsWith(`agentft-sock-${p}-`) || name.startsWith(`agentft-repl-${p}-`));
    for (const p of nodes) process.kill(p, "SIGKILL");

    await closed;
    expect(listing("/tmp").filter(ours)).toEqual([]);
    expect(listing(tmpdir()).filter(ours)).toEqual([]);
    // The host sees its input end and ends its REPLs; every process it started is gone.
    expect(
      await until(() => {
        const now = processTable();
        return below.every((p) => !now.has(p) || now.get(p)!.state === "Z");
      }),
    ).toBe(true);
  });
});

// The REPL host: one started Python forks every REPL of a pool. What one REPL does must stay invisible to
// the others (their files, their memory, their random numbers), and a host that dies must cost only the
// Python variables of the worlds it served.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createReplPool, startPythonRepl, type PythonRepl, type ReplPool } from "../../../lib/world/executor/index.js";
import { missing } from "../../helpers/prerequisites.js";
import { createTinyWorld } from "./tiny-world.js";

const SYS =
  "g = lambda o, n: list(map(getattr, [o], [n]))[0]\nmods = g(g(datetime, 'sys'), 'modules')\nos_ = mods['os']\n";
const FAILED = "Execution failed. Traceback:\n";
const quiet = { onWarning: () => undefined };
const modes = missing("bubblewrap") ? (["none"] as const) : (["bwrap", "none"] as const);

const cleanup: (PythonRepl | ReplPool)[] = [];
afterEach(async () => {
  for (const item of cleanup.splice(0)) await item.close();
});

function twoRepls(
  sandbox: "bwrap" | "none",
  privateTmp = true,
): { pool: ReplPool; first: PythonRepl; second: PythonRepl } {
  const pool = createReplPool({ sandbox, size: 1, privateTmp, ...quiet });
  const first = startPythonRepl(createTinyWorld().caller, { pool });
  const second = startPythonRepl(createTinyWorld().caller, { pool });
  cleanup.push(first, second, pool);
  return { pool, first, second };
}

// The kernel's process table: parent and command line of every live process.
function processTable(): Map<number, { ppid: number; cmdline: string }> {
  const table = new Map<number, { ppid: number; cmdline: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      table.set(Number(entry), { ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, "utf8") });
    } catch {
      // The process ended while it was being read.
    }
  }
  return table;
}

// Processes started by this one whose command line names repl.py: the hosts (bubblewrap or python).
function hostProcesses(): number[] {
  return [...processTable()]
    .filter(([, p]) => p.ppid === process.pid && p.cmdline.includes("repl.py"))
    .map(([pid]) => pid);
}

// Every live process started, directly or not, by this one.
function descendants(): number[] {
  const table = processTable();
  const found = [process.pid];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, p] of table) if (p.ppid === found[i]) found.push(pid);
  }
  return found.slice(1);
}

// SIGKILL a process and everything below it (bubblewrap's sandboxed processes sit in sessions of their own).
function killTree(root: number): void {
  const table = processTable();
  const doomed = [root];
  for (let i = 0; i < doomed.length; i++) {
    for (const [pid, p] of table) if (p.ppid === doomed[i]) doomed.push(pid);
  }
  for (const pid of doomed.reverse()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

describe.each(modes)("REPLs forked by one host (sandbox: %s)", (sandbox) => {
  it("share no files: what one writes, another can neither read nor list", async () => {
    const { first, second } = twoRepls(sandbox);
    expect(
      await first.execute(
        `${SYS}open('note.txt', 'w').write('secret of the first')\nprint(os_.path.realpath('note.txt'))`,
      ),
    ).toMatch(/note\.txt\n$/);
    const where = (await first.execute(`${SYS}print(os_.path.realpath('note.txt'))`)).trim();
    const read = await second.execute(`print(open(${JSON.stringify(where)}).read())`);
    expect(read.startsWith(FAILED), read).toBe(true);
    expect(read).not.toContain("secret of the first");
    const listed = await second.execute(
      `${SYS}print(os_.listdir(${JSON.stringify(where.slice(0, where.lastIndexOf("/")))}))`,
    );
    expect(listed).not.toContain("note.txt");
    // The second REPL's own folder works as the first one's does.
    expect(await second.execute("open('note.txt', 'w').write('mine')\nprint(open('note.txt').read())")).toBe("mine\n");
    expect(await first.execute("print(open('note.txt').read())")).toBe("secret of the first\n");
  });

  it("gives each REPL its own random sequence, as a freshly started Python has", async () => {
    const { first, second } = twoRepls(sandbox);
    const draw = "import random\nprint(random.random(), random.random())";
    expect(await first.execute(draw)).not.toBe(await second.execute(draw));
  });

  it("keeps a REPL out of another's memory and signals", async () => {
    const { first, second } = twoRepls(sandbox);
    await first.execute("marker = 'first-repl-marker'");
    // Each REPL is PID 1 of a namespace of its own: the pids of the others, as this process sees them, name nothing.
    const pids = descendants();
    expect(pids.length).toBeGreaterThan(2);
    for (const pid of pids) {
      for (const code of [
        `print(open('/proc/${pid}/environ').read())`,
        `print(open('/proc/${pid}/mem', 'rb').read(10))`,
        `${SYS}os_.kill(${pid}, 9)`,
      ]) {
        const output = await second.execute(code);
        expect(output.startsWith(FAILED), output).toBe(true);
      }
    }
    expect(await first.execute("print(marker)")).toBe("first-repl-marker\n");
  });

  it("replaces a host that died: its worlds lose only their Python variables", async () => {
    const pool = createReplPool({ sandbox, size: 1, ...quiet });
    const world = createTinyWorld();
    const repl = startPythonRepl(world.caller, { pool });
    cleanup.push(repl, pool);
    await repl.execute("x = 1");
    const hosts = hostProcesses();
    expect(hosts.length).toBeGreaterThan(0);
    for (const pid of hosts) killTree(pid);
    const output = await repl.execute("print('x' in dir())");
    // Killed between executions, the REPL is found dead at the next one and replaced before it runs.
    expect(output === "False\n" || output.startsWith(`${FAILED}Exception: The Python process stopped`), output).toBe(
      true,
    );
    expect(await repl.execute("print(apis.venmo.login(username='me@example.com', password='pw')['token_type'])")).toBe(
      "Bearer\n",
    );
    expect(repl.restarts).toBeGreaterThanOrEqual(1);
  });
});

describe("the per-REPL /tmp under bubblewrap", () => {
  it.skipIf(missing("bubblewrap"))(
    "is a /tmp of its own where user namespaces nest, else a folder the others cannot open",
    async () => {
      const { first, second } = twoRepls("bwrap");
      await first.execute("open('/tmp/only-mine', 'w').write('x')");
      const seen = await second.execute(`${SYS}print(os_.listdir('/tmp'))`);
      expect(seen).not.toContain("only-mine");
      // Whether namespaces nest here decides which of the two it is; either way the file stays private.
      const cwd = (await second.execute(`${SYS}print(os_.getcwd())`)).trim();
      expect(cwd === "/tmp" || /^\/tmp\/repl-\d+$/.test(cwd), cwd).toBe(true);
    },
  );
});

describe("a folder of its own in the sandbox's shared /tmp (privateTmp: false, or no nested namespaces)", () => {
  it.skipIf(missing("bubblewrap"))(
    "keeps the REPLs out of each other's folders and is removed when its REPL ends",
    async () => {
      const { first, second } = twoRepls("bwrap", false);
      const mine = (await first.execute(`${SYS}open('note.txt', 'w').write('secret')\nprint(os_.getcwd())`)).trim();
      expect(mine).toMatch(/^\/tmp\/repl-\d+$/);
      for (const code of [
        `print(open('${mine}/note.txt').read())`,
        `${SYS}print(os_.listdir('${mine}'))`,
        `open('${mine}/planted', 'w').write('x')`,
      ]) {
        const output = await second.execute(code);
        expect(output.startsWith(FAILED), output).toBe(true);
        expect(output).not.toContain("secret");
      }
      // Outside its folder nothing is writable, not even the shared /tmp itself.
      expect((await first.execute("open('/tmp/top-level', 'w').write('x')")).startsWith(FAILED)).toBe(true);
      expect(await second.execute(`${SYS}print(os_.path.exists('${mine}'))`)).toBe("True\n");
      await first.close();
      const deadline = Date.now() + 5000;
      let exists = "True\n";
      while (exists === "True\n" && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        exists = await second.execute(`${SYS}print(os_.path.exists('${mine}'))`);
      }
      expect(exists).toBe("False\n");
    },
  );
});

describe("the host process", () => {
  it("ends once its pool is closed and its last REPL has", async () => {
    const before = new Set(hostProcesses());
    const pool = createReplPool({ size: 1, ...quiet });
    const repl = startPythonRepl(createTinyWorld().caller, { pool });
    expect(await repl.execute("print(1)")).toBe("1\n");
    const started = hostProcesses().filter((pid) => !before.has(pid));
    expect(started).toHaveLength(1);
    await pool.close();
    // The taken REPL keeps its host alive...
    expect(await repl.execute("print(2)")).toBe("2\n");
    await repl.close();
    // ...and the host exits once that REPL has ended.
    const deadline = Date.now() + 5000;
    while (hostProcesses().includes(started[0] as number) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(hostProcesses()).not.toContain(started[0]);
  });
});

describe("a pool that was closed", () => {
  it("still hands out a working process, whose host ends with it", async () => {
    const before = new Set(hostProcesses());
    const pool = createReplPool({ size: 1, ...quiet });
    await pool.close();
    const late = pool.take();
    expect((await late.ready).type).toBe("ready");
    expect(late.alive).toBe(true);
    late.kill();
    const deadline = Date.now() + 5000;
    while (hostProcesses().some((pid) => !before.has(pid)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(hostProcesses().filter((pid) => !before.has(pid))).toEqual([]);
  });
});

describe("folders left by a killed process", () => {
  it("are removed by the next process that starts a host; a live process's are kept", () => {
    const dead = spawnSync("true").pid as number;
    const stale = join(tmpdir(), `agentft-sock-${dead}-stale1`);
    const live = join(tmpdir(), `agentft-repl-${process.pid}-live01`);
    mkdirSync(stale, { recursive: true });
    mkdirSync(live, { recursive: true });
    try {
      const repoRoot = resolve(import.meta.dirname, "../../..");
      const script = `
        import { startPythonRepl } from "./lib/world/executor/index.js";
        const repl = startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { onWarning: () => undefined });
        process.stdout.write(await repl.execute("print('ran')"));
        await repl.close();`;
      const output = execFileSync(
        process.execPath,
        [resolve(repoRoot, "node_modules/tsx/dist/cli.mjs"), "--input-type=module", "-e", script],
        {
          cwd: repoRoot,
          encoding: "utf8",
        },
      );
      expect(output).toBe("ran\n");
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      rmSync(stale, { recursive: true, force: true });
      rmSync(live, { recursive: true, force: true });
    }
  });
});

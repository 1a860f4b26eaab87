// Hostile actions: each must end in a failed execution (or, for secrets, never show them) and leave the
// REPL and the world answering. Run under bubblewrap and without it.
import { existsSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPythonRepl, type PythonRepl } from "../../../lib/world/executor/index.js";
import { missing } from "../../helpers/prerequisites.js";
import { createTinyWorld, type TinyWorld } from "./tiny-world.js";

const SECRET = "sk-agentft-test-secret-4f1c9d";
// The REPL must never inherit this, whatever the parent's environment holds.
process.env["OPENAI_API_KEY"] = SECRET;

const repoRoot = resolve(import.meta.dirname, "../../..");
const FAILED = "Execution failed. Traceback:\n";
// Reaches any attribute by a name the syntax check cannot see: the in-process and kernel layers must hold.
const GETTER = "g = lambda o, n: list(map(getattr, [o], [n]))[0]\n";
const SYS = `${GETTER}sys_ = g(datetime, 'sys')\nmods = g(sys_, 'modules')\n`;

const hostile: [string, string][] = [
  ["an infinite loop", "while True:\n    pass"],
  [
    "an infinite loop that swallows the time-out",
    "while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass",
  ],
  ["a loop stuck in C code", "sum(range(10**14))"],
  ["a huge string", "x = 'a' * 10**10"],
  ["unbounded list growth", "chunks = []\nwhile True:\n    chunks.append(bytearray(10**7))"],
  ["a fork bomb through import os", "import os\nwhile True:\n    os.fork()"],
  ["a fork bomb through __import__", "while True:\n    __import__('os').fork()"],
  ["a fork bomb through a hidden getattr", `${SYS}while True:\n    mods['posix'].fork()`],
  ["a thread bomb", `${SYS}while True:\n    mods['_thread'].start_new_thread(lambda: None, ())`],
  ["os.system", "import os\nos.system('id')"],
  ["os.system through a hidden getattr", `${SYS}mods['os'].system('id')`],
  ["os.popen (subprocess underneath)", `${SYS}print(mods['os'].popen('id').read())`],
  ["subprocess", "import subprocess\nsubprocess.run(['id'])"],
  ["exec of a shell", `${SYS}mods['os'].execv('/bin/sh', ['sh', '-c', 'id'])`],
  [
    "a C-level fork through _posixsubprocess",
    `${SYS}m = g(mods['_frozen_importlib'], '_gcd_import')('_posixsubprocess')\nr, w = mods['os'].pipe()\nm.fork_exec(['/bin/true'], [b'/bin/true'], True, (), None, None, -1, -1, -1, -1, -1, -1, r, w, True, False, -1, None, None, None, -1, None, False)`,
  ],
  ["writing /etc", "open('/etc/agentft-hostile', 'w').write('x')"],
  ["writing the repository", `open(${JSON.stringify(resolve(repoRoot, "agentft-hostile.txt"))}, 'w').write('x')`],
  [
    "writing with os.open flags",
    `${SYS}mods['os'].open(${JSON.stringify(resolve(repoRoot, "agentft-hostile.txt"))}, 0o101)`,
  ],
  [
    "writing through a /tmp symlink",
    `${SYS}mods['os'].symlink(${JSON.stringify(resolve(repoRoot, "package.json"))}, '/tmp/agentft-link')\nopen('/tmp/agentft-link', 'a').write('x')`,
  ],
  ["import socket", "import socket\nsocket.create_connection(('example.com', 80))"],
  [
    "a socket through a hidden getattr",
    `${SYS}s = g(mods['_frozen_importlib'], '_gcd_import')('_socket')\ng(s, 'socket')()`,
  ],
  ["urllib", "import urllib.request\nurllib.request.urlopen('http://example.com')"],
  [
    "reaching os through ().__class__.__bases__[0].__subclasses__()",
    "[c for c in ().__class__.__bases__[0].__subclasses__() if c.__name__ == '_wrap_close'][0].__init__.__globals__['system']('id')",
  ],
  [
    "the __subclasses__ route through a hidden getattr",
    `${GETTER}base = g(g((), '__class__'), '__bases__')[0]\nwrap = [c for c in g(base, '__subclasses__')() if g(c, '__name__') == '_wrap_close'][0]\ng(g(wrap, '__init__'), '__globals__')['system']('id')`,
  ],
  ["signalling the parent", `${SYS}mods['os'].kill(mods['os'].getppid(), 9)`],
  [
    "raising the memory limit",
    `${SYS}r = g(mods['_frozen_importlib'], '_gcd_import')('resource')\nr.setrlimit(r.RLIMIT_AS, (-1, -1))`,
  ],
  ["eval and exec", "eval('1')\nexec('import os')"],
  ["builtins.exec", "builtins.exec('import os')"],
];

const secretReaders: [string, string][] = [
  ["/proc/self/environ", "print(open('/proc/self/environ').read())"],
  [
    "the parent's /proc environ",
    "ppid = open('/proc/self/stat').read().split(')')[1].split()[1]\nprint(open(f'/proc/{ppid}/environ').read())",
  ],
  ["/proc/1/environ", "print(open('/proc/1/environ').read())"],
  ["os.environ through a hidden getattr", `${SYS}print(dict(mods['os'].environ))`],
  ["posix.environ", `${SYS}print(g(mods['posix'], 'environ'))`],
  [
    "every /proc/*/environ",
    `${SYS}out = []\nfor p in mods['os'].listdir('/proc'):\n    try:\n        out.append(open(f'/proc/{p}/environ').read())\n    except Exception as e:\n        out.append(str(e))\nprint(out)`,
  ],
];

const modes = missing("bubblewrap") ? (["none"] as const) : (["bwrap", "none"] as const);

describe.each(modes)("hostile actions (sandbox: %s)", (sandbox) => {
  let world: TinyWorld;
  let repl: PythonRepl;

  beforeAll(() => {
    world = createTinyWorld();
    repl = startPythonRepl(world.caller, {
      sandbox,
      timeoutSeconds: 0.5,
      hardTimeoutGraceSeconds: 0.5,
      onWarning: () => undefined,
    });
  });
  afterAll(async () => {
    await repl.close();
    rmSync(resolve(repoRoot, "agentft-hostile.txt"), { force: true });
  });

  async function expectWorldAnswers(): Promise<void> {
    expect(await repl.execute("print(apis.venmo.login(username='me@example.com', password='pw')['token_type'])")).toBe(
      "Bearer\n",
    );
    expect(world.balances.get("me@example.com")).toBe(47);
  }

  it.each(hostile)("fails %s and keeps answering", async (_name, code) => {
    const output = await repl.execute(code);
    expect(output.startsWith(FAILED), output).toBe(true);
    expect(output).not.toContain(SECRET);
    await expectWorldAnswers();
    expect(existsSync("/etc/agentft-hostile")).toBe(false);
    expect(existsSync(resolve(repoRoot, "agentft-hostile.txt"))).toBe(false);
  });

  it.each(secretReaders)("never shows the parent's environment through %s", async (_name, code) => {
    const output = await repl.execute(code);
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain("OPENAI_API_KEY");
    await expectWorldAnswers();
  });

  it("lets cells write in their own scratch folder only", async () => {
    const name = `agentft-allowed-${process.pid}-${sandbox}`;
    expect(await repl.execute(`open('${name}', 'w').write('ok')\nprint(open('${name}').read())`)).toBe("ok\n");
    // In both modes the scratch folder is a /tmp of the REPL's own, in a mount namespace of its own: nothing
    // lands in the machine's /tmp, which may hold this very repository, not even through an absolute path.
    expect(existsSync(`/tmp/${name}`)).toBe(false);
    const absolute = `/tmp/agentft-refused-${process.pid}`;
    expect(await repl.execute(`open('${absolute}', 'w').write('x')\nprint(open('${absolute}').read())`)).toBe("x\n");
    expect(existsSync(absolute)).toBe(false);
    const outside = await repl.execute(`open('/var/tmp/agentft-refused-${process.pid}', 'w').write('x')`);
    expect(outside.startsWith(FAILED), outside).toBe(true);
    expect(existsSync(`/var/tmp/agentft-refused-${process.pid}`)).toBe(false);
  });
});

describe("the kernel filter", () => {
  it.skipIf(missing("debian-python3"))("refuses a fork the audit hook cannot see (Debian python3)", async () => {
    const world = createTinyWorld();
    const repl = startPythonRepl(world.caller, { python: "/usr/bin/python3", onWarning: () => undefined });
    try {
      const output = await repl.execute(hostile.find(([name]) => name.includes("C-level fork"))![1]);
      expect(output).toMatch(
        /PermissionError: (\[Errno 1\] Operation not permitted|Usage of the following function is not allowed: import _posixsubprocess\.)$/,
      );
    } finally {
      await repl.close();
    }
  });
});

// Attacks from ordinary cells that first escape the in-process checks (computed getattr into the REPL's
// module globals, audit hook switched off, ctypes loaded): what must hold is what the kernel and the
// Node side enforce. Each test checks the effect: another world intact, no socket made, memory bounded.
import { afterEach, describe, expect, it } from "vitest";
import { createReplPool, startPythonRepl, type PythonRepl, type ReplPool } from "../../../lib/world/executor/index.js";
import { missing } from "../../helpers/prerequisites.js";
import { createTinyWorld } from "./tiny-world.js";

const FAILED = "Execution failed. Traceback:\n";
// Reaches the REPL's own module namespace through a function every cell is given, and disarms the audit hook.
const ESCAPE = `g = lambda o, n: list(map(getattr, [o], [n]))[0]
glb = g(g(g(apis, '__class__'), '__getattr__'), '__globals__')
glb['BLOCKED_MODULE_LOADS'] = frozenset(); glb['BLOCKED_EVENTS'] = frozenset(); glb['PATH_EVENTS'] = {}
imp = g(glb['__builtins__'], '__import__')
ctypes = imp('ctypes'); mmap = imp('mmap')
def native(code):
    m = mmap.mmap(-1, 4096, prot=7)
    m.write(code)
    return ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(m)))()
`;
// i386 socket(AF_INET, SOCK_STREAM, 0) through `int 0x80` (rbx saved), and the same call on the x32 ABI.
const INT80_SOCKET = "53b867010000bb02000000b90100000031d2cd805bc3";
const X32_SOCKET = "b829000040bf02000000be0100000031d20f05c3";
const LOGIN = "token = apis.venmo.login(username='me@example.com', password='pw')['access_token']";

const cleanup: (PythonRepl | ReplPool)[] = [];
afterEach(async () => {
  for (const item of cleanup.splice(0)) await item.close();
});

function twoWorlds(sandbox: "bwrap" | "none") {
  const pool = createReplPool({ sandbox, size: 1, onWarning: () => undefined });
  const attacker = startPythonRepl(createTinyWorld().caller, { pool, timeoutSeconds: 5 });
  const victim = startPythonRepl(createTinyWorld().caller, { pool });
  cleanup.push(attacker, victim, pool);
  return { attacker, victim };
}

function adversarialSuite(sandbox: "bwrap" | "none"): void {
  it("escapes the in-process checks (so the tests below attack the real boundary)", async () => {
    const { attacker } = twoWorlds(sandbox);
    expect(await attacker.execute(`${ESCAPE}print(type(ctypes.CDLL).__name__)`)).toBe("type\n");
  });

  it.runIf(process.arch === "x64")(
    "kills a REPL making 32-bit (int 0x80) or x32 system calls; no socket is made",
    async () => {
      const { attacker, victim } = twoWorlds(sandbox);
      await victim.execute("kept = 'victim state'");
      for (const code of [INT80_SOCKET, X32_SOCKET]) {
        const output = await attacker.execute(`${ESCAPE}print('fd', native(bytes.fromhex('${code}')))`);
        expect(output).not.toMatch(/^fd /);
        expect(output).toMatch(
          /^Execution failed\. Traceback:\nException: The Python process stopped \(killed by SIG(SYS|SEGV)\)/,
        );
      }
      expect(await victim.execute("print(kept)")).toBe("victim state\n");
    },
  );

  it("refuses signals to any other process, even with the checks patched away", async () => {
    const { attacker, victim } = twoWorlds(sandbox);
    await victim.execute("kept = 1");
    const output = await attacker.execute(
      `${ESCAPE}os_ = g(glb['os'], 'kill')\nr = []\nfor pid in range(1, 400):\n    try:\n        os_(pid, 0)\n        r.append(pid)\n    except OSError:\n        pass\nprint(r == [] or r == [g(glb['os'], 'getpid')()])`,
    );
    expect(output).toBe("True\n");
    expect(await victim.execute("print(kept)")).toBe("1\n");
  });

  it("counts API calls on the Node side: patching the REPL's counters changes nothing", async () => {
    const world = createTinyWorld();
    const repl = startPythonRepl(world.caller, { sandbox, maxApiCallsPerExecution: 3, onWarning: () => undefined });
    cleanup.push(repl);
    await repl.execute(LOGIN);
    const output = await repl.execute(
      `${ESCAPE}s = glb['SESSION_TEMPLATE']\nfor i in range(6):\n    s.api_calls = 0\n    try:\n        apis.venmo.show_venmo_balance(access_token=token)\n    except Exception as e:\n        last = str(e)\nprint(last)`,
    );
    // Resetting the REPL's counter repeats a call number: Node takes that as a broken stream and kills it.
    expect(output).toMatch(
      /^(Number of requests exceeded the limit of 3\.|Execution failed\. Traceback:\nException: The Python process sent an unreadable reply \(call number 1 where 2 was due\))/,
    );
    expect(world.calls.length).toBeLessThanOrEqual(1 + 3);
  });

  it("kills a REPL flooding its protocol socket (calls without reading answers, a newline-less flood); Node's memory stays bounded", async () => {
    const { attacker, victim } = twoWorlds(sandbox);
    await victim.execute("kept = 2");
    const before = process.memoryUsage().rss;
    const fd = "fd = glb['SESSION_TEMPLATE'].protocol.out_fd\nw = g(glb['os'], 'write')\n";
    const calls = await attacker.execute(
      `${ESCAPE}${fd}line = ('{"type":"call","exec":%d,"seq":1,"app":"venmo","api":"x","kwargs":{}}\\n' % glb['SESSION_TEMPLATE'].exec_id).encode()\nfor i in range(200000):\n    w(fd, line)`,
    );
    expect(calls).toMatch(
      /^Execution failed\. Traceback:\nException: The Python process (sent an unreadable reply|stopped)/,
    );
    const flood = await attacker.execute(
      `${ESCAPE}${fd}chunk = b'x' * (1 << 20)\nfor i in range(400):\n    w(fd, chunk)`,
    );
    expect(flood).toMatch(
      /^Execution failed\. Traceback:\nException: The Python process (sent an unreadable reply|stopped)/,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
    expect(await victim.execute("print(kept)")).toBe("2\n");
    expect(await attacker.execute("print('fresh')")).toBe("fresh\n");
  });

  it("fails a forged reply for another execution and replaces the REPL", async () => {
    const { attacker } = twoWorlds(sandbox);
    const output = await attacker.execute(
      `${ESCAPE}glb['SESSION_TEMPLATE'].protocol.send({"type": "done", "exec": 999, "output": "forged", "counted": False})\nimport time\ntime.sleep(2)`,
    );
    expect(output.startsWith(FAILED)).toBe(true);
    expect(output).not.toContain("forged\n");
    expect(attacker.restarts).toBe(0);
    expect(await attacker.execute("print(1)")).toBe("1\n");
    expect(attacker.restarts).toBe(1);
  });
}

describe.skipIf(missing("bubblewrap"))("attacks past the in-process checks (sandbox: bwrap)", () =>
  adversarialSuite("bwrap"),
);
describe("attacks past the in-process checks (sandbox: none)", () => adversarialSuite("none"));

// Finding python3 and bubblewrap, the REPL's environment, warnings, the pool, and the protocol boundary.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MissingDependencyError } from "../../../lib/errors.js";
import {
  createReplPool,
  detectBwrap,
  replOptionsSchema,
  resolvePython,
  sandboxOptionsSchema,
  startPythonRepl,
  type PythonRepl,
  type ReplPool,
} from "../../../lib/world/executor/index.js";
import { parseChildLine } from "../../../lib/world/executor/protocol.js";
import { missing } from "../../helpers/prerequisites.js";
import { createTinyWorld } from "./tiny-world.js";

const SYS = "g = lambda o, n: list(map(getattr, [o], [n]))[0]\nmods = g(g(datetime, 'sys'), 'modules')\n";
const quiet = { onWarning: () => undefined };
const cleanup: (PythonRepl | ReplPool)[] = [];
afterEach(async () => {
  for (const item of cleanup.splice(0)) await item.close();
});

describe("resolvePython", () => {
  it("resolves python3 on PATH to the real interpreter, not a shim", () => {
    const python = resolvePython();
    expect(python.executable).not.toContain("/shims/");
    expect(existsSync(python.executable)).toBe(true);
    expect(python.version).toMatch(/^3\.(1[1-9]|[2-9]\d)\.\d+$/);
  });

  it.skipIf(missing("debian-python3"))("takes the interpreter from the option, then from AGENTFT_PYTHON", () => {
    expect(resolvePython("/usr/bin/python3").executable).toMatch(/^\/usr\/bin\/python3/);
    process.env["AGENTFT_PYTHON"] = "/usr/bin/python3";
    try {
      expect(resolvePython().executable).toMatch(/^\/usr\/bin\/python3/);
    } finally {
      delete process.env["AGENTFT_PYTHON"];
    }
  });

  it("throws MissingDependencyError naming the Debian package when the interpreter is missing", () => {
    expect(() => resolvePython("/nonexistent/python3")).toThrow(MissingDependencyError);
    expect(() => resolvePython("/nonexistent/python3")).toThrow(
      "`/nonexistent/python3` was not found on PATH; it is needed to run agent actions in the embedded world's Python REPL. " +
        "Install it with: sudo apt-get install python3",
    );
  });
});

describe("the REPL's environment", () => {
  it.each(["auto", "none"] as const)("holds only the executor's own variables (sandbox: %s)", async (sandbox) => {
    process.env["AGENTFT_TEST_TOKEN"] = "must-not-leak";
    const repl = startPythonRepl(createTinyWorld().caller, { sandbox, ...quiet });
    cleanup.push(repl);
    const output = await repl.execute(`${SYS}print(sorted(mods['os'].environ))`);
    const names = JSON.parse(output) as string[];
    const allowed = [
      "HOME",
      "LANG",
      "LC_ALL",
      "LC_CTYPE",
      "PATH",
      "PWD",
      "PYTHONDONTWRITEBYTECODE",
      "PYTHONHASHSEED",
      "PYTHONIOENCODING",
      "PYTHONSAFEPATH",
      "TZ",
    ];
    expect(names.filter((name) => !allowed.includes(name))).toEqual([]);
    delete process.env["AGENTFT_TEST_TOKEN"];
  });

  it("runs under bubblewrap when it works here", () => {
    const repl = startPythonRepl(createTinyWorld().caller, quiet);
    cleanup.push(repl);
    expect(repl.sandboxed).toBe(detectBwrap().problem === undefined);
  });
});

describe("option schemas", () => {
  it.each([
    ["sandbox", sandboxOptionsSchema],
    ["repl", replOptionsSchema],
  ] as const)("give every %s option a --help description", (_name, schema) => {
    for (const [field, type] of Object.entries(schema.shape)) {
      expect(type.description, field).toMatch(/\S/);
    }
  });
});

describe("warnings", () => {
  it("warns once per callback that isolation is weaker without bubblewrap", async () => {
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);
    for (let i = 0; i < 2; i += 1) {
      const repl = startPythonRepl(createTinyWorld().caller, { sandbox: "none", onWarning });
      cleanup.push(repl);
      expect(await repl.execute("print('ok')")).toBe("ok\n");
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^The Python REPL runs without bubblewrap \(`sandbox: "none"` was requested\): isolation is weaker/,
    );
    expect(warnings[0]).toMatch(/Install it with: sudo apt-get install bubblewrap$/);
  });

  it.skipIf(missing("bubblewrap"))("does not warn when bubblewrap runs", async () => {
    const warnings: string[] = [];
    const repl = startPythonRepl(createTinyWorld().caller, { onWarning: (message) => warnings.push(message) });
    cleanup.push(repl);
    await repl.execute("x = 1");
    expect(warnings).toEqual([]);
  });

  it("rejects bad sandbox options naming the field", () => {
    expect(() => startPythonRepl(createTinyWorld().caller, { memoryBytes: 10, ...quiet })).toThrow(/memoryBytes/);
    expect(() => createReplPool({ size: -1, ...quiet })).toThrow(
      "Expected the `size` option of the REPL pool to be a non-negative integer, got -1.",
    );
  });
});

describe("without bubblewrap on PATH", () => {
  it.skipIf(missing("debian-python3"))(
    "falls back with one warning, and `sandbox: bwrap` names the Debian package",
    () => {
      const repoRoot = resolve(import.meta.dirname, "../../..");
      const script = `
      import { startPythonRepl } from "./lib/world/executor/index.js";
      const warnings = [];
      const onWarning = (m) => warnings.push(m);
      const repl = startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { onWarning });
      const output = await repl.execute("print('ran')");
      let error = "";
      try { startPythonRepl(() => ({ status: 200, body: {}, json: "{}" }), { sandbox: "bwrap", onWarning }); }
      catch (e) { error = e.name + ": " + e.message; }
      await repl.close();
      process.stdout.write(JSON.stringify({ sandboxed: repl.sandboxed, output, warnings, error }));`;
      const result = JSON.parse(
        execFileSync(
          process.execPath,
          [resolve(repoRoot, "node_modules/tsx/dist/cli.mjs"), "--input-type=module", "-e", script],
          {
            cwd: repoRoot,
            env: { PATH: "/nonexistent", AGENTFT_PYTHON: "/usr/bin/python3" },
            encoding: "utf8",
          },
        ),
      ) as { sandboxed: boolean; output: string; warnings: string[]; error: string };
      expect(result.sandboxed).toBe(false);
      expect(result.output).toBe("ran\n");
      expect(result.warnings).toEqual([
        "The Python REPL runs without bubblewrap (`bwrap` is not on PATH): isolation is weaker (each REPL still has mount, " +
          "network, IPC and process namespaces of its own, a private /tmp and /dev/shm, a read-only file system, limits and a " +
          "system-call filter, but it can read every file on this machine that " +
          `${process.getuid?.() === 0 ? "user `nobody`" : "your user"} can read, except this server's ` +
          "working and home folders). Install it with: sudo apt-get install bubblewrap",
      ]);
      expect(result.error).toBe(
        "MissingDependencyError: `bwrap` was not found on PATH; it is needed to sandbox the embedded world's Python REPL " +
          '(`sandbox: "bwrap"`). Install it with: sudo apt-get install bubblewrap',
      );
    },
  );
});

describe("createReplPool", () => {
  it("keeps processes started and never hands one out twice", async () => {
    const pool = createReplPool({ size: 2, ...quiet });
    cleanup.push(pool);
    const first = startPythonRepl(createTinyWorld().caller, { pool });
    const second = startPythonRepl(createTinyWorld().caller, { pool });
    cleanup.push(first, second);
    await first.execute("secret_of_first = 1");
    expect(await second.execute("print('secret_of_first' in dir())")).toBe("False\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.idle).toBe(2);
  });

  it("kills its idle processes on close", async () => {
    const pool = createReplPool({ size: 2, ...quiet });
    await pool.close();
    expect(pool.idle).toBe(0);
  });
});

describe("protocol lines", () => {
  it.each([
    ["not JSON", "garbage", /^not JSON/],
    ["an unknown type", '{"type":"hello"}', /^unexpected message shape/],
    ["a done line without output", '{"type":"done","exec":1,"counted":true}', /^unexpected message shape/],
  ])("reports %s as data, never throws", (_name, line, error) => {
    const parsed = parseChildLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it("parses a call line", () => {
    expect(
      parseChildLine('{"type":"call","exec":3,"seq":1,"app":"venmo","api":"login","kwargs":{"username":"a"}}'),
    ).toEqual({
      ok: true,
      message: { type: "call", exec: 3, seq: 1, app: "venmo", api: "login", kwargs: { username: "a" } },
    });
  });

  it("turns garbage on the protocol descriptor into a failed execution and replaces the REPL", async () => {
    const repl = startPythonRepl(createTinyWorld().caller, quiet);
    cleanup.push(repl);
    const code = `${SYS}for fd in range(3, 8):\n    try:\n        mods['os'].write(fd, b'garbage\\n')\n    except OSError:\n        pass\nwhile True: pass`;
    expect(await repl.execute(code)).toMatch(
      /^Execution failed\. Traceback:\nException: The Python process sent an unreadable reply \(not JSON .*\); variables from earlier executions are lost\.$/,
    );
    expect(await repl.execute("print('fresh')")).toBe("fresh\n");
    expect(repl.restarts).toBe(1);
  });
});

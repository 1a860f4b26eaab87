// AppWorld's execution limits (API calls, executions, time) and replacement of a killed REPL.
import { afterEach, describe, expect, it } from "vitest";
import { startPythonRepl, type PythonRepl, type StartPythonReplOptions } from "../../../lib/world/executor/index.js";
import { createTinyWorld } from "./tiny-world.js";

const FAILED = "Execution failed. Traceback:\n";
const LOGIN = "token = apis.venmo.login(username='me@example.com', password='pw')['access_token']";
const opened: PythonRepl[] = [];

function open(options: StartPythonReplOptions = {}) {
  const world = createTinyWorld();
  const repl = startPythonRepl(world.caller, { onWarning: () => undefined, ...options });
  opened.push(repl);
  return { world, repl };
}

afterEach(async () => {
  for (const repl of opened.splice(0)) await repl.close();
});

describe("API call limit", () => {
  it("allows 1000 calls in one execution and refuses the 1001st with AppWorld's message", async () => {
    const { repl, world } = open();
    await repl.execute(LOGIN);
    const output = await repl.execute("for i in range(1001):\n    apis.venmo.show_venmo_balance(access_token=token)");
    expect(output).toBe(
      `${FAILED}  File "<python-input>", line 2, in <module>\n    apis.venmo.show_venmo_balance(access_token=token)\n` +
        "Exception: Number of requests exceeded the limit of 1000. This potentially means that you have an infinite loop in your code.",
    );
    expect(world.calls).toHaveLength(1 + 1000);
  });

  it("starts counting again at the next execution", async () => {
    const { repl } = open({ maxApiCallsPerExecution: 3 });
    await repl.execute(LOGIN);
    expect(
      await repl.execute("for i in range(3):\n    b = apis.venmo.show_venmo_balance(access_token=token)\nprint(b)"),
    ).toBe('{"venmo_balance": 47.0}\n');
    expect(await repl.execute("print(apis.venmo.show_venmo_balance(access_token=token))")).toBe(
      '{"venmo_balance": 47.0}\n',
    );
  });
});

describe("maximum number of executions", () => {
  it("fails every execution after maxInteractions with AppWorld's message", async () => {
    const { repl } = open({ maxInteractions: 2 });
    expect(await repl.execute("print(1)")).toBe("1\n");
    // Syntax errors and refused code are not counted, as in AppWorld.
    expect(await repl.execute("if")).toMatch(/^Execution failed\. Traceback:\nSyntax error in line:/);
    expect(await repl.execute("print(2)")).toBe("2\n");
    const refused =
      `${FAILED}  File "<python-input>", line 1, in <module>\n` +
      '    raise Exception(f"Maximum number of executions (2) reached.")\nException: Maximum number of executions (2) reached.';
    expect(await repl.execute("print(3)")).toBe(refused);
    expect(await repl.execute("")).toBe(refused);
    expect(repl.interactions).toBe(4);
  });
});

describe("time limits", () => {
  it("interrupts a Python loop with the time-out traceback and keeps the variables", async () => {
    const { repl } = open({ timeoutSeconds: 1 });
    await repl.execute("kept = 'still here'");
    expect(await repl.execute("n = 0\nwhile True:\n    n += 1")).toMatch(
      /^Execution failed\. Traceback:\n {2}File "<python-input>", line \d, in <module>\n.*\nException: Execution timed out after 1 seconds\.$/s,
    );
    expect(await repl.execute("print(kept, n > 0)")).toBe("still here True\n");
    expect(repl.restarts).toBe(0);
  });

  it("is not swallowed by `except Exception`", async () => {
    const { repl } = open({ timeoutSeconds: 1 });
    const output = await repl.execute(
      "while True:\n    try:\n        sum(range(10**5))\n    except Exception:\n        pass",
    );
    expect(output).toMatch(/Exception: Execution timed out after 1 seconds\.$/);
    expect(repl.restarts).toBe(0);
  });

  it("keeps the API pipe in step when the time-out hits a loop of API calls", async () => {
    const { repl } = open({ timeoutSeconds: 1, maxApiCallsPerExecution: 10 ** 7 });
    await repl.execute(LOGIN);
    expect(await repl.execute("while True:\n    apis.venmo.show_venmo_balance(access_token=token)")).toMatch(
      /Exception: Execution timed out after 1 seconds\.$/,
    );
    expect(await repl.execute("print(apis.venmo.show_venmo_balance(access_token=token))")).toBe(
      '{"venmo_balance": 47.0}\n',
    );
  });

  it("accepts a per-execution timeoutSeconds", async () => {
    const { repl } = open({ timeoutSeconds: 30 });
    expect(await repl.execute("while True: pass", { timeoutSeconds: 0.5 })).toMatch(
      /Execution timed out after 0\.5 seconds\.$/,
    );
  });

  it("kills a REPL stuck in C code and starts a fresh one for the next execution", async () => {
    const { repl, world } = open({ timeoutSeconds: 1, hardTimeoutGraceSeconds: 1 });
    await repl.execute(LOGIN);
    await repl.execute("lost = 1");
    expect(await repl.execute("sum(range(10**13))")).toBe(`${FAILED}Exception: Execution timed out after 1 seconds.`);
    expect(await repl.execute("print(lost)")).toBe(
      `${FAILED}  File "<python-input>", line 1, in <module>\n    print(lost)\n          ^^^^\nNameError: name 'lost' is not defined`,
    );
    expect(repl.restarts).toBe(1);
    // The world's state is held in TypeScript and is intact.
    await repl.execute(LOGIN);
    expect(await repl.execute("print(apis.venmo.show_venmo_balance(access_token=token))")).toBe(
      '{"venmo_balance": 47.0}\n',
    );
    expect(world.balances.get("me@example.com")).toBe(47);
  });

  it("replaces a REPL the kernel killed (CPU limit) and reports it as a failed execution", async () => {
    const { repl } = open({ timeoutSeconds: 30, cpuSeconds: 1 });
    await repl.execute("lost = 1");
    expect(await repl.execute("sum(range(10**13))")).toBe(
      `${FAILED}Exception: The Python process stopped (killed by SIGXCPU); variables from earlier executions are lost.`,
    );
    expect(await repl.execute("print('alive', 'lost' in dir())")).toBe("alive False\n");
    expect(repl.restarts).toBe(1);
  });
});

describe("closing", () => {
  it("rejects executions after close", async () => {
    const { repl } = open();
    await repl.close();
    await expect(repl.execute("print(1)")).rejects.toThrow(
      "This Python REPL was closed; open a new world to execute more code.",
    );
  });

  it("rejects a non-positive timeout naming the option", async () => {
    const { repl } = open();
    await expect(repl.execute("print(1)", { timeoutSeconds: 0 })).rejects.toThrow(
      "Expected the `timeoutSeconds` option of execute() to be a positive number, got 0.",
    );
  });
});

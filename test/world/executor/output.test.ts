// AppWorld's exact output strings, produced by the real python3 REPL (under bubblewrap when present).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPythonRepl, type PythonRepl } from "../../../lib/world/executor/index.js";
import { createTinyWorld, type TinyWorld } from "./tiny-world.js";

const FAILED = "Execution failed. Traceback:\n";
let world: TinyWorld;
let repl: PythonRepl;

beforeAll(() => {
  world = createTinyWorld();
  repl = startPythonRepl(world.caller, { onWarning: () => undefined });
});
afterAll(() => repl.close());

describe("execute output", () => {
  it("returns printed text exactly, trailing newline included", async () => {
    expect(await repl.execute("print('hello')\nprint(2)")).toBe("hello\n2\n");
  });

  it("says Execution successful. when nothing was printed", async () => {
    expect(await repl.execute("x = 41")).toBe("Execution successful.");
    expect(await repl.execute("x + 1")).toBe("Execution successful.");
    expect(await repl.execute("print('   ')")).toBe("Execution successful.");
  });

  it("keeps variables between executions", async () => {
    await repl.execute("counter = 1");
    await repl.execute("counter += 1");
    expect(await repl.execute("print(counter)")).toBe("2\n");
  });

  it("prints a short dict as one JSON line", async () => {
    expect(await repl.execute('print({"message": "Sent money.", "transaction_id": 8216})')).toBe(
      '{"message": "Sent money.", "transaction_id": 8216}\n',
    );
  });

  it("prints a long list as JSON with indent=1 and escapes non-ASCII text", async () => {
    const output = await repl.execute(`print([{"name": "Zoë", "note": "${"x".repeat(90)}"}])`);
    expect(output).toBe(`[\n {\n  "name": "Zo\\u00eb",\n  "note": "${"x".repeat(90)}"\n }\n]\n`);
  });

  it("falls back to the normal print for several arguments and f-strings", async () => {
    expect(await repl.execute("d = {'a': True}\nprint(d, None)\nprint(f'{d}')")).toBe(
      "{'a': True} None\n{'a': True}\n",
    );
  });

  it("formats a runtime error as AppWorld does: cell frames only, <python-input>, caret line", async () => {
    expect(await repl.execute('d = {}\ny = d["k"] + 1')).toBe(
      `${FAILED}  File "<python-input>", line 2, in <module>\n    y = d["k"] + 1\n        ~^^^^^\nKeyError: 'k'`,
    );
  });

  it("keeps the frames of functions defined in earlier cells", async () => {
    await repl.execute("def inner():\n    return 1 / 0");
    expect(await repl.execute("def outer():\n    return inner()\nouter()")).toBe(
      `${FAILED}  File "<python-input>", line 3, in <module>\n    outer()\n` +
        `  File "<python-input>", line 2, in outer\n    return inner()\n           ^^^^^^^\n` +
        `  File "<python-input>", line 2, in inner\n    return 1 / 0\n           ~~^~~\nZeroDivisionError: division by zero`,
    );
  });

  it("reports a syntax error with the offending line and message", async () => {
    expect(await repl.execute("x = 1\nif x\n  print(x)")).toBe(
      `${FAILED}Syntax error in line:\nif x\nMessage: expected ':'`,
    );
  });

  it("says No code available to execute. for blank code", async () => {
    expect(await repl.execute("  \n\n ")).toBe("No code available to execute.");
  });

  it("refuses input() with AppWorld's message", async () => {
    expect(await repl.execute("name = input('Who? ')")).toBe(
      `${FAILED}  File "<python-input>", line 1, in <module>\n    name = input('Who? ')\n           ^^^^^^^^^^^^^^\n` +
        "Exception: input(..) is not allowed. All decisions must be made autonomously.",
    );
  });

  it("returns a large output whole", async () => {
    const output = await repl.execute("print('x' * 5_000_000)");
    expect(output.length).toBe(5_000_001);
  });

  it("has AppWorld's pre-imported names", async () => {
    const code =
      "print([f.__name__ if callable(f) and hasattr(f, '__name__') else type(f).__name__ for f in " +
      "(json.dumps, math.floor, re.sub, Counter, defaultdict, deepcopy, reduce)], calendar.isleap(2024), " +
      "datetime.date(2023, 5, 18).isoformat(), list(itertools.islice(itertools.count(), 2)), random.Random(1).random() < 1, builtins.len([1]))";
    expect(await repl.execute(code)).toBe(
      "['dumps', 'floor', 'sub', 'Counter', 'defaultdict', 'deepcopy', 'reduce'] True 2023-05-18 [0, 1] True 1\n",
    );
  });
});

describe("apis proxy", () => {
  it("returns decoded JSON with money as float", async () => {
    await repl.execute("token = apis.venmo.login(username='me@example.com', password='pw')['access_token']");
    expect(
      await repl.execute(
        "b = apis.venmo.show_venmo_balance(access_token=token)\nprint(b, type(b['venmo_balance']).__name__)",
      ),
    ).toBe("{'venmo_balance': 47.0} float\n");
  });

  it("raises an Exception carrying the status and the exact body", async () => {
    expect(
      await repl.execute(
        "r = apis.venmo.create_transaction(receiver_email='friend@example.com', amount=427, access_token=token)",
      ),
    ).toBe(
      `${FAILED}  File "<python-input>", line 1, in <module>\n` +
        "    r = apis.venmo.create_transaction(receiver_email='friend@example.com', amount=427, access_token=token)\n" +
        "        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n" +
        'Exception: Response status code is 422:\n{"message":"Your Venmo balance does not have $427.00 to make this transaction."}',
    );
  });

  it("lets cells catch API errors and read the message", async () => {
    const code =
      "try:\n    apis.venmo.show_venmo_balance(access_token='bad')\nexcept Exception as e:\n    print(str(e).splitlines()[0])";
    expect(await repl.execute(code)).toBe("Response status code is 401:\n");
  });

  it("raises the client error text for an unknown API or app", async () => {
    expect(await repl.execute("apis.venmo.show_everything()")).toBe(
      `${FAILED}  File "<python-input>", line 1, in <module>\n    apis.venmo.show_everything()\nException: No API named 'show_everything' found in the venmo app.`,
    );
    expect(await repl.execute("apis.bank.show()")).toBe(
      `${FAILED}  File "<python-input>", line 1, in <module>\n    apis.bank.show()\nException: No app named 'bank' found.`,
    );
  });

  it("refuses positional arguments with AppWorld's TypeError", async () => {
    expect(await repl.execute("apis.venmo.show_venmo_balance(token)")).toBe(
      `${FAILED}  File "<python-input>", line 1, in <module>\n    apis.venmo.show_venmo_balance(token)\n` +
        "TypeError: _wrap_api_request.<locals>._api_request() takes 0 positional arguments but 1 was given",
    );
  });

  it("reaches APIs by computed names, as agent code does", async () => {
    expect(
      await repl.execute(
        "app, api = 'venmo', 'show_venmo_balance'\nprint(getattr(getattr(apis, app), api)(access_token=token))",
      ),
    ).toBe('{"venmo_balance": 47.0}\n');
  });

  it("changes the world's state through the caller", async () => {
    expect(
      await repl.execute(
        "print(apis.venmo.create_transaction(receiver_email='friend@example.com', amount=7.5, access_token=token))",
      ),
    ).toMatch(/^\{"message": "Sent money.", "transaction_id": \d+\}\n$/);
    expect(world.balances.get("me@example.com")).toBe(39.5);
  });
});

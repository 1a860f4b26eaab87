// A plain Python client (standard library urllib, as AppWorld's remote client posts JSON and reads
// `response["output"]`) drives the server through a whole task: initialize, executes, complete, evaluate.
import { existsSync } from "node:fs";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEnvServer, type EnvServer } from "../../lib/env/index.js";
import { pickTasks } from "./env-helpers.js";

const PYTHON_CLIENT = `
import json, sys, urllib.request, urllib.error

url, task_id, steps = sys.argv[1], sys.argv[2], json.loads(sys.stdin.read())

def call(method, **kwargs):
    request = urllib.request.Request(f"{url}/{method}", data=json.dumps(kwargs).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())["output"]
    except urllib.error.HTTPError as error:
        raise Exception(f"{method} failed: {error.code} {error.read().decode()}")

log = {}
info = call("initialize", task_id=task_id, experiment_name="py-urllib", random_seed=100)
log["instruction"] = info["instruction"]
log["supervisor_email"] = info["supervisor"]["email"]
log["first"] = call("execute", task_id=task_id, code="print(apis.supervisor.show_profile()['email'])")
log["completed_before"] = call("task_completed", task_id=task_id)
log["outputs"] = [call("execute", task_id=task_id, code=step) for step in steps]
log["completed_after"] = call("task_completed", task_id=task_id)
log["evaluation"] = call("evaluate", task_id=task_id, suppress_errors=True, report=False)
log["report"] = call("evaluate", task_id=task_id, report=True)
try:
    call("execute", task_id="nope_1", code="print(1)")
except Exception as error:
    log["wrong_task"] = str(error)
call("close", task_id=task_id)
print(json.dumps(log))
`;

// Debian's python3: the pyenv shim first on PATH here takes seconds to start.
const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

let server: EnvServer;
beforeAll(async () => {
  server = await startEnvServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe("a Python urllib client", () => {
  it("solves a whole task: initialize, executes, complete_task, evaluate", async () => {
    const task = pickTasks("test_normal", 1)[0]!;
    const steps = task.goldSteps.map((step) => step.action);
    expect(steps.at(-1)).toContain("apis.supervisor.complete_task");
    const result = await execa(python, ["-c", PYTHON_CLIENT, server.url, task.id], { input: JSON.stringify(steps) });
    const log = JSON.parse(result.stdout);
    expect(log.instruction).toBe(task.instruction);
    expect(log.first.trim()).toBe(log.supervisor_email);
    expect(log.completed_before).toBe(false);
    expect(log.outputs).toHaveLength(steps.length);
    for (const output of log.outputs) expect(output).not.toMatch(/^Execution failed/);
    expect(log.completed_after).toBe(true);
    expect(log.evaluation.success).toBe(true);
    expect(log.evaluation.failures).toEqual([]);
    expect(log.evaluation.num_tests).toBe(task.tests.length);
    expect(log.report).toContain(`Num Passed Tests : ${task.tests.length}`);
    expect(log.wrong_task).toBe(
      `execute failed: 400 {"detail":"The active task world is ${task.id}. But you have requested to operate on nope_1"}`,
    );
    expect(server.handler.openWorlds).toBe(0);
  });
});

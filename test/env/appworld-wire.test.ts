// The server speaks AppWorld's wire format: the exact bodies AppWorld's Python client posts
// (`requests.post(f"{url}/{method}", json=kwargs)`, extra keys included) and the shapes of the answers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EvaluationTracker,
  InitializeOutput,
  startEnvServer,
  TaskInfoOutput,
  type EnvServer,
} from "../../lib/env/index.js";
import { pickTasks, sendRaw } from "./env-helpers.js";

const task = pickTasks("train", 1)[0]!;
let server: EnvServer;

beforeAll(async () => {
  server = await startEnvServer({ port: 0 });
});
afterAll(async () => {
  await server.close();
});

const post = (route: string, body?: string) =>
  sendRaw(`${server.url}${route}`, { method: "POST", ...(body !== undefined ? { body } : {}) });

// What AppWorld's AppWorld(task_id=..., remote_environment_url=...) sends, as json.dumps writes it.
const initializeBody =
  `{"task_id": "${task.id}", "experiment_name": "default", "remote_apis_url": null, "remote_mcp_url": null, ` +
  `"remote_docker": false, "max_interactions": 1000, "max_api_calls_per_interaction": 1000, "raise_on_unsafe_syntax": true, ` +
  `"null_patch_unsafe_execution": true, "load_ground_truth": true, "ground_truth_mode": "minimal", "raise_on_failure": true, ` +
  `"random_seed": 100, "timeout_seconds": 100, "show_api_response_schemas": true, "gc_threshold": 1000, ` +
  `"raise_on_extra_parameters": false, "import_utils": false, "parse_datetimes": false, "allow_datetime_change": false, ` +
  `"add_login_shortcut": false, "munchify_response": false}`;

describe("AppWorld's wire format", () => {
  it("answers GET / with AppWorld's welcome message", async () => {
    const answer = await sendRaw(`${server.url}/`);
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/^Welcome to AppWorld Server!/);
    expect(answer.text.startsWith('{"message":')).toBe(true);
  });

  it("accepts the Python client's initialize body with its extra keys and answers the task fields", async () => {
    const answer = await post("/initialize", initializeBody);
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body)).toEqual(["output"]);
    const output = InitializeOutput.strict().parse(answer.body.output);
    expect(output.task_id).toBe(task.id);
    expect(output.instruction).toBe(task.instruction);
    expect(output.datetime).toBe(task.datetime);
    expect(Object.keys(output.supervisor)).toEqual(["first_name", "last_name", "email", "phone_number"]);
  });

  it("answers execute with the printed text, AppWorld's success text and its failure traceback", async () => {
    const printed = await post("/execute", `{"task_id": "${task.id}", "code": "print(1 + 1)"}`);
    expect(printed).toMatchObject({ status: 200, body: { output: "2\n" } });
    const silent = await post("/execute", `{"task_id": "${task.id}", "code": "x = 41"}`);
    expect(silent.body).toEqual({ output: "Execution successful." });
    const kept = await post("/execute", `{"task_id": "${task.id}", "code": "print(x + 1)"}`);
    expect(kept.body).toEqual({ output: "42\n" });
    const failed = await post("/execute", `{"task_id": "${task.id}", "code": "1 / 0"}`);
    expect(failed.body.output).toMatch(/^Execution failed\. Traceback:\n[\s\S]*ZeroDivisionError: division by zero$/);
    const empty = await post("/execute", `{"task_id": "${task.id}", "code": ""}`);
    expect(empty.body).toEqual({ output: "No code available to execute." });
  });

  it("runs the apis proxy: an API call answers the app's JSON", async () => {
    const answer = await post(
      "/execute",
      `{"task_id": "${task.id}", "code": "print(apis.api_docs.show_app_descriptions())"}`,
    );
    expect(answer.status).toBe(200);
    expect(answer.body.output).toContain("venmo");
  });

  it("answers batch_execute with one string per code", async () => {
    const answer = await post("/batch_execute", `{"task_id": "${task.id}", "codes": ["y = 2", "print(y * 3)"]}`);
    expect(answer.body).toEqual({ output: ["Execution successful.", "6\n"] });
  });

  it("answers task_completed with a bool", async () => {
    const answer = await post("/task_completed", `{"task_id": "${task.id}"}`);
    expect(answer.body).toEqual({ output: false });
  });

  it("answers evaluate with the test tracker, and with report=true the text report", async () => {
    const tracker = await post("/evaluate", `{"task_id": "${task.id}", "suppress_errors": true, "report": false}`);
    expect(tracker.status).toBe(200);
    const parsed = EvaluationTracker.parse(tracker.body.output);
    expect(Object.keys(tracker.body.output)).toEqual(["success", "difficulty", "num_tests", "passes", "failures"]);
    expect(parsed.success).toBe(false);
    expect(parsed.num_tests).toBe(parsed.passes.length + parsed.failures.length);
    for (const item of [...parsed.passes, ...parsed.failures])
      expect(["no_op_pass", "no_op_fail"]).toContain(item.label);
    const text = await post("/evaluate", `{"task_id": "${task.id}", "suppress_errors": true, "report": true}`);
    expect(text.body.output).toContain(`Num Total Tests : ${parsed.num_tests}`);
    expect(text.body.output).toContain(`Num Passed Tests : ${parsed.passes.length}`);
  });

  it("saves and loads a state by state_id, answering null", async () => {
    expect((await post("/save_state", `{"task_id": "${task.id}", "state_id": "start"}`)).body).toEqual({
      output: null,
    });
    expect((await post("/load_state", `{"task_id": "${task.id}", "state_id": "start"}`)).body).toEqual({
      output: null,
    });
    const missing = await post("/load_state", `{"task_id": "${task.id}", "state_id": "nope"}`);
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/^Cannot load state `nope` of task /);
  });

  it("answers GET /tasks/{task_id} without opening a world and GET /api_docs unwrapped", async () => {
    const info = await sendRaw(`${server.url}/tasks/${task.id}`);
    expect(info.status).toBe(200);
    const parsed = TaskInfoOutput.parse(info.body.output);
    expect(parsed).toMatchObject({ task_id: task.id, difficulty: task.difficulty, split: "train" });
    const docs = await sendRaw(`${server.url}/api_docs`);
    expect(docs.status).toBe(200);
    expect(docs.body.output).toBeUndefined();
    expect(Object.keys(docs.body)).toEqual(expect.arrayContaining(["api_docs", "supervisor", "venmo", "phone"]));
  });

  it("closes with {task_id}, then close_all with no body (main) and with {task_id} (0.1.3)", async () => {
    expect((await post("/close", `{"task_id": "${task.id}"}`)).body).toEqual({ output: null });
    expect(server.handler.openWorlds).toBe(0);
    expect((await post("/initialize", initializeBody)).status).toBe(200);
    expect((await post("/close_all")).body).toEqual({ output: null });
    expect(server.handler.openWorlds).toBe(0);
    expect((await post("/initialize", initializeBody)).status).toBe(200);
    expect((await post("/close_all", `{"task_id": "${task.id}"}`)).body).toEqual({ output: null });
    expect(server.handler.openWorlds).toBe(0);
  });

  it("refuses requests after close with AppWorld's not-initialized message", async () => {
    const answer = await post("/execute", `{"task_id": "${task.id}", "code": "print(1)"}`);
    expect(answer).toMatchObject({ status: 400, body: { detail: "AppWorld has not been initialized." } });
  });
});

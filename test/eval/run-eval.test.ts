import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { renderStepCompletion } from "../../lib/data/index.js";
import { EnvironmentClient, startEnvServer } from "../../lib/env/index.js";
import { runEval } from "../../lib/eval/run-eval.js";
import { getTask, listTaskIds } from "../../lib/world/index.js";
import { startScriptedOpenAiServer, type ScriptedOpenAiServer, type ScriptedReply } from "../helpers/openai-server.js";

const SECRET = "sk-run-eval-secret-4242424242";
// Two scenarios of dev: tasks a1..a3, b1..b3.
const taskIds = listTaskIds("dev").slice(0, 6);
const [a1, a2, a3, b1, b2, b3] = taskIds as [string, string, string, string, string, string];
const usage = { prompt_tokens: 100, completion_tokens: 20 };

let dir: string;
let env: EnvironmentClient;
let server: ScriptedOpenAiServer | undefined;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "agentft-run-eval-"));
  env = EnvironmentClient.embedded();
});
afterAll(async () => {
  await env.dispose();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const goldReplies = (taskId: string): ScriptedReply[] =>
  getTask(taskId).goldSteps.map((step) => ({ content: renderStepCompletion(step), usage }));
const labelsOf = (taskId: string) => getTask(taskId).tests.map((t) => t.label);

describe("runEval", () => {
  it("scores the gold reference policy TGC 100 and noop TGC 0", async () => {
    const gold = await runEval(
      { policy: "gold", taskIds, workers: 3 },
      { envClient: env, runDir: path.join(dir, "gold") },
    );
    expect(gold.label).toBe("reference:gold");
    expect(gold.metrics).toMatchObject({ tasks: 6, tgc: 100, sgc: 100, meanPassPercent: 100 });
    const noop = await runEval(
      { policy: "noop", taskIds, workers: 3 },
      { envClient: env, runDir: path.join(dir, "noop") },
    );
    expect(noop.metrics).toMatchObject({ tasks: 6, tgc: 0, sgc: 0, meanPassPercentNoOpFail: expect.any(Number) });
    expect(noop.records.every((r) => r.episode.steps.length === 1)).toBe(true);
    const summary = JSON.parse(await readFile(path.join(dir, "noop", "summary.json"), "utf8"));
    expect(summary.label).toBe("reference:noop");
  });

  it("runs a scripted model over two scenarios with hand-computed metrics", async () => {
    const raise = { content: renderStepCompletion({ thought: "try", action: "raise RuntimeError('no')" }), usage };
    const plans: Record<string, ScriptedReply[]> = {
      [a1]: goldReplies(a1),
      [a2]: [{ content: "not json at all", usage }, ...goldReplies(a2)],
      [a3]: [], // never completes: only `print(1)` until maxInteractions (filled below)
      [b1]: goldReplies(b1),
      [b2]: [raise, ...goldReplies(b2)],
      [b3]: goldReplies(b3),
    };
    const maxInteractions = 4 + Math.max(...taskIds.map((id) => getTask(id).goldSteps.length));
    const wait = { content: renderStepCompletion({ thought: "wait", action: "print(1)" }), usage };
    plans[a3] = Array.from({ length: maxInteractions }, () => wait);
    // One worker, so the calls arrive task after task (variants of a scenario share their instruction).
    server = await startScriptedOpenAiServer(taskIds.flatMap((id) => plans[id] ?? []));
    const progress: number[] = [];
    process.env["AGENTFT_API_KEY"] = SECRET;
    let result: Awaited<ReturnType<typeof runEval>>;
    try {
      result = await runEval(
        { model: { model: "scripted-14b", baseUrl: server.baseUrl }, taskIds, workers: 1, maxInteractions },
        { envClient: env, runDir: path.join(dir, "scripted"), onProgress: (p) => progress.push(p.done) },
      );
    } finally {
      delete process.env["AGENTFT_API_KEY"];
    }
    const byId = new Map(result.records.map((r) => [r.taskId, r]));
    const steps = (id: string) => getTask(id).goldSteps.length;
    expect(result.records.map((r) => r.taskId)).toEqual(taskIds);
    expect(result.records.map((r) => r.evaluation.success)).toEqual([true, true, false, true, true, true]);
    expect([a1, a2, a3, b1, b2, b3].map((id) => byId.get(id)?.episode.steps.length)).toEqual([
      steps(a1),
      steps(a2) + 1,
      maxInteractions,
      steps(b1),
      steps(b2) + 1,
      steps(b3),
    ]);
    expect(byId.get(a3)?.episode.stopReason).toBe("max_interactions");
    expect(byId.get(b2)?.episode.steps[0]?.observation).toMatch(
      /^Execution failed\. Traceback:[\s\S]*RuntimeError: no/,
    );

    // a3 did nothing, so exactly its no_op_pass tests pass.
    const a3Labels = labelsOf(a3);
    const a3Pass = (a3Labels.filter((l) => l === "no_op_pass").length / a3Labels.length) * 100;
    const a3Task = result.records.find((r) => r.taskId === a3);
    expect(a3Task?.evaluation.passes.every((p) => p.label === "no_op_pass")).toBe(true);
    const calls = result.records.reduce((sum, r) => sum + r.episode.steps.length, 0);
    expect(result.metrics.tgc).toBeCloseTo((5 / 6) * 100, 10);
    expect(result.metrics.sgc).toBe(50);
    expect(result.metrics.meanPassPercent).toBeCloseTo((500 + a3Pass) / 6, 10);
    expect(result.metrics.formatErrors).toBe(1);
    expect(result.metrics.totalTokens).toBe(120 * calls);
    expect(result.metrics.meanSteps).toBeCloseTo(calls / 6, 10);
    expect(server.requests).toHaveLength(calls);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6]);

    // The key was sent to the endpoint and is in no file of the run.
    expect(server.requests[0]?.headers["authorization"]).toBe(`Bearer ${SECRET}`);
    for (const file of await listFiles(path.join(dir, "scripted"))) {
      expect(await readFile(file, "utf8"), file).not.toContain(SECRET);
    }
    const config = JSON.parse(await readFile(path.join(dir, "scripted", "config.json"), "utf8"));
    expect(config.model).toMatchObject({
      model: "scripted-14b",
      baseUrl: server.baseUrl,
      temperature: 0,
      maxTokens: 400,
      seed: 123,
    });
    const evaluation = JSON.parse(await readFile(path.join(dir, "scripted", "evaluations", "custom.json"), "utf8"));
    expect(evaluation.aggregate).toEqual({ task_goal_completion: 83.3, scenario_goal_completion: 50 });
  });

  it("resumes a run: finished tasks are skipped and every task is recorded once", async () => {
    const runDir = path.join(dir, "resume");
    const controller = new AbortController();
    const first = await runEval(
      { policy: "gold", taskIds, workers: 1 },
      { envClient: env, runDir, signal: controller.signal, onProgress: (p) => p.done === 2 && controller.abort() },
    );
    expect(first.records).toHaveLength(2);
    const second = await runEval({ policy: "gold", taskIds, workers: 2 }, { envClient: env, runDir });
    expect(second.resumed).toBe(2);
    expect(second.records.map((r) => r.taskId)).toEqual(taskIds);
    const lines = (await readFile(path.join(runDir, "tasks.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).taskId).sort()).toEqual([...taskIds].sort());
  });

  it("runs every task once per trial and gives each trial its own world", async () => {
    const result = await runEval(
      { policy: "gold", taskIds: [a1, a2], trials: 2, workers: 4 },
      { envClient: env, runDir: path.join(dir, "trials") },
    );
    expect(result.records.map((r) => `${r.taskId}#${r.trial}`)).toEqual([`${a1}#1`, `${a1}#2`, `${a2}#1`, `${a2}#2`]);
    expect(result.metrics).toMatchObject({ trials: 2, tgc: 100 });
    expect(result.outputs.appWorldEvaluation.map((p) => path.basename(p))).toEqual([
      "custom-trial1.json",
      "custom-trial2.json",
    ]);
  });

  it("drives an environment server over HTTP (`agentft world serve`) with code-react", async () => {
    const envServer = await startEnvServer({ port: 0 });
    try {
      const result = await runEval(
        { policy: "gold", agent: "code-react", taskIds: [b1, b2], env: envServer.url, workers: 2 },
        { runDir: path.join(dir, "http") },
      );
      expect(result.metrics).toMatchObject({ tasks: 2, tgc: 100 });
      expect(result.records.every((r) => r.episode.agent === "code-react")).toBe(true);
    } finally {
      await envServer.close();
    }
  });

  it("gives each worker its own AppWorld server (env appworld) and reads the split from AppWorld's data folder", async () => {
    // The stand-in serves one task world per process, as `appworld serve environment` does; it runs the built library.
    const standIn = path.join(import.meta.dirname, "..", "fixtures", "bin", "appworld");
    const root = path.join(dir, "appworld-root");
    await mkdir(path.join(root, "data", "datasets"), { recursive: true });
    await writeFile(path.join(root, "data", "datasets", "dev.txt"), `${a1}\n${a2}\n${b1}\n`);
    const result = await runEval(
      { policy: "noop", split: "dev", env: "appworld", workers: 2 },
      { appWorld: { command: standIn, root, startupTimeoutS: 60 }, runDir: path.join(dir, "appworld") },
    );
    expect(result.failures).toEqual([]);
    expect(result.records.map((r) => r.taskId)).toEqual([a1, a2, b1]);
    expect(result.metrics).toMatchObject({ tasks: 3, tgc: 0 });
  });

  it("refuses the gold policy with env appworld (AppWorld serves no solutions)", async () => {
    await expect(runEval({ policy: "gold", split: "dev", env: "appworld" })).rejects.toThrow(
      "the gold policy replays the embedded world's gold steps; AppWorld's protocol serves no solutions, so use `noop` or a model with env `appworld`",
    );
  });

  it("leaves a task whose endpoint failed unrecorded, so a rerun retries it", async () => {
    server = await startScriptedOpenAiServer((_request, index) =>
      index === 0
        ? { status: 503 }
        : { content: renderStepCompletion({ thought: "done", action: "apis.supervisor.complete_task()" }) },
    );
    const options = {
      model: { model: "flaky", baseUrl: server.baseUrl, maxRetries: 0 },
      taskIds: [a1, a2],
      workers: 1,
    };
    const runDir = path.join(dir, "flaky");
    const first = await runEval(options, { envClient: env, runDir });
    expect(first.failures).toEqual([
      {
        taskId: a1,
        trial: 1,
        error: expect.stringMatching(/^Model call to `flaky` at .* failed after 1 attempt: HTTP 503/),
      },
    ]);
    expect(first.records.map((r) => r.taskId)).toEqual([a2]);
    const second = await runEval(options, { envClient: env, runDir });
    expect(second).toMatchObject({ resumed: 1, failures: [] });
    expect(second.records.map((r) => r.taskId)).toEqual([a1, a2]);
  });

  it("stops the whole run at once when the endpoint says the model does not exist", async () => {
    server = await startScriptedOpenAiServer(() => ({ status: 404 }));
    const run = runEval(
      { model: { model: "missing", baseUrl: server.baseUrl }, taskIds, workers: 3 },
      { envClient: env, runDir: path.join(dir, "missing") },
    );
    await expect(run).rejects.toThrow(
      /^Model call to `missing` at .* failed after 1 attempt: HTTP 404: .*\nFix: check that `missing` is a model the server serves/,
    );
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it("refuses to resume a run folder with different options", async () => {
    await expect(
      runEval({ policy: "noop", taskIds, workers: 1 }, { envClient: env, runDir: path.join(dir, "gold") }),
    ).rejects.toThrow(
      `The run folder ${path.join(dir, "gold")} was started with label \`"reference:gold"\`, not \`"reference:noop"\`; ` +
        "rerun with the same options to resume it, or pick another run name (--run).",
    );
  });

  it("rejects options with both a model and a policy", async () => {
    await expect(
      runEval({ policy: "gold", model: { model: "m", baseUrl: "http://127.0.0.1:9/v1" }, split: "dev" }),
    ).rejects.toThrow(
      "Invalid eval options:\n✖ `policy`: give exactly one of `model` and `policy` (gold or noop); got `gold` (string).",
    );
  });
});

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

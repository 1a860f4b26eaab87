// The episode environment module (lib/grpo/python/environment.py) driven with plain python3, as TRL's
// environment_factory drives it, against `agentft world serve` spawned from the built bin.
import { execa } from "execa";
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvironmentClient } from "../../lib/env/index.js";
import { parseRewardConfig, scoreEpisode } from "../../lib/grpo/index.js";
import { getTask } from "../../lib/world/index.js";
import { missing, repoRoot } from "../helpers/prerequisites.js";

const bin = path.join(repoRoot, "lib/bin/agentft.js");
const task = getTask("1bd07b0_1");
const gold = task.goldSteps.map((s) => s.action);
const reward = { successBonus: 1, collateralPenalty: 1, failedExecutionPenalty: 0.5 };

function wrongPayeeEmail(): string {
  const state = task.buildState();
  const person = state.people.find(
    (p) =>
      p.id !== state.supervisor.personId &&
      `${p.firstName} ${p.lastName}` !== "Sarah Rogers" &&
      state.venmo.accounts.some((a) => a.userId === p.id),
  );
  if (!person) throw new Error(`task ${task.id} has nobody else with a Venmo account`);
  return person.email;
}

// Episodes: the actions a rollout executes before get_reward.
const episodes = {
  gold,
  // Pays but never marks the task complete, with one failing execution on the way.
  unfinished: [...gold.slice(0, 6), "print(1 / 0)", gold[6] as string],
  wrongPayee: [
    ...gold.slice(0, 6),
    `print(apis.venmo.create_transaction(receiver_email="${wrongPayeeEmail()}", amount=173, private=False, access_token=venmo_access_token))`,
  ],
  noop: [],
} as const;

// Imports the module as TRL would and prints, per episode, the outputs, the reward and the world's name.
const DRIVER = `
import json, sys
sys.path.insert(0, sys.argv[1])
from environment import AgentftWorldEnv, ENVIRONMENT_FACTORY
assert ENVIRONMENT_FACTORY is AgentftWorldEnv
episodes = json.loads(sys.stdin.read())
results = {}
for name, actions in episodes.items():
    env = AgentftWorldEnv()
    assert env.reset(task_id=${JSON.stringify(task.id)}, prompt="ignored", history="[]") is None
    experiment = env._experiment
    outputs = [env.execute(code) for code in actions]
    value = env.get_reward()
    after = env.execute("print(1)")
    results[name] = {"experiment": experiment, "outputs": outputs, "reward": value, "again": env.get_reward(),
                     "after": after}
print(json.dumps(results))
`;

let server: ReturnType<typeof execa> | undefined;
let url = "";
let moduleDir = "";

function waitForUrl(child: ReturnType<typeof execa>): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /Serving the embedded world on (http:\/\/\S+) /.exec(seen);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before printing its URL:\n${seen}`)));
  });
}

describe.skipIf(missing("debian-python3"))("environment.py with plain python3", () => {
  beforeAll(async () => {
    if (!existsSync(path.join(repoRoot, "lib/dist/cli/main.js")))
      throw new Error("run `npm run build` first: this suite spawns the built bin");
    // The module reads grpo_config.json beside itself, as `agentft grpo plan` writes it.
    moduleDir = mkdtempSync(path.join(tmpdir(), "agentft-grpo-env-"));
    copyFileSync(path.join(repoRoot, "lib/grpo/python/environment.py"), path.join(moduleDir, "environment.py"));
    writeFileSync(path.join(moduleDir, "grpo_config.json"), JSON.stringify({ reward, max_interactions: 50 }));
    server = execa("node", [bin, "world", "serve", "--port", "0"], { cwd: repoRoot, reject: false });
    url = await waitForUrl(server);
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill("SIGINT");
      await server;
    }
    if (moduleDir) rmSync(moduleDir, { recursive: true, force: true });
  });

  it("opens a world per reset, executes, scores as scoreEpisode does, and closes the world", async () => {
    const run = await execa("/usr/bin/python3", ["-c", DRIVER, moduleDir], {
      input: JSON.stringify(episodes),
      env: { AGENTFT_ENV_URL: url, PYTHONDONTWRITEBYTECODE: "1" },
      reject: false,
    });
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const results = JSON.parse(run.stdout) as Record<
      keyof typeof episodes,
      { experiment: string; outputs: string[]; reward: number; again: number; after: string }
    >;

    // execute returns the REPL's output.
    expect(results.gold.outputs[6]).toContain("Sent money.");
    expect(results.unfinished.outputs[6]).toMatch(/^Execution failed\./);

    // The same formula as scoreEpisode, on the same actions replayed in a world of our own.
    const config = parseRewardConfig(reward);
    const client = EnvironmentClient.http(url);
    try {
      for (const [name, actions] of Object.entries(episodes)) {
        const experimentName = `check-${name}`;
        await client.initialize(task.id, { experimentName });
        const outputs: string[] = [];
        for (const code of actions) outputs.push(await client.execute(task.id, code, { experimentName }));
        const failed = outputs.filter((o) => o.startsWith("Execution failed.")).length;
        const expected = scoreEpisode(await client.evaluate(task.id, { experimentName }), config, {
          total: actions.length,
          failed,
        });
        await client.close(task.id, { experimentName });
        const got = results[name as keyof typeof episodes];
        expect(got.outputs, name).toEqual(outputs);
        expect(got.reward, name).toBeCloseTo(expected.reward, 12);
        // get_reward again after the episode answers the same reward without a world.
        expect(got.again, name).toBe(got.reward);
        expect(got.after, name).toBe("No task world is open; the episode has ended.");
      }
      // The episodes tell good from bad: success 1 + 1; unfinished 4 of 5 and a failed-execution share; the wrong payee only the card top-up (1 of 5) and 2 collateral; nothing 0.
      expect(results.gold.reward).toBe(2);
      expect(results.unfinished.reward).toBeCloseTo(4 / 5 - 0.5 * (1 / 8), 12);
      expect(results.wrongPayee.reward).toBeCloseTo(1 / 5 - 2, 12);
      expect(results.noop.reward).toBe(0);

      // Each world the module opened is gone from the server.
      for (const { experiment } of Object.values(results)) {
        expect(experiment).toMatch(/^grpo-episode-[0-9a-f]{16}$/);
        await expect(client.execute(task.id, "print(1)", { experimentName: experiment })).rejects.toThrow();
      }
    } finally {
      await client.dispose();
    }
    // The server's own count of open worlds, which it prints when stopped: none left.
    server?.kill("SIGINT");
    const stopped = await server;
    expect(stopped?.stdout).toContain("Got SIGINT: closing 0 open task worlds and stopping");
  });
});

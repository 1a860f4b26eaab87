// `agentft grpo plan` and `agentft grpo run` from the built bin, as a user runs them: a tiny episode-mode run
// on CPU with real TRL, the environment server started and stopped by `run`, rewards printed as they arrive.
import { execa } from "execa";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { missing, repoRoot, testVenvPython } from "../helpers/prerequisites.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { readMetrics } from "../train/run-helpers.js";

const bin = path.join(repoRoot, "lib/bin/agentft.js");
const TINY = [
  "model=tiny-random-qwen2",
  "bnb=null",
  "trl.use_cpu=true",
  "trl.bf16=false",
  "trl.max_steps=2",
  "trl.logging_steps=1",
  "trl.save_steps=1000",
  "trl.max_completion_length=16",
].flatMap((s) => ["--set", s]);

describe.skipIf(missing("python-train"))("agentft grpo plan and run", { timeout: 600_000 }, () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await createTempDir("agentft-grpo-cli-");
  });
  afterAll(async () => {
    await temp.remove();
  });

  it("plans an episode run of 2 tasks, runs it beside its environment server, and stops the server", async () => {
    const out = path.join(temp.path, "episode");
    const planned = await execa(
      "node",
      [
        bin,
        "grpo",
        "plan",
        "--mode",
        "episode",
        "--limit",
        "2",
        ...TINY,
        "--set",
        "reward.successBonus=3",
        "--out",
        out,
      ],
      { cwd: repoRoot, reject: false },
    );
    expect(planned.exitCode, planned.stderr).toBe(0);
    expect(planned.stdout).toContain(`Planned GRPO (episode mode) of tiny-random-qwen2 in ${out}`);
    expect(planned.stdout).toContain("rows: 2;");
    const runConfig = JSON.parse(readFileSync(path.join(out, "grpo_config.json"), "utf8"));
    expect(runConfig).toMatchObject({ mode: "episode", reward: { successBonus: 3, collateralPenalty: 1 } });
    expect(existsSync(path.join(out, "environment.py"))).toBe(true);

    const ran = await execa("node", [bin, "grpo", "run", out, "--python", testVenvPython], {
      cwd: repoRoot,
      reject: false,
      env: { HF_HUB_OFFLINE: "1", OMP_NUM_THREADS: "1" },
    });
    expect(ran.exitCode, `${ran.stdout}\n${ran.stderr}`).toBe(0);
    const url = /environment server on (http:\/\/\S+)/.exec(ran.stderr)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ran.stdout).toContain("COMPLETED; environment server stopped");
    const rewards = readMetrics(out).filter((e) => e.event === "log" && typeof e["reward"] === "number");
    expect(rewards.map((e) => e.step)).toEqual([1, 2]);
    for (const e of rewards)
      expect(ran.stderr).toContain(`step ${e.step}/2 reward ${(e["reward"] as number).toFixed(4)}`);
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });

  it("refuses a mode it does not know, an unplanned directory, a bad ssh port and an unknown backend, naming each", async () => {
    const mode = await execa("node", [bin, "grpo", "plan", "--mode", "turns", "--out", temp.path], {
      cwd: repoRoot,
      reject: false,
    });
    expect(mode.exitCode).toBe(1);
    expect(mode.stderr).toContain("Expected `--mode` to be step or episode, got `turns`.");
    const unplanned = await execa("node", [bin, "grpo", "run", path.join(temp.path, "nothing")], {
      cwd: repoRoot,
      reject: false,
    });
    expect(unplanned.exitCode).toBe(1);
    expect(unplanned.stderr).toContain("grpo_config.json does not exist; plan the GRPO run first");
    const sshPort = await execa("node", [bin, "grpo", "run", temp.path, "--backend", "ssh", "--ssh-port", "x"], {
      cwd: repoRoot,
      reject: false,
    });
    expect(sshPort.exitCode).toBe(1);
    expect(sshPort.stderr).toContain("Expected `--ssh-port` to be a whole number from 1 to 65535, got `x`.");
    const backend = await execa("node", [bin, "grpo", "run", temp.path, "--backend", "lsf"], {
      cwd: repoRoot,
      reject: false,
    });
    expect(backend.exitCode).toBe(1);
    expect(backend.stderr).toContain("lsf");
  });
});

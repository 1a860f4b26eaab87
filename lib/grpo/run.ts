// startGrpoRun: the server a GRPO run needs (the reward service in step mode, the environment server in
// episode mode) started beside the training job, its address handed to the job, and stopped when the job ends.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../errors.js";
import { startEnvServer, type EnvServer } from "../env/index.js";
import {
  type JobBackend,
  type JobHandle,
  type JobResult,
  parseTrainingConfig,
  submitTraining,
} from "../train/index.js";
import type { GrpoMode, GrpoRunConfig } from "./plan.js";
import { startRewardServer, type RewardServer } from "./reward-server.js";

/** Options of startGrpoRun. */
export interface StartGrpoRunOptions {
  /** A jobs backend (`getJobBackend("local")`, ssh, slurm). */
  readonly backend: JobBackend;
  /** The interpreter with TRL on the target. @default "python" */
  readonly python?: string;
  /** Address the server binds. @default "127.0.0.1" (a remote GPU reaches it through `publicUrl` or a tunnel) */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** The server's address as the job sees it, when it differs from the bound one (another machine). */
  readonly publicUrl?: string;
  /** Most worlds open at once on the server: at least prompts × generations of one step. @default 256 */
  readonly maxWorlds?: number;
  /** Extra environment of the job. */
  readonly env?: Readonly<Record<string, string>>;
  /** Where server warnings go. @default dropped */
  readonly onWarning?: (message: string) => void;
}

/** A GRPO job and its server; `wait` and `cancel` stop the server once the job has ended. */
export interface GrpoRun {
  readonly mode: GrpoMode;
  readonly job: JobHandle;
  /** The server's address as given to the job. */
  readonly serverUrl: string;
  /** Worlds the server holds now (step: reward copies; episode: open episodes). */
  openWorlds(): number;
  wait(): Promise<JobResult>;
  cancel(): Promise<JobResult>;
}

function readRunConfig(runDir: string): GrpoRunConfig {
  const file = path.join(runDir, "grpo_config.json");
  if (!existsSync(file)) {
    throw new ConfigError(`${file} does not exist; plan the GRPO run first (planGrpo / agentft grpo plan).`, [
      { path: "runDir", message: "not a planned GRPO run directory" },
    ]);
  }
  return JSON.parse(readFileSync(file, "utf8")) as GrpoRunConfig;
}

// Start the mode's server, submit the training job with the server's address, stop the server when it ends.
export async function startGrpoRun(runDir: string, options: StartGrpoRunOptions): Promise<GrpoRun> {
  const dir = path.resolve(runDir);
  const runConfig = readRunConfig(dir);
  const config = parseTrainingConfig(JSON.parse(readFileSync(path.join(dir, "train_config.json"), "utf8")));
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 0;
  const maxWorlds = options.maxWorlds ?? 256;
  let server: RewardServer | EnvServer;
  let openWorlds: () => number;
  if (runConfig.mode === "step") {
    const rewards = await startRewardServer({ host, port, maxWorlds, reward: runConfig.reward });
    server = rewards;
    openWorlds = () => rewards.rewarder.stats.openWorlds;
  } else {
    const envServer = await startEnvServer({
      host,
      port,
      maxWorlds,
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    server = envServer;
    openWorlds = () => envServer.handler.openWorlds;
  }
  const serverUrl = options.publicUrl ?? server.url;
  let stopped: Promise<void> | undefined;
  const stopServer = () => {
    stopped ??= server.close();
    return stopped;
  };
  let job: JobHandle;
  try {
    ({ job } = await submitTraining(options.backend, dir, config, {
      python: options.python ?? "python",
      env: {
        TRL_EXPERIMENTAL_SILENCE: "1",
        ...options.env,
        [runConfig.mode === "step" ? "AGENTFT_REWARD_URL" : "AGENTFT_ENV_URL"]: serverUrl,
      },
    }));
  } catch (error) {
    await stopServer();
    throw error;
  }
  const finish = async (result: Promise<JobResult>): Promise<JobResult> => {
    try {
      return await result;
    } finally {
      await stopServer();
    }
  };
  return {
    mode: runConfig.mode,
    job,
    serverUrl,
    openWorlds,
    wait: () => finish(options.backend.wait(job, { reject: false })),
    cancel: async () => {
      await options.backend.cancel(job);
      return finish(options.backend.wait(job, { reject: false }));
    },
  };
}

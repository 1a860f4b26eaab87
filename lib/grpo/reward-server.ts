// The HTTP reward service the generated step-mode `rewards.py` posts to:
// `POST /reward {prompts, completions, task_id, history}` → `{rewards}`, `GET /health` → `{status}`.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { AgentftError, ConfigError } from "../errors.js";
import { createStepRewarder, type StepRewarder, type StepRewarderOptions } from "./step-reward.js";

/** Body of `POST /reward`: TRL's reward-function arguments, columns as lists, one entry per completion. */
export const RewardRequestBody = z
  .object({
    prompts: z.array(z.unknown()).optional(),
    completions: z.array(z.union([z.string(), z.array(z.object({ role: z.string().optional() }).loose())])),
    task_id: z.array(z.string()),
    history: z.array(z.unknown()),
  })
  .loose();

/** Options of startRewardServer. */
export interface RewardServerOptions extends StepRewarderOptions {
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Largest accepted body. @unit bytes @default 16 MiB */
  readonly maxBodyBytes?: number;
  /** Serve this rewarder instead of building one (it is not disposed on close). */
  readonly rewarder?: StepRewarder;
}

/** A running reward service. */
export interface RewardServer {
  /** `http://host:port`; the generated rewards.py posts to `${url}/reward`. */
  readonly url: string;
  readonly port: number;
  readonly rewarder: StepRewarder;
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  response.end(text);
}

async function readBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyError(413, `Request body over ${limit} bytes; send smaller batches.`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new BodyError(400, "Request body is not JSON; send {completions, task_id, history}.");
  }
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Start the service; every request's completions are scored concurrently by one rewarder (one snapshot cache).
export async function startRewardServer(options: RewardServerOptions = {}): Promise<RewardServer> {
  const rewarder = options.rewarder ?? createStepRewarder(options);
  const limit = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const server = createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? "/").split("?")[0];
      if (request.method === "GET" && (path === "/health" || path === "/")) {
        return send(response, 200, { status: "healthy", ...rewarder.stats });
      }
      if (path !== "/reward")
        return send(response, 404, { detail: `No route ${request.method} ${path}; POST /reward.` });
      if (request.method !== "POST") return send(response, 405, { detail: "POST /reward takes POST." });
      try {
        const parsed = RewardRequestBody.safeParse(await readBody(request, limit));
        if (!parsed.success) {
          return send(response, 422, { detail: `Invalid body for POST /reward:\n${z.prettifyError(parsed.error)}` });
        }
        const { completions, task_id: taskIds, history: histories } = parsed.data;
        const result = await rewarder.reward({ completions, taskIds, histories });
        send(response, 200, { rewards: result.rewards, outcomes: result.outcomes.map((o) => o.kind) });
      } catch (error) {
        if (error instanceof BodyError) return send(response, error.status, { detail: error.message });
        const status = error instanceof AgentftError && error.code === "grpo-input" ? 422 : 500;
        send(response, status, { detail: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  const host0 = options.host ?? "127.0.0.1";
  const port0 = options.port ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port0, host0, () => resolve());
    });
  } catch (error) {
    if (!options.rewarder) await rewarder.dispose();
    const code = (error as { code?: string }).code;
    const why = code === "EADDRINUSE" ? "the address is already in use" : String(error);
    throw new ConfigError(
      `Cannot listen on ${host0}:${port0}: ${why}.\nStop the other server or pick another --port (0 picks a free one).`,
      [],
      { cause: error },
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    rewarder,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.rewarder) await rewarder.dispose();
    },
  };
}

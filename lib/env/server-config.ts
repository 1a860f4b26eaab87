// Options of the environment server and of the in-process handler, as one zod schema (the CLI parses its flags with it).
import { z } from "zod";
import { configErrorFromZod } from "../errors.js";

/**
 * How `agentft world serve` (and `EnvironmentClient.embedded`) hold worlds. Beyond AppWorld, which holds
 * one world per process with no limits: many worlds at once, a bound on their number, an idle time-out,
 * a body-size limit and an optional token.
 */
export const envServerConfigSchema = z.object({
  // -- network
  /** Address to bind. Loopback by default: any other address exposes code execution to the network, so set `token` too. @default "127.0.0.1" */
  host: z.string().min(1).default("127.0.0.1").describe("address to bind (loopback by default)"),
  /** TCP port; 0 picks a free one (the server's `url` tells which). @default 8000 (AppWorld's) */
  port: z.number().int().min(0).max(65535).default(8000).describe("TCP port, 0 for any free port"),
  /**
   * When set, every request must carry it: `Authorization: Bearer <token>`, an `X-Agentft-Token: <token>`
   * header, or a `?token=<token>` query parameter. Off by default, as AppWorld has none.
   */
  token: z
    .string()
    .min(1)
    .optional()
    .describe("secret every request must carry (Bearer header, X-Agentft-Token or ?token=)"),
  /** Largest accepted request body; bigger ones get 413. @default 1048576 (1 MiB) @unit bytes */
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024)
    .describe("largest request body in bytes"),
  // -- worlds
  /** Open worlds at most; `/initialize` beyond it gets 429 until some are closed. @default 64 */
  maxWorlds: z.number().int().positive().default(64).describe("most task worlds open at once"),
  /** A world with no request for this long is closed (its REPL exits). 0 turns it off. @default 900 @unit seconds */
  idleTimeoutS: z.number().min(0).default(900).describe("close a world after this many idle seconds (0: never)"),
  /** Python REPL sandbox of each world: bubblewrap when available (`auto`), required (`bwrap`) or off (`none`). @default "auto" */
  sandbox: z
    .enum(["auto", "bwrap", "none", "unsafe-none"])
    .default("auto")
    .describe("REPL sandbox: auto, bwrap, none or unsafe-none (root without a sandbox)"),
});

/** What callers pass (every field optional); the resolved form has the defaults filled in. */
export type EnvServerConfigInput = z.input<typeof envServerConfigSchema>;
export type EnvServerConfigResolved = z.output<typeof envServerConfigSchema>;

// Parse options where they enter the library, naming each bad field and the value received.
export function parseEnvServerConfig(input: unknown, source = "environment server options"): EnvServerConfigResolved {
  const parsed = envServerConfigSchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  throw configErrorFromZod(parsed.error, { subject: source, input: input ?? {} });
}

// Options of serve(): which model and adapters, which engine, how much GPU, where. Defaults live here only.
import path from "node:path";
import { z } from "zod";
import { ConfigError, configErrorFromZod } from "../errors.js";
import { jobResourcesSchema } from "../jobs/index.js";

/**
 * A model server. Defaults that differ from vLLM's: `host` is loopback (vLLM binds 0.0.0.0) and
 * `--max-lora-rank` is read from the adapters (vLLM's default is 16, which a rank-32 adapter exceeds).
 */
export const serveOptionsSchema = z
  .object({
    // -- model
    /** Model id or local folder (`Qwen/Qwen2.5-14B-Instruct`, `results/run1/merged`). */
    model: z.string().min(1).describe("model id or folder"),
    /** LoRA adapters by the name requests use: `{ "approach2": "results/run2/adapter" }`. vLLM only. */
    adapters: z
      .record(z.string(), z.string())
      .superRefine((record, ctx) => {
        // A name is what requests send as `model`, and over ssh the folder its copy goes to.
        for (const name of Object.keys(record)) {
          if (!/^(?!\.{1,2}$)[\w.-]+$/.test(name)) {
            ctx.addIssue({
              code: "custom",
              path: [name],
              message: `the adapter name \`${name}\` is not letters, digits, \`_\`, \`.\` and \`-\`: rename it`,
            });
          }
        }
      })
      .default({})
      .describe("LoRA adapters: name → folder (vLLM only)"),
    /** `vllm` (GPU) or `transformers` (`transformers serve`, CPU or small models). @default "vllm" */
    engine: z.enum(["vllm", "transformers"]).default("vllm").describe("serving engine: vllm or transformers"),
    // -- resources
    /** GPUs to shard the model over (`--tensor-parallel-size`). @default 1 */
    tensorParallel: z.number().int().min(1).default(1).describe("GPUs to shard over (--tensor-parallel-size)"),
    /** Longest prompt + completion in tokens (`--max-model-len`). @default the model's own */
    maxModelLen: z.number().int().min(1).optional().describe("max prompt + completion tokens (--max-model-len)"),
    /** Fraction of each GPU's memory vLLM may take (`--gpu-memory-utilization`). @default 0.9 (vLLM's) */
    gpuMemoryUtilization: z.number().gt(0).max(1).optional().describe("GPU memory fraction for vLLM (0-1]"),
    /** Device for `transformers serve`. @default "cpu" */
    device: z.string().default("cpu").describe("device for transformers serve (cpu, cuda, auto)"),
    // -- where
    /** Address to bind. @default "127.0.0.1" ("0.0.0.0" on Slurm, whose node is another machine) */
    host: z.string().default("127.0.0.1").describe("address to bind"),
    /** TCP port; 0 picks a free one on this machine. @default 8000 */
    port: z.number().int().min(0).max(65535).default(8000).describe("TCP port (0 picks a free one)"),
    /** Job backend that runs the server (`local`, `ssh`, `slurm`). @default "local" */
    backend: z.string().default("local").describe("job backend: local, ssh or slurm"),
    /** Options of that backend (`{host: "gpu1"}` for ssh). */
    backendOptions: z.record(z.string(), z.unknown()).default({}).describe("job backend options"),
    /** What a scheduler reserves for the server (Slurm partition, time, CPUs); `gpus` @default `tensorParallel` (vLLM). */
    resources: jobResourcesSchema.default({}).describe("resources a scheduler reserves for the server"),
    /**
     * Host name clients use. @default this machine's loopback (local); over ssh, a forwarded local port when
     * `host` is loopback (the default), else the ssh host; on Slurm, the node the job runs on.
     */
    urlHost: z.string().optional().describe("host name clients connect to"),
    /** Folder for the server's log and job files. @default results/serve-<engine>-<port> */
    runDir: z.string().optional().describe("folder for the server's log"),
    /** Program to run. @default "vllm" or "transformers" from PATH */
    executable: z.string().optional().describe("path of the vllm / transformers program"),
    /**
     * Keep a server on this machine (`backend: "local"`) running after the process that started it ends.
     * By default it stops with that process, however it ends (a kernel killed mid-cell), so nothing holds
     * the GPU behind the user's back; a server on another machine ends at its job's time limit or `stop()`.
     * @default false
     */
    keepAfterExit: z.boolean().default(false).describe("keep a local server after this process ends"),
    /** Seconds to wait for `GET /health`. @default 900 (a 14B model loads in minutes) */
    startupTimeoutS: z.number().positive().default(900).describe("seconds to wait for the server to be healthy"),
    /** Extra environment variables for the server. */
    env: z.record(z.string(), z.string()).default({}).describe("extra environment variables"),
    /** Other `vllm serve` flags, upstream snake_case (`{ max_num_seqs: 64, enforce_eager: true }`). */
    vllm: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe("other vllm serve flags (snake_case)"),
  })
  .strict();

export type ServeOptionsInput = z.input<typeof serveOptionsSchema>;
export type ServeOptions = z.output<typeof serveOptionsSchema>;

// Validate serve() options; every issue names its field. Cross-field rules follow the schema.
export function parseServeOptions(input: ServeOptionsInput): ServeOptions & { readonly runDir: string } {
  const result = serveOptionsSchema.safeParse(input);
  if (!result.success) throw configErrorFromZod(result.error, { subject: "serve options", input });
  const options = result.data;
  if (options.engine === "transformers" && Object.keys(options.adapters).length > 0) {
    throw new ConfigError(
      '`adapters` needs `engine: "vllm"`; `transformers serve` loads one model: merge the adapter into the model first, or serve with vLLM.',
      [{ path: "adapters", message: "not supported by the transformers engine" }],
    );
  }
  const runDir = path.resolve(options.runDir ?? path.join("results", `serve-${options.engine}-${options.port}`));
  return { ...options, runDir };
}

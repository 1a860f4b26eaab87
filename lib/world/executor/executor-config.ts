// Options of the Python executor, as zod schemas: defaults live here and nowhere else.
import { z } from "zod";
import { configErrorFromZod } from "../../errors.js";

/**
 * How each REPL process is started and confined. Fixed when the process starts, so a pool holds one
 * set of these for all its processes.
 */
export const sandboxOptionsSchema = z.object({
  // -- isolation
  /**
   * `auto`: run under bubblewrap when `bwrap` is on PATH and works here, else without it (with a
   * warning); `bwrap`: require it (throws `MissingDependencyError` naming Debian `bubblewrap`);
   * `none`: never (weaker isolation, still warned about once; a root parent's REPLs run as `nobody` in
   * user, mount, network, IPC and PID namespaces of their own, the user namespace mapping only `nobody`
   * (without it where the kernel refuses root a user namespace), and fail to start if that is impossible);
   * `unsafe-none`: without bubblewrap and, under root, as root (warned about at every start).
   * @default "auto"
   */
  sandbox: z
    .enum(["auto", "bwrap", "none", "unsafe-none"])
    .default("auto")
    .describe("Run the Python REPL under bubblewrap: auto, bwrap, none or unsafe-none"),
  /**
   * Python interpreter (≥ 3.11) to run the REPL with. A pyenv-style shim is resolved once to the real
   * interpreter through `sys.executable`. Defaults to process.env['AGENTFT_PYTHON'], then `python3` on PATH.
   */
  python: z
    .string()
    .min(1)
    .optional()
    .describe("Python interpreter for the REPL (default: $AGENTFT_PYTHON, then python3)"),
  // -- resource limits (setrlimit in the REPL before any code runs)
  /** Address-space limit of the REPL process. @unit bytes @default 1 GiB */
  memoryBytes: z
    .number()
    .int()
    .min(256 * 2 ** 20)
    .default(2 ** 30)
    .describe("RLIMIT_AS of the REPL, in bytes"),
  /**
   * CPU time a REPL process may use over its whole life before the kernel kills it (it is then replaced,
   * losing its variables). The per-execution limit is `timeoutSeconds`. @unit seconds @default 600
   */
  cpuSeconds: z.number().int().positive().default(600).describe("RLIMIT_CPU of the REPL process, in seconds"),
  /** Largest file a cell may write (only /tmp is writable). @unit bytes @default 64 MiB */
  fileSizeBytes: z
    .number()
    .int()
    .nonnegative()
    .default(64 * 2 ** 20)
    .describe("RLIMIT_FSIZE of the REPL, in bytes"),
  /** Open file descriptors of the REPL. @default 64 */
  openFiles: z.number().int().min(16).default(64).describe("RLIMIT_NOFILE of the REPL"),
  /** Size of each REPL's private /tmp under bubblewrap (a tmpfs, so it is memory). No effect without bubblewrap. @unit bytes @default 64 MiB */
  tmpBytes: z
    .number()
    .int()
    .positive()
    .default(64 * 2 ** 20)
    .describe("Size of the sandbox's private /tmp, in bytes"),
  /**
   * Under bubblewrap, give each REPL a /tmp, a /proc and a PID namespace of its own. Where the kernel lets user
   * namespaces nest, the REPLs of one sandbox each get namespaces of their own; where it refuses (for example
   * AppArmor's restriction of unprivileged user namespaces), each REPL gets a bubblewrap sandbox of its own
   * instead (a host per REPL: a slower start, the same isolation). `false` lets REPLs share one sandbox, each
   * with a folder in its /tmp that only the in-process audit hook keeps the other REPLs out of: faster where
   * nesting is refused, but a cell can reach another world's files and processes. @default true
   */
  privateTmp: z
    .boolean()
    .default(true)
    .describe("Give each sandboxed REPL a /tmp of its own where user namespaces nest"),
});

/** Per-world behaviour of a REPL: AppWorld's execution limits. */
export const replOptionsSchema = z.object({
  /**
   * Seconds one execution may run. Python raises `Exception: Execution timed out after N seconds.` in
   * the cell (variables survive); a cell stuck in C code is killed `hardTimeoutGraceSeconds` later and
   * its REPL replaced. AppWorld's default is 100. @unit seconds @default 10
   */
  timeoutSeconds: z.number().positive().default(10).describe("Per-execution time limit, in seconds"),
  /** Extra seconds after `timeoutSeconds` before the process is killed. @unit seconds @default 2 */
  hardTimeoutGraceSeconds: z
    .number()
    .positive()
    .default(2)
    .describe("Seconds past the time limit before the REPL is killed"),
  /** Executions allowed per world; later ones fail with AppWorld's message. @default 1000 */
  maxInteractions: z.number().int().positive().default(1000).describe("Maximum number of executions per world"),
  /** API calls allowed in one execution (AppWorld's `max_api_calls_per_interaction`). @default 1000 */
  maxApiCallsPerExecution: z.number().int().positive().default(1000).describe("Maximum API calls in one execution"),
});

export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type ResolvedSandboxOptions = z.output<typeof sandboxOptionsSchema>;
export type ReplOptions = z.input<typeof replOptionsSchema>;
export type ResolvedReplOptions = z.output<typeof replOptionsSchema>;

// Validate options at the boundary; a bad field throws ConfigError naming it and the value received.
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, subject: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw configErrorFromZod(parsed.error, { subject, input: value ?? {} });
}

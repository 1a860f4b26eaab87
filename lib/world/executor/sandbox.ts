// Finds the Python interpreter and bubblewrap, and builds the command line that starts one confined REPL.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, MissingDependencyError } from "../../errors.js";
import type { ResolvedSandboxOptions } from "./executor-config.js";

/** The real interpreter behind a `python3` command (a pyenv shim resolves to its target). */
export interface PythonInfo {
  readonly executable: string;
  /** `sys.base_prefix`: the installation the interpreter loads its standard library from. */
  readonly prefix: string;
  readonly version: string;
}

/** How to start one REPL process. */
export interface ReplCommand {
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly sandboxed: boolean;
  /**
   * Only `sandbox: "unsafe-none"`, where a REPL has no namespaces of its own and so no private /tmp: the host
   * gets a fresh folder in which each REPL makes its own, its only writable place (the machine's /tmp may
   * hold other people's files, even this repository).
   */
  readonly privateScratch: boolean;
  /** Only `sandbox: "unsafe-none"`: a REPL of a root parent stays root (else one reporting uid 0 is refused). */
  readonly allowRoot: boolean;
  /** Under bubblewrap with `privateTmp`: each REPL must get namespaces of its own from its host. */
  readonly isolatedRepls: boolean;
  /**
   * A host serves one REPL only: where user namespaces do not nest under bubblewrap, REPLs of one host would
   * share its sandbox, so each gets a sandbox (and host) of its own instead.
   */
  readonly oneReplPerHost: boolean;
}

// The only variables a REPL ever sees: never the parent's environment (API keys live there).
const REPL_ENV: Readonly<Record<string, string>> = {
  PATH: "/usr/local/bin:/usr/bin:/bin",
  LANG: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  HOME: "/tmp",
  TZ: "UTC",
  PYTHONDONTWRITEBYTECODE: "1",
  PYTHONIOENCODING: "utf-8",
  PYTHONHASHSEED: "0",
  PYTHONSAFEPATH: "1",
};

const SANDBOX_REPL_PATH = "/opt/agentft/repl.py";
const READ_ONLY_REMOUNTS = ["--remount-ro", "/", "--remount-ro", "/dev"] as const;
/** Where a sandboxed host sees the folder of the socket its REPLs connect to. */
const SANDBOX_SOCKET_DIR = "/run/agentft";
const pythonCache = new Map<string, PythonInfo>();
let bwrapProbe: { readonly path: string | undefined; readonly problem: string | undefined } | undefined;
const userNamespaceProbes = new Map<string, string | undefined>();

/**
 * The namespaces each REPL gets of its own (repl.py's ISOLATION_FLAGS; the host turns `root` into
 * `root-no-userns` where the kernel refuses root a user namespace): `nested` under bubblewrap, `root`
 * without it as root (the REPL then becomes `nobody`), `user` without it as another user (an unprivileged
 * user namespace), `null` only for `unsafe-none`.
 */
export type Isolation = "nested" | "root" | "user" | null;

// Whether this kernel lets an unprivileged process make the namespaces of `user` isolation; undefined when
// it does, else why not. Tried once per interpreter, in a throw-away Python, as the REPL itself will.
export function detectUserNamespaces(python: PythonInfo): string | undefined {
  if (userNamespaceProbes.has(python.executable)) return userNamespaceProbes.get(python.executable);
  const flags = 0x10000000 | 0x00020000 | 0x40000000 | 0x08000000 | 0x20000000;
  const probe =
    "import ctypes, os, sys\n" +
    `libc = ctypes.CDLL(None, use_errno=True)\nif libc.unshare(${flags}) != 0:\n` +
    "    sys.exit(os.strerror(ctypes.get_errno()))";
  const result = spawnSync(python.executable, ["-S", "-c", probe], {
    encoding: "utf8",
    env: { ...REPL_ENV },
    timeout: 30_000,
  });
  const limits = ["/proc/sys/kernel/unprivileged_userns_clone", "/proc/sys/user/max_user_namespaces"]
    .filter((file) => existsSync(file))
    .map((file) => `${file} = ${readFileSync(file, "utf8").trim()}`);
  const problem =
    result.status === 0
      ? undefined
      : `this kernel refuses unprivileged user namespaces (${(result.stderr || String(result.error)).trim()}` +
        `${limits.length > 0 ? `; ${limits.join(", ")}` : ""})`;
  userNamespaceProbes.set(python.executable, problem);
  return problem;
}

// Locate repl.py next to this module (source tree) or in the package (compiled dist/ layout).
export function findReplScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "repl.py"), resolve(here, "../../../world/executor/repl.py")];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new ConfigError(`repl.py not found; looked in: ${candidates.join(", ")}`);
  return found;
}

// Resolve the interpreter once per command: `option`, then $AGENTFT_PYTHON, then `python3` on PATH.
export function resolvePython(option?: string): PythonInfo {
  const command = option ?? process.env["AGENTFT_PYTHON"] ?? "python3";
  const cached = pythonCache.get(command);
  if (cached) return cached;
  const probe = "import sys, json; print(json.dumps([sys.executable, sys.base_prefix, list(sys.version_info[:3])]))";
  // The parent's environment is used here only: a pyenv shim needs it to pick its version; no cell code runs.
  const result = spawnSync(command, ["-S", "-c", probe], { encoding: "utf8", timeout: 30_000 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new MissingDependencyError(command, "python3", "to run agent actions in the embedded world's Python REPL");
  }
  if (result.status !== 0) {
    throw new ConfigError(
      `Python interpreter \`${command}\` failed to report its version (exit ${result.status}): ${result.stderr.trim().slice(-500)}. ` +
        "Set AGENTFT_PYTHON or the `python` option to a working python3 (Debian package python3).",
    );
  }
  const [executable, prefix, version] = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as [
    string,
    string,
    number[],
  ];
  if ((version[0] ?? 0) < 3 || (version[0] === 3 && (version[1] ?? 0) < 11)) {
    throw new ConfigError(
      `Python interpreter \`${command}\` is ${version.join(".")}; the REPL needs Python >= 3.11 (for AppWorld's traceback format). ` +
        "Set AGENTFT_PYTHON or the `python` option to a newer python3.",
    );
  }
  const info: PythonInfo = { executable, prefix, version: version.join(".") };
  pythonCache.set(command, info);
  return info;
}

// Find `bwrap` on PATH and check once that it can create namespaces here (containers often forbid it).
export function detectBwrap(): { readonly path: string | undefined; readonly problem: string | undefined } {
  if (bwrapProbe) return bwrapProbe;
  const path = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, "bwrap"))
    .find((candidate) => existsSync(candidate));
  if (path === undefined) {
    bwrapProbe = { path: undefined, problem: "`bwrap` is not on PATH" };
    return bwrapProbe;
  }
  // The same kinds of flags the REPL command uses, so an old bubblewrap that lacks one fails here.
  const flags = ["--ro-bind", "/", "/", "--size", "1048576", "--tmpfs", "/tmp", "--unshare-all", "--die-with-parent"];
  const trial = spawnSync(path, [...flags, "--new-session", "--cap-drop", "ALL", "--clearenv", "--", "/bin/true"], {
    encoding: "utf8",
    env: { PATH: REPL_ENV["PATH"] ?? "" },
    timeout: 10_000,
  });
  const problem =
    trial.status === 0
      ? undefined
      : `\`${path}\` cannot create a sandbox here: ${(trial.stderr || String(trial.error)).trim()}`;
  bwrapProbe = { path, problem };
  return bwrapProbe;
}

/** repl.py's configuration: the limits each REPL applies to itself (setrlimit) and how it gets its /tmp. */
function replConfig(options: ResolvedSandboxOptions, sandboxed: boolean, isolation: Isolation): string {
  return JSON.stringify({
    sandboxed,
    isolation,
    // Each REPL with namespaces of its own mounts a /tmp (and without bubblewrap a /dev/shm) of this size.
    tmpBytes: options.tmpBytes,
    privateTmp: options.privateTmp,
    memoryBytes: options.memoryBytes,
    cpuSeconds: options.cpuSeconds,
    fileSizeBytes: options.fileSizeBytes,
    openFiles: options.openFiles,
    // No process may be created from a cell; root is exempt from this limit, hence `dropRoot` below.
    processes: 0,
    // Outside bubblewrap a root parent's REPL becomes `nobody` in namespaces of its own, a user namespace
    // mapping only `nobody` among them where the kernel allows (inside bubblewrap, bubblewrap's user namespace
    // confines it); the server's folders are hidden from it.
    dropRoot: isolation === "root",
    hidePaths: sandboxed ? [] : [process.cwd(), homedir()],
  });
}

// Build the command for one REPL: bubblewrap around python when `bwrapPath` is given.
export function buildReplCommand(options: {
  readonly python: PythonInfo;
  readonly replPath: string;
  readonly bwrapPath: string | undefined;
  readonly sandbox: ResolvedSandboxOptions;
}): ReplCommand {
  const { python, replPath, bwrapPath, sandbox } = options;
  const pythonArgs = ["-S", "-s", "-B"];
  if (bwrapPath === undefined) {
    const unsafe = sandbox.sandbox === "unsafe-none";
    const isolation: Isolation = unsafe ? null : process.getuid?.() === 0 ? "root" : "user";
    return {
      file: python.executable,
      args: [...pythonArgs, replPath, replConfig(sandbox, false, isolation)],
      env: REPL_ENV,
      cwd: "/tmp",
      sandboxed: false,
      privateScratch: unsafe,
      allowRoot: unsafe,
      // Without bubblewrap a REPL that cannot have its namespaces fails at start: nothing to confirm.
      isolatedRepls: false,
      oneReplPerHost: false,
    };
  }
  const args: string[] = ["--ro-bind", "/usr", "/usr"];
  // Merged-/usr systems link /bin, /lib... into /usr; others have real directories to bind.
  for (const top of ["/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"]) {
    if (!existsSync(top)) continue;
    const stat = lstatSync(top);
    if (stat.isSymbolicLink()) args.push("--symlink", `usr${top}`, top);
    else args.push("--ro-bind", top, top);
  }
  for (const file of ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime"]) {
    if (existsSync(file)) args.push("--ro-bind", file, file);
  }
  for (const dir of new Set([python.prefix, dirname(dirname(python.executable))])) {
    if (!dir.startsWith("/usr/") && dir !== "/usr") args.push("--ro-bind", dir, dir);
  }
  args.push(
    "--ro-bind",
    replPath,
    SANDBOX_REPL_PATH,
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--size",
    String(sandbox.tmpBytes),
    "--tmpfs",
    "/tmp",
    "--unshare-all",
    // Inside, the REPLs run as `nobody`: an id other than 0 lets each one map itself into a user
    // namespace of its own (for its own /tmp), which the kernel refuses for a map of id 0 without CAP_SETFCAP.
    "--uid",
    "65534",
    "--gid",
    "65534",
    "--die-with-parent",
    "--new-session",
    "--cap-drop",
    "ALL",
    "--clearenv",
    "--chdir",
    "/tmp",
  );
  for (const [name, value] of Object.entries(REPL_ENV)) args.push("--setenv", name, value);
  // Last, once every mount is in place: the sandbox's own root (with /etc, /run...) and /dev (with /dev/shm)
  // become read-only, so the only writable place is each REPL's /tmp.
  args.push(...READ_ONLY_REMOUNTS);
  args.push("--", python.executable, ...pythonArgs, SANDBOX_REPL_PATH, replConfig(sandbox, true, "nested"));
  return {
    file: bwrapPath,
    args,
    env: { PATH: REPL_ENV["PATH"] ?? "" },
    cwd: "/tmp",
    sandboxed: true,
    privateScratch: false,
    allowRoot: false,
    isolatedRepls: sandbox.privateTmp,
    oneReplPerHost: sandbox.privateTmp && !namespacesNest(bwrapPath, python.executable),
  };
}

const nestingProbes = new Map<string, boolean>();

// Whether a process in a bubblewrap sandbox may make the user, mount and PID namespaces each REPL gets
// (kernels restricting unprivileged user namespaces refuse): tried once per bubblewrap and interpreter.
function namespacesNest(bwrapPath: string, python: string): boolean {
  const key = `${bwrapPath}\0${python}`;
  let nests = nestingProbes.get(key);
  if (nests === undefined) {
    const flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID;
    const trial = spawnSync(
      bwrapPath,
      ["--ro-bind", "/", "/", "--unshare-all", "--die-with-parent"]
        .concat(["--cap-drop", "ALL", "--clearenv", "--", python, "-S", "-c"])
        .concat([`import ctypes, sys; sys.exit(ctypes.CDLL(None, use_errno=True).unshare(${flags}) != 0)`]),
      { stdio: "ignore", timeout: 10_000 },
    );
    nests = trial.status === 0;
    nestingProbes.set(key, nests);
  }
  return nests;
}

const CLONE_NEWUSER = 0x10000000;
const CLONE_NEWNS = 0x00020000;
const CLONE_NEWPID = 0x20000000;

// The host's command with the folder of its REPLs' socket made visible, and the socket's path as the REPLs
// see it: bound read-only into the sandbox (connecting needs no write access to the mount), or as it is.
export function withSocketDir(
  command: ReplCommand,
  dir: string,
  socketName: string,
): { args: string[]; socketPath: string } {
  if (!command.sandboxed) return { args: [...command.args], socketPath: join(dir, socketName) };
  // Before the read-only remounts: the mount point is made on the sandbox's root.
  const split = command.args.indexOf(READ_ONLY_REMOUNTS[0]);
  return {
    args: [...command.args.slice(0, split), "--ro-bind", dir, SANDBOX_SOCKET_DIR, ...command.args.slice(split)],
    socketPath: `${SANDBOX_SOCKET_DIR}/${socketName}`,
  };
}

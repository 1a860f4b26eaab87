// A real OpenSSH server on a loopback port, for the ssh job backend tests: its own host key, a user key
// for the current user, all in one temp folder; `stop()` ends it and removes the folder.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTempDir } from "./temp-dir.js";
import { findFreePort } from "../../lib/free-port.js";

export interface TestSshd {
  readonly port: number;
  readonly user: string;
  readonly identityFile: string;
  /** Client `-o` options: accept the generated host key without a known_hosts entry of the user's. */
  readonly sshOptions: readonly string[];
  /** A folder for remote run dirs, inside the temp folder. */
  readonly remoteRoot: string;
  stop(): Promise<void>;
}

// The ssh backend's options that reach this server (for `createSshBackend` / `getJobBackend("ssh", ...)`).
export function sshBackendOptionsOf(sshd: TestSshd) {
  return {
    host: "127.0.0.1",
    port: sshd.port,
    user: sshd.user,
    identityFile: sshd.identityFile,
    sshOptions: [...sshd.sshOptions],
    remoteRoot: sshd.remoteRoot,
  };
}

export interface TestSshdOptions {
  /** Folders put before the system PATH of every remote command (sshd `SetEnv`), as a remote login's PATH. */
  readonly pathPrefix?: readonly string[];
}

// Start `sshd -D` on 127.0.0.1 and wait until it accepts a login with the generated key.
export async function startTestSshd(options: TestSshdOptions = {}): Promise<TestSshd> {
  const temp = await createTempDir("agentft-sshd-");
  const dir = temp.path;
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "host_key")]);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, "user_key")]);
  execFileSync("cp", [path.join(dir, "user_key.pub"), path.join(dir, "authorized_keys")]);
  const remoteRoot = path.join(dir, "remote runs");
  mkdirSync(remoteRoot);
  // sshd refuses to start without its privilege separation folder.
  mkdirSync("/run/sshd", { recursive: true });
  const port = await findFreePort();
  const config = path.join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${path.join(dir, "host_key")}`,
      `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
      `PidFile ${path.join(dir, "sshd.pid")}`,
      "StrictModes no",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "PermitRootLogin prohibit-password",
      ...(options.pathPrefix?.length
        ? [`SetEnv "PATH=${[...options.pathPrefix, "/usr/local/bin:/usr/bin:/bin"].join(":")}"`]
        : []),
      "",
    ].join("\n"),
  );
  const sshd = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  sshd.stderr.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const user = os.userInfo().username;
  const identityFile = path.join(dir, "user_key");
  const sshOptions = [
    "StrictHostKeyChecking=no",
    `UserKnownHostsFile=${path.join(dir, "known_hosts")}`,
    "LogLevel=ERROR",
  ];
  const stop = async () => {
    if (sshd.exitCode === null) {
      const exited = new Promise((resolve) => sshd.once("exit", resolve));
      sshd.kill("SIGTERM");
      await exited;
    }
    await temp.remove();
  };
  const probe = [
    "-o",
    "BatchMode=yes",
    "-p",
    String(port),
    "-i",
    identityFile,
    ...sshOptions.flatMap((o) => ["-o", o]),
  ];
  for (let i = 0; i < 100; i++) {
    try {
      execFileSync("ssh", [...probe, `${user}@127.0.0.1`, "true"], { stdio: "ignore", timeout: 10_000 });
      return { port, user, identityFile, sshOptions, remoteRoot, stop };
    } catch {
      if (sshd.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await stop();
  throw new Error(`sshd did not accept a login on port ${port}:\n${log}`);
}

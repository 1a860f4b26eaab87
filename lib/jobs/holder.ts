// Jobs tied to the process that submitted them (`endWithSubmitter`) on backends whose jobs run elsewhere: a
// small process per job holds a pipe from this one and, when the pipe closes (this process ended, however it
// ended), stops the job. Neither it nor its pipe keeps this process running.
import { type ChildProcess, spawn } from "node:child_process";

export class JobHolders {
  private readonly holders = new Map<string, ChildProcess>();

  // Start the holder of a job: `command` reads its standard input to the end, then stops the job.
  hold(jobId: string, command: readonly string[]): void {
    const [file, ...args] = command;
    if (file === undefined) throw new TypeError("JobHolders.hold: the command is empty");
    const child = spawn(file, args, { stdio: ["pipe", "ignore", "ignore"], detached: true });
    child.on("error", () => undefined);
    child.stdin.on("error", () => undefined);
    child.once("exit", () => {
      if (this.holders.get(jobId) === child) this.holders.delete(jobId);
    });
    child.unref();
    (child.stdin as unknown as { unref(): void }).unref();
    this.holders.set(jobId, child);
  }

  // The job was stopped another way: its holder has nothing left to do.
  release(jobId: string): void {
    this.holders.get(jobId)?.kill();
    this.holders.delete(jobId);
  }
}

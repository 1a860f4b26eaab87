import { describe, expect, it } from "vitest";
import { jobTarget, jobTargetOptions } from "../../lib/jobs/index.js";

describe("jobTarget (a target from notebook parameters)", () => {
  it("builds the backend named by the parameters, and refuses an unknown one by name", () => {
    expect(jobTarget({ backend: "local" }).name).toBe("local");
    expect(jobTarget({ backend: "slurm" }).name).toBe("slurm");
    expect(jobTarget({ backend: "ssh", host: "gpu-host", port: 22, user: "", identityFile: "" }).name).toBe("ssh");
    expect(() => jobTarget({ backend: "kubernetes" })).toThrow(/kubernetes/);
  });

  it("leaves empty ssh fields and port 22 to the user's ssh config", () => {
    expect(
      jobTargetOptions({ backend: "ssh", host: "gpu1", port: 22, user: "", identityFile: "", remoteRoot: "" }),
    ).toEqual({
      backend: "ssh",
      backendOptions: { host: "gpu1" },
    });
    expect(
      jobTargetOptions({
        backend: "ssh",
        host: "gpu1",
        port: 2222,
        user: "me",
        identityFile: "/k",
        remoteRoot: "runs",
      }),
    ).toEqual({
      backend: "ssh",
      backendOptions: { host: "gpu1", port: 2222, user: "me", identityFile: "/k", remoteRoot: "runs" },
    });
    // Only ssh takes options: the ssh fields of a local or Slurm target are ignored.
    expect(jobTargetOptions({ backend: "slurm", host: "gpu1" })).toEqual({ backend: "slurm", backendOptions: {} });
  });
});

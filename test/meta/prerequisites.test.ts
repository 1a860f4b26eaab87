import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { missing, repoRoot } from "../helpers/prerequisites.js";

// The skip path itself: a hidden part is reported missing, and under CI=true the same probe fails the file.
describe("test prerequisites", () => {
  it("reports a part hidden by AGENTFT_TEST_HIDE as missing outside CI", () => {
    const script = [
      'import { missing } from "./test/helpers/prerequisites.ts";',
      "console.log(JSON.stringify(missing('chromium')));",
    ].join("\n");
    const run = (ci: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: repoRoot,
        env: { ...process.env, AGENTFT_TEST_HIDE: "chromium", CI: ci },
        encoding: "utf8",
      });
    const local = run("");
    expect(local.stdout.trim()).toBe("true");
    const ci = run("true");
    expect(ci.status).not.toBe(0);
    expect(ci.stderr).toContain("A test prerequisite is missing under CI=true");
    expect(ci.stderr).toContain("sudo apt-get install chromium");
  });

  it.skipIf(missing("debian-python3"))("finds a part that is there", () => {
    expect(missing("debian-python3")).toBe(false);
  });
});

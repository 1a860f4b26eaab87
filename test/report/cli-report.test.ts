import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/prerequisites.js";

const bin = path.join(repoRoot, "lib", "bin", "agentft.js");
const seed = (name: string) => path.join(repoRoot, "data", "seed", name);
const args = [
  `base=${seed("base_inferencing_14b_test_normal_23rdJun.csv")}`,
  `ft=${seed("inferencing_14b_test_normal_updated_23rdJun.csv")}`,
];

describe("agentft report compare", () => {
  it("prints the regressions and the paired statistics as JSON", () => {
    const out = spawnSync(process.execPath, [bin, "report", "compare", ...args, "--filter", "regressed", "--json"], {
      encoding: "utf8",
    });
    expect(out.status).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.tasks).toHaveLength(11);
    expect(json.paired[0].sentence).toContain("not distinguishable from no change at the scenario level");
  });

  it("refuses an unknown filter naming the flag and the choices", () => {
    const out = spawnSync(process.execPath, [bin, "compare", ...args, "--filter", "better"], { encoding: "utf8" });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(
      "`--filter` must be one of all, improved, regressed, unchanged, agree, disagree; got `better`.",
    );
  });
});

// Where the generated GRPO modules live: lib/grpo/python/ in the source tree, the same path beside dist/ in the
// installed package.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InternalError } from "../errors.js";

/** The standard-library Python modules a GRPO run directory gets. */
export type GrpoModuleName = "environment.py" | "rewards_step.py" | "rewards_episode.py";

// The text of one module.
export function readGrpoModule(name: GrpoModuleName): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "python", name), resolve(here, "../../grpo/python", name)];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new InternalError(`${name} not found; looked in: ${candidates.join(", ")}`);
  return readFileSync(found, "utf8");
}

// Where the generated script's source lives: lib/train/python/train.py in the source tree, the same path
// beside dist/ in the installed package.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InternalError } from "../errors.js";

// The text of train.py, the script every run directory gets.
export function readTrainScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "python", "train.py"), resolve(here, "../../train/python/train.py")];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new InternalError(`train.py not found; looked in: ${candidates.join(", ")}`);
  return readFileSync(found, "utf8");
}

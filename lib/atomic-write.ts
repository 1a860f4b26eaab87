// Whole-file writes that a reader never sees half done: the text goes to a temp file beside the target, then
// is renamed over it. The temp name is unique per call, not per process, because one process may write the
// same file twice at once (a job's time limit and an explicit cancel both record why it stopped).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";

let counter = 0;
const tempName = (file: string): string => `${file}.${process.pid}.${++counter}.tmp`;

// Write `text` to `file` atomically, creating its folder.
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = tempName(file);
  await writeFile(temp, text);
  await rename(temp, file);
}

// The same, synchronously (the data layer's writers are synchronous).
export function writeFileAtomicSync(file: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = tempName(file);
  writeFileSync(temp, text);
  renameSync(temp, file);
}

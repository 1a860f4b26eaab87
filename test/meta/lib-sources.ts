// The library's TypeScript sources, for the tests that read lib/ as text (layers, config errors).
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

export const libRoot = path.resolve(import.meta.dirname, "../../lib");

// Every .ts file below `dir`, build output and installed packages left out.
export function listSources(dir: string = libRoot): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "dist" || name === "node_modules") return [];
    if (statSync(full).isDirectory()) return listSources(full);
    return name.endsWith(".ts") ? [full] : [];
  });
}

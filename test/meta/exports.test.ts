// Guards the public surface, types included: every entry point of lib/package.json `exports` is read from
// its built .d.ts with the TypeScript compiler, and its names (values and types) are snapshotted. A name
// added or dropped shows as a snapshot change, to be accepted on purpose (`vitest -u`).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const libRoot = path.resolve(import.meta.dirname, "../../lib");
const manifest = JSON.parse(readFileSync(path.join(libRoot, "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
};

interface Entry {
  readonly name: string;
  readonly types: string;
  readonly module: string;
}

const entries: Entry[] = Object.entries(manifest.exports).flatMap(([key, target]) =>
  typeof target === "string"
    ? []
    : [
        {
          name: path.posix.join("agentft", key),
          types: path.join(libRoot, target.types),
          module: path.posix.join("agentft", key),
        },
      ],
);

const program = ts.createProgram(
  entries.map((e) => e.types),
  {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  },
);
const checker = program.getTypeChecker();

interface Surface {
  /** `name` for a value (a function, class, constant), `type Name` for a type only. */
  readonly names: string[];
  /** Each name's declaration, to tell one type exported twice from two types under one name. */
  readonly declarations: Map<string, ts.Declaration | undefined>;
}

// Whether a re-export chain passes an `export type { ... }` / `import type`: the name is then a type only,
// even when it names a class (`export type { DataFrame }`).
function reachedTypeOnly(symbol: ts.Symbol): boolean {
  let current: ts.Symbol | undefined = symbol;
  for (let hops = 0; current && current.flags & ts.SymbolFlags.Alias && hops < 32; hops++) {
    if (current.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d))) return true;
    current = checker.getImmediateAliasedSymbol(current);
  }
  return false;
}

const bare = (name: string) => name.replace(/^type /, "");

function surfaceOf(entry: Entry): Surface {
  const file = program.getSourceFile(entry.types);
  if (!file) throw new Error(`${entry.types} is not built; run npm run build`);
  const moduleSymbol = checker.getSymbolAtLocation(file);
  const declarations = new Map<string, ts.Declaration | undefined>();
  const names = (moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    declarations.set(symbol.name, target.declarations?.[0]);
    return target.flags & ts.SymbolFlags.Value && !reachedTypeOnly(symbol) ? symbol.name : `type ${symbol.name}`;
  });
  return { names: names.sort((a, b) => (bare(a) < bare(b) ? -1 : bare(a) > bare(b) ? 1 : 0)), declarations };
}

const surfaces = new Map(entries.map((entry) => [entry.name, surfaceOf(entry)]));

describe("public exports", () => {
  it("has an entry point for every area that has an index", () => {
    const areas = readdirSync(libRoot).filter(
      (name) =>
        !["dist", "node_modules", "cli", "bin"].includes(name) &&
        statSync(path.join(libRoot, name)).isDirectory() &&
        readdirSync(path.join(libRoot, name)).includes("index.ts"),
    );
    expect(areas.length).toBeGreaterThan(10);
    for (const area of areas) expect(entries.map((e) => e.name)).toContain(`agentft/${area}`);
  });

  it.each(entries.map((e) => [e.name, e] as const))("%s names exactly its snapshotted values and types", (_, entry) => {
    expect(surfaces.get(entry.name)?.names).toMatchSnapshot();
  });

  it.each(entries.map((e) => [e.name, e] as const))(
    "%s exports at run time exactly the values its .d.ts declares",
    async (_, entry) => {
      const loaded = (await import(entry.module)) as Record<string, unknown>;
      const declared = (surfaces.get(entry.name)?.names ?? []).filter((n) => !n.startsWith("type "));
      expect(Object.keys(loaded).sort()).toEqual([...declared].sort());
    },
  );

  it("keeps the top level to the notebooks' and README's calls, and gives the notebooks every call they import", () => {
    const top = surfaces.get("agentft")?.names ?? [];
    const values = top.filter((n) => !n.startsWith("type "));
    expect(values.length).toBeLessThan(70);
    const repo = path.resolve(libRoot, "..");
    const notebooks = readdirSync(path.join(repo, "notebooks"))
      .filter((name) => name.endsWith(".ipynb"))
      .map((name) => {
        const notebook = JSON.parse(readFileSync(path.join(repo, "notebooks", name), "utf8")) as {
          cells: { cell_type: string; source: string | string[] }[];
        };
        return notebook.cells
          .filter((cell) => cell.cell_type === "code")
          .map((cell) => [cell.source].flat().join(""))
          .join("\n");
      });
    const prose = ["README.md", "notebooks/README.md"].map((file) => readFileSync(path.join(repo, file), "utf8"));
    const unused = values.filter(
      (name) => ![...notebooks, ...prose].some((text) => new RegExp(`\\b${name}\\b`).test(text)),
    );
    expect(unused).toEqual([]);
    const imported = notebooks.flatMap((code) =>
      [...code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"agentft"/g)].flatMap((m) =>
        (m[1] ?? "")
          .split(",")
          .map((n) => n.trim().replace(/^type\s+/, ""))
          .filter(Boolean),
      ),
    );
    expect(imported.length).toBeGreaterThan(20);
    expect(imported.filter((name) => !top.includes(name) && !top.includes(`type ${name}`))).toEqual([]);
  });

  it("gives one meaning to each name: a name exported by several entry points is the same declaration", () => {
    const seen = new Map<string, { entry: string; declaration: ts.Declaration | undefined }>();
    const clashes: string[] = [];
    for (const [entry, surface] of surfaces) {
      for (const [name, declaration] of surface.declarations) {
        const first = seen.get(name);
        if (!first) seen.set(name, { entry, declaration });
        else if (first.declaration !== declaration)
          clashes.push(`${name}: ${first.entry} and ${entry} declare different things`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it("exports every error class of every entry point as a subclass of AgentftError", async () => {
    const { AgentftError } = (await import("agentft/errors")) as typeof import("../../lib/errors.js");
    let count = 0;
    for (const entry of entries) {
      const loaded = (await import(entry.module)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(loaded)) {
        if (typeof value !== "function" || !name.endsWith("Error") || name === "AgentftError") continue;
        count++;
        expect((value as { prototype: unknown }).prototype, `${entry.name}: ${name}`).toBeInstanceOf(AgentftError);
      }
    }
    expect(count).toBeGreaterThan(20);
  });
});

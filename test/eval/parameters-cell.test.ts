// A parameters cell holds plain strings (`const split: string = "dev"`, as papermill-style injection writes
// them): `runEval` takes them, type-checked by tsc against the built package, and a value outside the
// allowed ones is refused at run time with a message naming each. Both are checked with tsc and in a real
// tslab kernel cell.
import path from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKernelSession, type KernelSession } from "../../lib/notebook/kernel-session.js";
import type { JupyterMessage } from "../../lib/notebook/wire.js";
import { listTaskIds } from "../../lib/world/index.js";
import { createTempDir, type TempDir } from "../helpers/temp-dir.js";
import { ensureBuilt, isolateKernelTemp, processesMentioning, removeKernelTemp } from "../notebook/support.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const [devTask] = listTaskIds("dev") as [string];
const ALLOWED = "Fix: use one of `train`, `dev`, `test_normal`, `test_challenge`.";

// Type-check one cell's code as a file of the repository, so `agentft` resolves to the built package.
function typeErrors(code: string): string[] {
  const file = path.join(repoRoot, "test", "fixtures", "parameters-cell.ts");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.esnext.d.ts"],
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) =>
    name === file ? ts.createSourceFile(name, code, version) : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("parameters typed string", () => {
  it("type-check in runEval, listTaskIds and goldRunsOf", () => {
    expect(
      typeErrors(
        [
          'import { goldRunsOf, listTaskIds, runEval, type AgentKind, type ReferencePolicy, type Split } from "agentft";',
          'const split: string = "test_normal";',
          'const agent: string = "code-react";',
          'const policy: string = "noop";',
          "export const run = () => runEval({ split, agent, policy, taskIds: listTaskIds(split).slice(0, 1) });",
          "export const gold = goldRunsOf(split);",
          'export const named: [Split, AgentKind, ReferencePolicy] = ["dev", "json-react", "gold"];',
        ].join("\n"),
      ),
    ).toEqual([]);
  });

  it("still refuse a value of the wrong type at compile time", () => {
    const errors = typeErrors(
      'import { runEval } from "agentft";\nconst split = 3;\nexport const run = () => runEval({ split });',
    );
    expect(errors.join("\n")).toContain("Type 'number' is not assignable to type");
  });
});

describe("a parameters cell in a tslab kernel", { timeout: 120_000 }, () => {
  let kernelTemp: string;
  let session: KernelSession;
  let results: TempDir;
  beforeAll(async () => {
    await ensureBuilt();
    results = await createTempDir("agentft-params-");
    kernelTemp = isolateKernelTemp();
    session = await startKernelSession({ cwd: path.join(repoRoot, "test", "fixtures", "notebooks") });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    expect(await processesMentioning(kernelTemp)).toEqual([]);
    await removeKernelTemp(kernelTemp);
    await results?.remove();
  });

  async function run(code: string): Promise<{ status: unknown; text: string }> {
    const messages: JupyterMessage[] = [];
    const { done } = session.client.execute(code, { onIopub: (message) => messages.push(message) });
    const { reply } = await done;
    const streamed = messages
      .filter((m) => m.header.msg_type === "stream" || m.header.msg_type === "error")
      .map((m) => String(m.content["text"] ?? `${String(m.content["ename"])}: ${String(m.content["evalue"])}`))
      .join("");
    const replied = reply.content["status"] === "error" ? `${String(reply.content["evalue"] ?? "")}` : "";
    return { status: reply.content["status"], text: `${streamed}${replied}` };
  }

  it("runs runEval with a split held in a string, and names the splits for a wrong one", async () => {
    // As in the notebooks: the parameters cell, the import cell, then the cells that call the library (with
    // `split: split`, not the shorthand, which tslab does not resolve to an earlier cell's name).
    expect(await run('const split: string = "dev";\nconst policy: string = "noop";')).toMatchObject({ status: "ok" });
    expect(await run('import { runEval } from "agentft";')).toMatchObject({ status: "ok" });
    const good = await run(
      [
        `const result = await runEval({ policy: policy, split: split, taskIds: [${JSON.stringify(devTask)}], resultsDir: ${JSON.stringify(results.path)} });`,
        "console.log(result.records.length, result.records[0]?.taskId, result.label);",
      ].join("\n"),
    );
    expect(good).toEqual({ status: "ok", text: `1 ${devTask} reference:noop\n` });

    const bad = await run(
      `const wrong: string = "validation";\nawait runEval({ policy: policy, split: wrong, resultsDir: ${JSON.stringify(results.path)} });`,
    );
    expect(bad.status).toBe("error");
    expect(bad.text).toContain(
      `✖ \`split\`: Invalid option: expected one of "train"|"dev"|"test_normal"|"test_challenge"; got \`validation\` (string). ${ALLOWED}`,
    );
  });
});

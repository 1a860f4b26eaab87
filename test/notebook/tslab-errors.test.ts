import { describe, expect, it } from "vitest";
import { parseCellError } from "../../lib/notebook/tslab-errors.js";

describe("parseCellError", () => {
  it("reads compile diagnostics as a TypeScriptError", () => {
    const stderr = "1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'x'.\n";
    expect(parseCellError(stderr, "error")).toEqual({
      output: {
        output_type: "error",
        ename: "TypeScriptError",
        evalue: "1:7 - Type 'string' is not assignable to type 'number'.\n2:1 - Cannot find name 'x'.",
        traceback: ["1:7 - Type 'string' is not assignable to type 'number'.", "2:1 - Cannot find name 'x'."],
      },
      consumedStderr: stderr.length,
    });
  });

  it("reads a thrown error after earlier logging, dropping node and tslab frames", () => {
    const report = [
      "evalmachine.<anonymous>:2",
      'throw new RangeError("too big");',
      "^",
      "",
      "RangeError: too big",
      "    at evalmachine.<anonymous>:2:7",
      "    at sigintHandlersWrap (node:vm:280:12)",
      "    at Object.execute (/p/node_modules/tslab/dist/executor.js:160:38)",
      "",
    ].join("\n");
    const stderr = `a warning the cell printed\n${report}`;
    const parsed = parseCellError(stderr, "error");
    expect(parsed.output).toEqual({
      output_type: "error",
      ename: "RangeError",
      evalue: "too big",
      traceback: [
        "evalmachine.<anonymous>:2",
        'throw new RangeError("too big");',
        "^",
        "",
        "RangeError: too big",
        "    at evalmachine.<anonymous>:2:7",
      ],
    });
    expect(parsed.consumedStderr).toBe(report.length);
  });

  it("reads a rejected await, which prints the error without a source line", () => {
    const stderr =
      "Error: Interrupted asynchronously\n    at createExecutor (/p/node_modules/tslab/dist/executor.js:87:23)\n";
    expect(parseCellError(stderr, "error").output).toMatchObject({
      ename: "Error",
      evalue: "Interrupted asynchronously",
      traceback: ["Error: Interrupted asynchronously"],
    });
  });

  it("keeps unrecognized stderr and names the last line", () => {
    const parsed = parseCellError("something odd\n", "error");
    expect(parsed).toEqual({
      output: { output_type: "error", ename: "Error", evalue: "something odd", traceback: ["something odd"] },
      consumedStderr: 0,
    });
  });

  it("explains an aborted cell", () => {
    expect(parseCellError("", "abort").output.ename).toBe("ExecutionAborted");
  });
});

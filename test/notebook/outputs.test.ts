import { describe, expect, it } from "vitest";
import { OutputCollector, type DisplayRegistry } from "../../lib/notebook/outputs.js";
import { createHeader, type JupyterMessage } from "../../lib/notebook/wire.js";

function message(msgType: string, content: Record<string, unknown>): JupyterMessage {
  return { identities: [], header: createHeader(msgType, "s"), parentHeader: {}, metadata: {}, content, buffers: [] };
}

describe("OutputCollector", () => {
  it("merges consecutive stream chunks and drops transient", () => {
    const collector = new OutputCollector(new Map());
    collector.add(message("status", { execution_state: "busy" }));
    collector.add(message("stream", { name: "stdout", text: "a" }));
    collector.add(message("stream", { name: "stdout", text: "b\n" }));
    collector.add(message("display_data", { data: { "text/html": "<b>x</b>" }, metadata: {}, transient: {} }));
    collector.add(message("stream", { name: "stderr", text: "w\n" }));
    expect(collector.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "ab\n" },
      { output_type: "display_data", data: { "text/html": "<b>x</b>" }, metadata: {} },
      { output_type: "stream", name: "stderr", text: "w\n" },
    ]);
  });

  it("updates a display shown by an earlier cell through its display id", () => {
    const displays: DisplayRegistry = new Map();
    const first = new OutputCollector(displays);
    first.add(
      message("display_data", { data: { "text/plain": "step 1" }, metadata: {}, transient: { display_id: "d1" } }),
    );
    const second = new OutputCollector(displays);
    second.add(
      message("update_display_data", {
        data: { "text/plain": "step 2" },
        metadata: {},
        transient: { display_id: "d1" },
      }),
    );
    expect(first.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "step 2" }, metadata: {} }]);
    expect(second.outputs).toEqual([]);
  });

  it("clears at once, or at the next output when asked to wait", () => {
    const collector = new OutputCollector(new Map());
    collector.add(message("stream", { name: "stdout", text: "old\n" }));
    collector.add(message("clear_output", { wait: true }));
    expect(collector.outputs).toHaveLength(1);
    collector.add(message("stream", { name: "stdout", text: "new\n" }));
    expect(collector.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "new\n" }]);
    collector.add(message("clear_output", { wait: false }));
    expect(collector.outputs).toEqual([]);
  });

  it("stores non-JSON MIME values as text, as the schema requires", () => {
    const collector = new OutputCollector(new Map());
    collector.add(
      message("display_data", {
        data: { "application/vnd.plotly.v1+json": { data: [] }, "text/plain": { odd: 1 } },
        metadata: {},
      }),
    );
    expect(collector.outputs[0]).toEqual({
      output_type: "display_data",
      data: { "application/vnd.plotly.v1+json": { data: [] }, "text/plain": '{"odd":1}' },
      metadata: {},
    });
  });

  it("moves the error report out of stderr into the error output", () => {
    const collector = new OutputCollector(new Map());
    collector.add(message("stream", { name: "stderr", text: "kept\nError: x\n" }));
    collector.addError({ output_type: "error", ename: "Error", evalue: "x", traceback: [] }, "Error: x\n".length);
    expect(collector.outputs).toEqual([
      { output_type: "stream", name: "stderr", text: "kept\n" },
      { output_type: "error", ename: "Error", evalue: "x", traceback: [] },
    ]);
  });
});

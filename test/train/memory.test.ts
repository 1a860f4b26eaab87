import { describe, expect, it } from "vitest";
import {
  countLoraParameters,
  estimateTrainingMemory,
  findArchitecture,
  parseNvidiaSmi,
  parseTrainingConfig,
  preflightMemory,
  trainingPreset,
} from "../../lib/train/index.js";

const GIB = 1024 ** 3;
// The seed's GPUs: the one the 0.5B full fine-tune ran out of memory on, and the H100 the 14B runs used.
const SMALL_GPU = parseNvidiaSmi("0, Tesla T4-class, 14930, 0\n");
const H100 = parseNvidiaSmi("0, NVIDIA H100 80GB HBM3, 81559, 0\n");

describe("memory preflight", () => {
  it("counts the seed's trainable LoRA parameters exactly (r16 on the 7 projections)", () => {
    const projections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];
    const a14 = findArchitecture("Qwen/Qwen2.5-14B-Instruct");
    const a05 = findArchitecture("Qwen/Qwen2-0.5B-Instruct");
    expect(a14 && countLoraParameters(a14, 16, projections)).toBe(68_812_800);
    expect(a05 && countLoraParameters(a05, 16, projections)).toBe(8_798_208);
  });

  it("the 0.5B full fine-tune at the seed's settings does not fit a 14.58 GiB GPU, as the seed found", () => {
    const config = parseTrainingConfig(trainingPreset("approach1"));
    const result = preflightMemory(config, SMALL_GPU);
    expect(SMALL_GPU[0]?.totalMiB).toBe(14930); // 14.58 GiB
    expect(result.fits).toBe(false);
    expect(result.warnings[0]).toMatch(
      /^the run needs about \d+\.\d GiB per GPU but GPU 0 \(Tesla T4-class\) has 14\.6 GiB free; lower `trl.per_device_train_batch_size`/,
    );
    console.log(`approach1 estimate: ${(result.estimate.totalBytes / GIB).toFixed(1)} GiB`);
  });

  it("the 14B QLoRA fits one 80 GB H100, as the seed found, and needs far more without quantization", () => {
    const config = parseTrainingConfig(trainingPreset("approach2"));
    const result = preflightMemory(config, H100);
    expect(result.fits).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(result.estimate.method).toBe("qlora");
    expect(result.estimate.trainableParameters).toBe(68_812_800);
    const full = estimateTrainingMemory(parseTrainingConfig(trainingPreset("approach2", { bnb: null, lora: null })));
    expect(full.totalBytes).toBeGreaterThan(80 * GIB);
    console.log(
      `approach2 estimate: ${(result.estimate.totalBytes / GIB).toFixed(1)} GiB; full FT ${(full.totalBytes / GIB).toFixed(0)} GiB`,
    );
  });

  it("uses the longest row when shorter than max_length", () => {
    const config = parseTrainingConfig(trainingPreset("approach1"));
    const short = estimateTrainingMemory(config, { longestRow: 256 });
    const long = estimateTrainingMemory(config);
    expect(short.sequenceLength).toBe(256);
    expect(long.sequenceLength).toBe(1024);
    expect(short.totalBytes).toBeLessThan(long.totalBytes);
  });

  it("gives a note, not a verdict, when the target's GPUs are unknown", () => {
    const result = preflightMemory(parseTrainingConfig(trainingPreset("approach1")), undefined);
    expect(result.fits).toBeUndefined();
    expect(result.warnings[0]).toMatch(/^no GPU information for the target; the run needs about/);
  });

  it("warns when numProcesses exceeds the GPUs", () => {
    const result = preflightMemory(parseTrainingConfig(trainingPreset("approach2", { numProcesses: 2 })), H100);
    expect(result.fits).toBe(false);
    expect(result.warnings).toContain("numProcesses is 2 but the target has 1 GPU(s); lower numProcesses");
  });

  it("parses nvidia-smi's CSV", () => {
    expect(parseNvidiaSmi("0, NVIDIA A100-SXM4-80GB, 81920, 1024\n1, NVIDIA A100-SXM4-80GB, 81920, 0\n")).toEqual([
      { index: 0, name: "NVIDIA A100-SXM4-80GB", totalMiB: 81920, usedMiB: 1024 },
      { index: 1, name: "NVIDIA A100-SXM4-80GB", totalMiB: 81920, usedMiB: 0 },
    ]);
  });

  it("names the fix when the model's sizes are unknown", () => {
    expect(() =>
      estimateTrainingMemory(parseTrainingConfig(trainingPreset("approach1", { model: "org/unknown-7b" }))),
    ).toThrow("No sizes known for model `org/unknown-7b`; pass `architecture`");
  });
});

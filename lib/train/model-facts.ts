// Sizes of the models the presets name (from their published config.json files), for the memory preflight
// and the LoRA parameter count. A model not listed here needs `architecture` passed to the estimate.

/** What the memory estimate needs to know about a decoder-only model. */
export interface ModelArchitecture {
  /** All parameters, embeddings included. */
  readonly parameters: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly vocabSize: number;
  /** Input embedding and output head share one matrix. */
  readonly tiedEmbeddings: boolean;
}

const qwen = (
  parameters: number,
  layers: number,
  hiddenSize: number,
  intermediateSize: number,
  attentionHeads: number,
  kvHeads: number,
  vocabSize: number,
  tiedEmbeddings: boolean,
): ModelArchitecture => ({
  parameters,
  layers,
  hiddenSize,
  intermediateSize,
  attentionHeads,
  kvHeads,
  headDim: hiddenSize / attentionHeads,
  vocabSize,
  tiedEmbeddings,
});

const QWEN2_05B = qwen(494_032_768, 24, 896, 4864, 14, 2, 151_936, true);

/** Known architectures by hub id (the `-Instruct` variants share their base's sizes). */
export const MODEL_ARCHITECTURES: Readonly<Record<string, ModelArchitecture>> = {
  "Qwen/Qwen2-0.5B-Instruct": QWEN2_05B,
  "Qwen/Qwen2.5-0.5B-Instruct": QWEN2_05B,
  "Qwen/Qwen2.5-1.5B-Instruct": qwen(1_543_714_304, 28, 1536, 8960, 12, 2, 151_936, true),
  "Qwen/Qwen2.5-3B-Instruct": qwen(3_085_938_688, 36, 2048, 11008, 16, 2, 151_936, true),
  "Qwen/Qwen2.5-7B-Instruct": qwen(7_615_616_512, 28, 3584, 18944, 28, 4, 152_064, false),
  "Qwen/Qwen2.5-14B-Instruct": qwen(14_770_033_664, 48, 5120, 13824, 40, 8, 152_064, false),
  "Qwen/Qwen2.5-32B-Instruct": qwen(32_763_876_352, 64, 5120, 27648, 40, 8, 152_064, false),
  // The tiny random Qwen2 of the CPU tests (default sizes of train.py's build_tiny_model).
  "tiny-random-qwen2": qwen(107_072, 2, 64, 128, 4, 2, 512, true),
};

// The architecture of a hub id, also without the org prefix or the -Instruct suffix; undefined when unknown.
export function findArchitecture(model: string): ModelArchitecture | undefined {
  if (MODEL_ARCHITECTURES[model]) return MODEL_ARCHITECTURES[model];
  const bare =
    model
      .split("/")
      .at(-1)
      ?.replace(/-Instruct$/, "") ?? model;
  const hit = Object.keys(MODEL_ARCHITECTURES).find(
    (id) =>
      id
        .split("/")
        .at(-1)
        ?.replace(/-Instruct$/, "") === bare,
  );
  return hit ? MODEL_ARCHITECTURES[hit] : undefined;
}

// Input and output sizes of each linear projection of a Qwen2 decoder layer.
export function projectionShapes(a: ModelArchitecture): Readonly<Record<string, readonly [number, number]>> {
  const kv = a.kvHeads * a.headDim;
  return {
    q_proj: [a.hiddenSize, a.attentionHeads * a.headDim],
    k_proj: [a.hiddenSize, kv],
    v_proj: [a.hiddenSize, kv],
    o_proj: [a.attentionHeads * a.headDim, a.hiddenSize],
    gate_proj: [a.hiddenSize, a.intermediateSize],
    up_proj: [a.hiddenSize, a.intermediateSize],
    down_proj: [a.intermediateSize, a.hiddenSize],
  };
}

// Trainable parameters of a LoRA adapter: r × (in + out) per adapted projection per layer.
export function countLoraParameters(
  a: ModelArchitecture,
  r: number,
  targetModules: readonly string[] | string,
): number {
  const shapes = projectionShapes(a);
  const names = targetModules === "all-linear" ? Object.keys(shapes) : [targetModules].flat();
  const perLayer = names.reduce((sum, name) => {
    const shape = shapes[name];
    return shape ? sum + r * (shape[0] + shape[1]) : sum;
  }, 0);
  return perLayer * a.layers;
}

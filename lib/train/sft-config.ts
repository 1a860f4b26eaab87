// TRL's SFTConfig (TRL ≥ 1.9), as a pass-through schema with upstream names. Fields not listed here are
// accepted when the installed SFTConfig has them (checked against UPSTREAM_FIELDS by the rules).
import { z } from "zod";
import { trainerArgsShape } from "./trainer-args.js";

/**
 * The `trl` section of an SFT run: forwarded to `SFTConfig(**trl)`. `output_dir` is set by the script (the run
 * directory's `output/`). Differs from upstream: nothing; the seed's settings live in the presets.
 */
export const SftTrlSchema = z.looseObject({
  ...trainerArgsShape,
  // -- data
  /** Longest tokenized row; TRL truncates longer rows keeping the start (the completion is cut first).
   * `null` = no truncation. Rows over it are handled by `overLength` when the run directory is written. @default 1024 */
  max_length: z.number().int().min(1).nullable().default(1024).describe("longest row in tokens (null: no limit)"),
  /** Token appended at the end of each completion; Qwen chat models end turns with `<|im_end|>`. Unset: the tokenizer's eos. */
  eos_token: z.string().optional().describe("end-of-sequence token"),
  /** Pack several rows into one sequence of `max_length`. @default false */
  packing: z.boolean().default(false).describe("pack rows into full sequences"),
  /** Loss on the completion only for prompt-completion rows. Unset: on for prompt-completion data. */
  completion_only_loss: z.boolean().nullable().optional().describe("loss on completion tokens only"),
  /** Loss on assistant turns only for `messages` rows (needs a chat template with generation markers). @default false */
  assistant_only_loss: z.boolean().default(false).describe("loss on assistant turns only"),
  /** Column of plain-text rows. @default "text" */
  dataset_text_field: z.string().default("text").describe("text column of language-modeling rows"),
});

export type SftTrlInput = z.input<typeof SftTrlSchema>;
export type SftTrl = z.output<typeof SftTrlSchema>;

// The pinned Python packages of a run directory: the versions the configs were checked against
// (UPSTREAM_VERSIONS) plus what loads and launches them; bitsandbytes only where a run quantizes.
import type { TrainingConfig } from "./training-config.js";
import { UPSTREAM_VERSIONS } from "./upstream-fields.js";

/** Packages every run needs, pinned; the same pins as python/requirements-dev.txt. */
export const TRAINING_PACKAGES = [
  `trl==${UPSTREAM_VERSIONS.trl}`,
  `transformers==${UPSTREAM_VERSIONS.transformers}`,
  `peft==${UPSTREAM_VERSIONS.peft}`,
  "torch==2.13.0",
  "datasets==5.0.1",
  "accelerate==1.15.0",
] as const;

/** bitsandbytes for 4-/8-bit runs and paged 8-bit optimizers (CUDA only): the seed's version. */
export const BITSANDBYTES_PACKAGE = "bitsandbytes==0.45.2";

// The requirements.txt of a run.
export function renderRequirements(config: TrainingConfig): string {
  const needsBnb =
    Boolean(config.bnb?.load_in_4bit || config.bnb?.load_in_8bit) || /8bit/.test(String(config.trl.optim));
  const lines = [...TRAINING_PACKAGES, ...(needsBnb ? [BITSANDBYTES_PACKAGE] : [])];
  return `# Pinned for this run (agentft). Install: python -m venv .venv && .venv/bin/pip install -r requirements.txt\n${lines.join("\n")}\n`;
}

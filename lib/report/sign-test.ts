// The exact sign test on paired outcomes (McNemar's exact test when outcomes are pass/fail): only the
// tasks where the two runs differ carry information, and under "no change" each way is equally likely.

/** Counts of paired outcomes and the two-sided p-value. */
export interface SignTest {
  /** Tasks where the candidate did better. */
  readonly better: number;
  /** Tasks where the candidate did worse. */
  readonly worse: number;
  /** Tasks with the same outcome (they do not enter the test). */
  readonly ties: number;
  /** Two-sided exact p-value: P(|X − n/2| ≥ |better − n/2|) for X ~ Binomial(better + worse, ½); 1 with no differences. */
  readonly pValue: number;
}

// Run the test on per-task differences (candidate − baseline); zero differences are ties.
export function signTest(differences: readonly number[], options: { readonly epsilon?: number } = {}): SignTest {
  const epsilon = options.epsilon ?? 1e-9;
  const better = differences.filter((d) => d > epsilon).length;
  const worse = differences.filter((d) => d < -epsilon).length;
  return { better, worse, ties: differences.length - better - worse, pValue: exactTwoSided(better, worse) };
}

// Two-sided exact binomial p-value at p = ½, doubled from the smaller tail and capped at 1.
function exactTwoSided(better: number, worse: number): number {
  const n = better + worse;
  if (n === 0) return 1;
  const k = Math.min(better, worse);
  // Sum C(n, i) / 2^n for i ≤ k in log space, so that hundreds of tasks do not overflow.
  const logHalfN = -n * Math.LN2;
  let logC = 0;
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    tail += Math.exp(logC + logHalfN);
  }
  return Math.min(1, 2 * tail);
}

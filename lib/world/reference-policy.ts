// In a module of its own, so the CLI names the policies without loading a world.
/**
 * Reference policies: no model, a fixed answer. `gold` replays the task's gold steps (an upper bound);
 * `noop` completes the task at once without acting (the do-nothing lower bound). The one list: the
 * agent loop and the eval config read it through env.
 */
export const REFERENCE_POLICIES = ["gold", "noop"] as const;
export type ReferencePolicy = (typeof REFERENCE_POLICIES)[number];

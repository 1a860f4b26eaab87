import { defineConfig } from "vitest/config";

// Real-process suites (python REPL, tslab kernel, HTTP servers) need more than vitest's 5 s default.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/helpers/skip-summary.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Two cores: keep the emulator-heavy suites from starving each other.
    maxWorkers: 2,
  },
});

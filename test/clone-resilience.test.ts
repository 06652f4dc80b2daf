import { afterEach, describe, expect, it } from "vitest";
import { CloneFailure } from "../src/clone/clone-failure.ts";
import { stagingProject } from "./fixtures/staging-project.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import { startTwoRegions } from "./support/two-regions.ts";

let regions: TwoRegions;

afterEach(async () => {
  await regions.close();
});

describe("a clone through an unreliable API", () => {
  it("is exact with server errors and 429 bursts on every side", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
    regions.source.faults.set({
      serverErrorRate: 0.2,
      rateLimitBurst: { count: 3 },
    });
    regions.destination.faults.set({
      serverErrorRate: 0.15,
      rateLimitBurst: { count: 4, retryAfterSeconds: 0 },
    });

    const result = await regions.clone();

    expect(result.verify?.identical).toBe(true);
    regions.source.faults.reset();
    regions.destination.faults.reset();
    expectExactClone(regions);
  });

  for (const mode of ["502", "drop"] as const) {
    it(`creates no duplicate when writes land but are answered ${mode}`, async () => {
      regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
      regions.destination.faults.set({
        ambiguousWrites: { every: 3, mode },
      });

      const result = await regions.clone();

      expect(result.verify?.identical).toBe(true);
      regions.destination.faults.reset();
      expectExactClone(regions);
      expect(result.log.join("\n")).toMatch(/did not confirm/);
    });
  }

  it("stays under the rate limit when the server enforces the budget", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 10 });

    await regions.clone();

    const limited = regions.destination.requests.filter((r) => r.rateLimited);
    expect(limited).toEqual([]);
    expect(regions.source.requests.filter((r) => r.rateLimited)).toEqual([]);
  });
});

describe("a run that stops halfway", () => {
  for (const writes of [1, 4, 9, 14, 20]) {
    it(`is completed by the next run without duplicates (stopped after ${writes} writes)`, async () => {
      regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
      regions.destination.faults.set({ failWritesAfter: writes });

      const failure = await regions.clone().catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(CloneFailure);
      const landed = (failure as CloneFailure).landed;
      const mapping = await regions.readMapping();
      const mapped =
        Object.keys(mapping.attributes).length +
        Object.keys(mapping.events).length +
        Object.keys(mapping.audiences).length +
        Object.keys(mapping.experiences).length;
      expect(mapped).toBe(landed.created);

      regions.destination.faults.reset();
      const resumed = await regions.clone();

      expect(resumed.verify?.identical).toBe(true);
      expectExactClone(regions);
    });
  }
});

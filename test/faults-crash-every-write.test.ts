import { rm } from "node:fs/promises";
import { afterEach, describe, expect, it } from "vitest";
import { CloneFailure } from "../src/clone/clone-failure.ts";
import type { CloneOptions } from "../src/clone/types.ts";
import type { ProjectSeed, RequestRecord } from "./emulator/index.ts";
import { cappedProject } from "./fixtures/capped-project.ts";
import { stagingProject } from "./fixtures/staging-project.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import { destinationNamed, startTwoRegions } from "./support/two-regions.ts";

/** A destination found by name, and created by the first write. */
function byName(regions: TwoRegions): Partial<CloneOptions> {
  return destinationNamed(regions, "Copy");
}

function applied(requests: readonly RequestRecord[]): RequestRecord[] {
  return requests.filter((r) => r.applied);
}

/** Writes a clean clone of `seed` makes, counted over the wire. */
async function measureCleanClone(seed: ProjectSeed): Promise<number> {
  const regions = await startTwoRegions(seed, { rateLimit: 0 });
  try {
    await regions.clone(byName(regions));
    return applied(regions.destination.requests).length;
  } finally {
    await regions.close();
  }
}

/**
 * Both experience types, each ACTIVE+DRAFT and PAUSED, over 4 attributes,
 * 4 events and 4 audiences.
 */
const SMALL = cappedProject(4);
const SEEDS = [
  { name: "a small capped project", seed: SMALL },
  { name: "the staging project", seed: stagingProject },
].map((s) => ({ ...s, total: 0 }));
for (const entry of SEEDS) entry.total = await measureCleanClone(entry.seed);

let opened: TwoRegions | undefined;

afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

/** Creates of attributes, events, audiences and experiences that landed. */
function entitiesCreated(requests: readonly RequestRecord[]): number {
  const collections = ["/attributes", "/events", "/audiences", "/experiences"];
  return applied(requests).filter(
    (r) => r.method === "POST" && collections.includes(r.path),
  ).length;
}

describe("a clean clone into a project created by name", () => {
  it("makes one write for the project and each entity, its versions and the priority", () => {
    // 1 project + 16 entities + 2 version writes for each of the 4
    // experiences (ACTIVE+DRAFT: activate, draft; PAUSED: activate, pause)
    // + 1 priority.
    expect(SEEDS[0]?.total).toBe(1 + 16 + 8 + 1);
  });
});

const CASES = SEEDS.flatMap(({ name, seed, total }) =>
  [false, true].flatMap((isMappingLost) =>
    Array.from({ length: total }, (_, i) => ({
      name,
      seed,
      total,
      writes: i + 1,
      isMappingLost,
      mapping: isMappingLost ? "lost" : "kept",
    })),
  ),
);

describe("a run the destination stops after any write", () => {
  it.each(CASES)(
    "$name, after write $writes of $total, mapping file $mapping: one more run finishes it exactly",
    async ({ seed, total, writes, isMappingLost }) => {
      const regions = await startTwoRegions(seed, { rateLimit: 0 });
      opened = regions;
      regions.destination.faults.set({ failWritesAfter: writes });

      const first = await regions
        .clone(byName(regions))
        .catch((error: unknown) => error);

      expect(applied(regions.destination.requests)).toHaveLength(writes);
      if (writes < total) {
        expect(first).toBeInstanceOf(CloneFailure);
        const { landed } = first as CloneFailure;
        expect(landed.created).toBe(
          entitiesCreated(regions.destination.requests),
        );
      }

      regions.destination.faults.reset();
      if (isMappingLost) await rm(regions.mappingFile, { force: true });
      const resumed = await regions.clone(byName(regions));

      expect(resumed.verify?.identical).toBe(true);
      expectExactClone(regions, resumed.destinationProjectUid);
    },
  );
});

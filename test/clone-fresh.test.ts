import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stagingProject } from "./fixtures/staging-project.ts";
import { describeProject, duplicateNames } from "./support/describe-project.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import { startTwoRegions, writesTo } from "./support/two-regions.ts";

let regions: TwoRegions;

beforeEach(async () => {
  regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
});

afterEach(async () => {
  await regions.close();
});

function projects() {
  return {
    source: describeProject(regions.source.snapshot(regions.sourceProjectUid)),
    destination: describeProject(
      regions.destination.snapshot(regions.destinationProjectUid),
    ),
  };
}

describe("a fresh clone", () => {
  it("reproduces every attribute, audience, event, experience, version status and the priority", async () => {
    const result = await regions.clone();

    const { source, destination } = projects();
    expect(destination).toEqual(source);
    expect(result.verify).toEqual({ identical: true, differences: [] });
    expect(result.counts).toEqual({
      created: 3 + 3 + 3 + 6,
      updated: 0,
      unchanged: 0,
      skipped: 8 + 1,
    });
  });

  it("skips the Lytics audience and reports the reference it drops", async () => {
    const result = await regions.clone();

    const lytics = result.plan.entries.find(
      (e) => e.label === "Lytics high value",
    );
    expect(lytics).toMatchObject({ action: "skip" });
    expect(lytics?.reason).toMatch(/Lytics/);
    const geo = result.plan.entries.find((e) => e.label === "Geo promo");
    expect(geo?.droppedReferences).toEqual([
      expect.stringMatching(/variant "Loyal and Lytics": 1 Lytics audience/),
    ]);
  });

  it("writes a mapping from every source uid to the destination uid", async () => {
    await regions.clone();

    const mapping = await regions.readMapping();
    const source = regions.source.snapshot(regions.sourceProjectUid);
    const destination = regions.destination.snapshot(
      regions.destinationProjectUid,
    );
    for (const attribute of source.attributes) {
      if (attribute.__type !== "CUSTOM") continue;
      const twin = destination.attributes.find(
        (a) => a.uid === mapping.attributes[attribute.uid],
      );
      expect(twin?.key).toBe(attribute.key);
    }
    for (const experience of source.experiences) {
      const twin = destination.experiences.find(
        (e) => e.uid === mapping.experiences[experience.uid],
      );
      expect(twin?.name).toBe(experience.name);
    }
    expect(mapping.destination.projectUid).toBe(regions.destinationProjectUid);
  });

  it("writes each version in the fewest requests the API allows", async () => {
    await regions.clone();

    const versionWrites = writesTo(regions.destination).filter((w) =>
      w.includes("/versions"),
    );
    // Hero: activate + new draft; Checkout: activate; Winter: activate +
    // pause; Pricing: activate + pause + new draft; Navigation: fill the
    // draft; Geo: activate.
    expect(versionWrites).toHaveLength(2 + 1 + 2 + 3 + 1 + 1);
    expect(versionWrites.filter((w) => w.startsWith("POST"))).toHaveLength(2);
  });

  it("makes no write on a second run, and plans every entity unchanged", async () => {
    await regions.clone();
    regions.destination.clearRequests();

    const second = await regions.clone();

    expect(writesTo(regions.destination)).toEqual([]);
    expect(second.counts.created + second.counts.updated).toBe(0);
    expect(second.plan.priority.action).toBe("unchanged");
    expect(
      duplicateNames(
        regions.destination.snapshot(regions.destinationProjectUid),
      ),
    ).toEqual([]);
  });

  it("makes no write on a dry run and reports what it would create", async () => {
    const result = await regions.clone({ dryRun: true });

    expect(writesTo(regions.destination)).toEqual([]);
    expect(result.verify).toBeUndefined();
    expect(result.counts.created).toBe(15);
    expect(result.planDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives the same plan digest to two dry runs of the same state", async () => {
    const first = await regions.clone({ dryRun: true });
    const second = await regions.clone({ dryRun: true });

    expect(second.planDigest).toBe(first.planDigest);
  });

  it("refuses to write when the plan differs from the expected digest", async () => {
    await expect(
      regions.clone({ expectedPlanDigest: `sha256:${"0".repeat(64)}` }),
    ).rejects.toThrow(/expected-plan-digest.*nothing was written/s);

    expect(writesTo(regions.destination)).toEqual([]);
  });

  it("writes when the plan matches the digest of the reviewed dry run", async () => {
    const reviewed = await regions.clone({ dryRun: true });

    const applied = await regions.clone({
      expectedPlanDigest: reviewed.planDigest,
    });

    expect(applied.verify?.identical).toBe(true);
  });
});

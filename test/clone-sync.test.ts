import { afterEach, describe, expect, it } from "vitest";
import type { ProjectSeed } from "./emulator/index.ts";
import { stagingProject } from "./fixtures/staging-project.ts";
import { describeProject, duplicateNames } from "./support/describe-project.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import { rawApi } from "./support/raw-api.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import {
  destinationNamed,
  startTwoRegions,
  writesTo,
} from "./support/two-regions.ts";

type Json = Record<string, unknown>;
let regions: TwoRegions;

afterEach(async () => {
  await regions.close();
});

function snapshots() {
  return {
    source: regions.source.snapshot(regions.sourceProjectUid),
    destination: regions.destination.snapshot(regions.destinationProjectUid),
  };
}

function sourceApi() {
  return rawApi(
    regions.source.url,
    regions.sourceToken,
    regions.sourceProjectUid,
  );
}

describe("a source that changed since the last clone", () => {
  it("is synced with no duplicate: renamed attribute, changed rule, split, draft, new experience and priority", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
    await regions.clone();
    const api = sourceApi();
    const { source } = snapshots();
    const uid = (name: string) =>
      source.experiences.find((e) => e.name === name)?.uid ?? "";
    const age = source.attributes.find((a) => a.key === "age");
    const usAdults = source.audiences.find((a) => a.name === "US adults");
    const checkout = source.versions[uid("Checkout button")] ?? [];
    const live = checkout.find((v) => v.status === "ACTIVE") as unknown as Json;

    await api.put(`/attributes/${age?.uid}`, {
      key: "age_years",
      name: "Age in years",
      description: "",
    });
    await api.put(`/audiences/${usAdults?.uid}`, {
      name: "US adults",
      description: "Visitors from the US over 21",
      definition: {
        __type: "RuleCombination",
        combinationType: "AND",
        rules: [
          {
            __type: "Rule",
            attribute: { __type: "CustomAttributeReference", ref: age?.uid },
            attributeMatchCondition: "NUMBER_GREATER_THAN",
            attributeMatchOptions: { __type: "NumberMatchOptions", value: 21 },
            invertCondition: false,
          },
        ],
      },
    });
    const split = (live.variants as Json[]).map((variant, index) => ({
      ...variant,
      trafficDistribution: index === 0 ? 60 : 40,
    }));
    const draft = await api.post<Json>(
      `/experiences/${uid("Checkout button")}/versions`,
      { ...live, status: "DRAFT", variants: split },
    );
    await api.put(
      `/experiences/${uid("Checkout button")}/versions/${draft.uid}`,
      { ...live, status: "ACTIVE", variants: split },
    );
    const geo = (source.versions[uid("Geo promo")] ?? [])[0] as unknown as Json;
    await api.post(`/experiences/${uid("Geo promo")}/versions`, {
      ...geo,
      status: "DRAFT",
      variants: (geo.variants as Json[]).slice(0, 1),
    });
    const added = await api.post<Json>("/experiences", {
      name: "Footer links",
      __type: "SEGMENTED",
    });
    const order = [...source.priority].reverse();
    await api.put("/experiences-priority", {
      priorityOrder: [added.uid, ...order],
    });
    regions.destination.clearRequests();

    const result = await regions.clone();

    expectExactClone(regions);
    expect(result.counts).toMatchObject({ created: 1, updated: 4 });
    const posts = writesTo(regions.destination).filter((w) =>
      w.startsWith("POST"),
    );
    // The new experience, a draft for the new split, and Geo's new draft.
    expect(posts).toHaveLength(3);
  });
});

const destinationSeed: ProjectSeed = {
  name: "Production",
  attributes: [
    { key: "plan", name: "Plan", description: "Subscription plan" },
    { key: "age", name: "Visitor age" },
    { key: "internal_flag", name: "Internal flag" },
  ],
  events: [{ key: "checkout", description: "Completed checkout" }],
  audiences: [
    {
      name: "Everyone",
      definition: {
        __type: "RuleCombination",
        combinationType: "AND",
        rules: [],
      },
    },
    {
      name: "Staff",
      definition: {
        __type: "RuleCombination",
        combinationType: "AND",
        rules: [
          {
            __type: "Rule",
            attribute: {
              __type: "CustomAttributeReference",
              ref: "internal_flag",
            },
            attributeMatchCondition: "IS_TRUE",
            invertCondition: false,
          },
        ],
      },
    },
  ],
  experiences: [
    {
      name: "Staff banner",
      __type: "SEGMENTED",
      versions: [
        {
          status: "ACTIVE",
          variants: [
            {
              __type: "SegmentedVariant",
              name: "Staff",
              audiences: ["Staff"],
              audienceCombinationType: "AND",
            },
          ],
        },
      ],
    },
    {
      name: "Winter banner",
      __type: "SEGMENTED",
      versions: [
        {
          status: "ACTIVE",
          variants: [
            {
              __type: "SegmentedVariant",
              name: "Old snow",
              audiences: ["Everyone"],
              audienceCombinationType: "OR",
            },
          ],
        },
      ],
    },
  ],
  priority: ["Staff banner", "Winter banner"],
};

describe("a destination that already holds some of the entities", () => {
  it("ends equal to the source for them and keeps its own entities untouched", async () => {
    regions = await startTwoRegions(stagingProject, {
      rateLimit: 0,
      destinationSeed,
    });
    const before = snapshots().destination;
    const staff = before.audiences.find((a) => a.name === "Staff");
    const staffBanner = before.experiences.find(
      (e) => e.name === "Staff banner",
    );

    const result = await regions.clone();

    const after = snapshots();
    const source = describeProject(after.source);
    const destination = describeProject(after.destination);
    expect(duplicateNames(after.destination)).toEqual([]);
    expect(destination.attributes).toEqual(
      expect.arrayContaining(source.attributes),
    );
    expect(destination.attributes.map((a) => a.key)).toContain("internal_flag");
    expect(destination.experiences).toEqual(
      expect.arrayContaining(source.experiences),
    );
    expect(after.destination.audiences).toContainEqual(staff);
    expect(after.destination.experiences).toContainEqual(
      expect.objectContaining({ uid: staffBanner?.uid, status: "ACTIVE" }),
    );
    expect(destination.priority).toEqual([
      ...source.priority,
      "experience:Staff banner",
    ]);
    const decided = Object.fromEntries(
      result.plan.entries.map((e) => [`${e.type}:${e.label}`, e.action]),
    );
    expect(decided).toMatchObject({
      "attributes:plan": "unchanged",
      "attributes:age": "update",
      "events:checkout": "unchanged",
      "audiences:Everyone": "unchanged",
      "experiences:Winter banner": "update",
    });
  });

  it("leaves differing entities alone with on-existing skip", async () => {
    regions = await startTwoRegions(stagingProject, {
      rateLimit: 0,
      destinationSeed,
    });

    const result = await regions.clone({ onExisting: "skip" });

    const age = result.plan.entries.find((e) => e.label === "age");
    expect(age).toMatchObject({ action: "skip" });
    expect(age?.reason).toMatch(/on-existing is skip/);
    const names = snapshots().destination.attributes.map((a) => a.name);
    expect(names).toContain("Visitor age");
  });

  it("fails before any write with on-existing fail, naming each entity", async () => {
    regions = await startTwoRegions(stagingProject, {
      rateLimit: 0,
      destinationSeed,
    });

    await expect(regions.clone({ onExisting: "fail" })).rejects.toThrow(
      /attribute "age" exists in the destination.*experience "Winter banner"/s,
    );
    expect(writesTo(regions.destination)).toEqual([]);
  });
});

describe("references", () => {
  it("fail the run before any write when they cannot be resolved", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });

    await expect(regions.clone({ include: ["experiences"] })).rejects.toThrow(
      /experience "Homepage hero", variant "US hero" refers to audience "US adults"/,
    );
    expect(writesTo(regions.destination)).toEqual([]);
  });

  it("come along with the experiences named by the experiences input", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });

    const result = await regions.clone({ experiences: ["Checkout*"] });

    const copied = result.plan.entries
      .filter((e) => e.action === "create")
      .map((e) => `${e.type}:${e.label}`);
    expect(copied.sort()).toEqual([
      "attributes:age",
      "audiences:US adults",
      "events:checkout",
      "experiences:Checkout button",
    ]);
    expect(result.verify?.identical).toBe(true);
  });
});

describe("activation none", () => {
  it("puts nothing live and gives each experience one draft of its live content", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });

    await regions.clone({ activation: "none" });

    const { source, destination } = snapshots();
    for (const experience of destination.experiences) {
      const versions = destination.versions[experience.uid] ?? [];
      expect(versions.map((v) => v.status)).toEqual(["DRAFT"]);
    }
    const hero = (s: typeof source) =>
      describeProject(s).experiences.find((e) => e.name === "Homepage hero");
    const live = hero(source)?.versions.find((v) => v.status === "ACTIVE");
    expect(hero(destination)?.versions).toEqual([{ ...live, status: "DRAFT" }]);
  });
});

describe("the destination project", () => {
  it("is created by name when missing, and found by name on the next run", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
    const destination = (dryRun: boolean) => ({
      dryRun,
      ...destinationNamed(regions, "Production EU", {
        region: "local",
        stackApiKey: "blt0123456789abcdef",
      }),
    });

    const planned = await regions.clone(destination(true));
    expect(planned.plan.destination.project.action).toBe("create");
    expect(writesTo(regions.destination)).toEqual([]);

    const first = await regions.clone(destination(false));
    const second = await regions.clone(destination(false));

    expect(second.plan.destination.project).toMatchObject({
      action: "use",
      uid: first.destinationProjectUid,
    });
    expect(second.counts.created).toBe(0);
    const created = regions.destination.snapshot(first.destinationProjectUid);
    expect(created.project.connectedStackApiKey).toBe("blt0123456789abcdef");
  });

  it("is not created when the mapping file belongs to another destination", async () => {
    regions = await startTwoRegions(stagingProject, { rateLimit: 0 });
    await regions.clone();
    regions.destination.clearRequests();

    await expect(
      regions.clone(destinationNamed(regions, "Production APAC")),
    ).rejects.toThrow(
      /mapping-file.*maps to destination project [0-9a-f]{24}, not a new project "Production APAC"/s,
    );
    expect(writesTo(regions.destination)).toEqual([]);
  });
});

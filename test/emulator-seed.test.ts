import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  ProjectSeed,
  ProjectSnapshot,
  SeedVersion,
} from "./emulator/index.ts";
import { type Json, startWorld, type World } from "./emulator/test-client.ts";
import { allOf, custom, equals } from "./fixtures/rules.ts";

let world: World;

beforeEach(async () => {
  world = await startWorld({ maxProjectsPerOrganization: 10 });
});

afterEach(async () => {
  await world.emulator.close();
});

const PLAN_IS_PRO = allOf(equals(custom("plan"), "pro"));

const SHOP: ProjectSeed = {
  name: "Shop",
  description: "Production shop",
  connectedStackApiKey: "bltshop",
  attributes: [{ key: "plan", name: "Plan", description: "Billing plan" }],
  events: [{ key: "checkout", description: "Order placed" }],
  audiences: [
    { name: "Pro users", definition: PLAN_IS_PRO },
    { name: "Everyone" },
    { name: "Big spenders", source: "LYTICS", slug: "big_spenders" },
  ],
  experiences: [
    {
      name: "Hero",
      __type: "SEGMENTED",
      tags: ["home"],
      versions: [
        {
          status: "ARCHIVED",
          variants: [{ name: "Pro", audiences: ["Pro users"] }],
        },
        {
          status: "ACTIVE",
          variants: [
            { name: "Pro", shortUid: "0", audiences: ["Pro users"] },
            { name: "Whales", lyticsAudiences: ["Big spenders"] },
          ],
        },
        {
          status: "DRAFT",
          variants: [{ name: "Inline", target: PLAN_IS_PRO }],
        },
      ],
    },
    {
      name: "Button",
      __type: "AB_TEST",
      versions: [
        {
          status: "PAUSED",
          variantSplit: "CUSTOM_PERCENTAGE",
          variants: [
            { name: "Blue", trafficDistribution: 70 },
            { name: "Green", trafficDistribution: 30 },
          ],
          metrics: [{ __type: "Primary", name: "Orders", event: "checkout" }],
          targeting: {
            audience: {
              audiences: ["Everyone"],
              audienceCombinationType: "OR",
            },
          },
        },
      ],
    },
    { name: "Footer", __type: "SEGMENTED" },
  ],
  priority: ["Button", "Hero", "Footer"],
};

/** Rewrites a snapshot as a seed: uids back to keys and names. */
function seedFromSnapshot(snapshot: ProjectSnapshot): ProjectSeed {
  const names = new Map<string, string>();
  for (const a of snapshot.attributes) names.set(a.uid, a.key);
  for (const e of snapshot.events) names.set(e.uid, e.key);
  for (const a of snapshot.audiences) names.set(a.uid, a.name);
  for (const e of snapshot.experiences) names.set(e.uid, e.name);
  const name = (uid: string) => names.get(uid) ?? `unknown ${uid}`;
  const rules = (node: Json): Json =>
    node.__type === "RuleCombination"
      ? { ...node, rules: node.rules.map(rules) }
      : node.attribute.__type === "CustomAttributeReference"
        ? {
            ...node,
            attribute: { ...node.attribute, ref: name(node.attribute.ref) },
          }
        : node;
  const version = (v: Json): SeedVersion => ({
    status: v.status,
    variants: v.variants.map((variant: Json) => {
      const { __type: _, ...fields } = variant;
      if (!("audiences" in fields)) return fields;
      return {
        ...fields,
        audiences: fields.audiences.map(name),
        lyticsAudiences: fields.lyticsAudiences.map(name),
        ...(fields.target ? { target: rules(fields.target) } : {}),
      };
    }),
    ...(v.variantSplit ? { variantSplit: v.variantSplit } : {}),
    ...(v.metrics
      ? {
          metrics: v.metrics.map((m: Json) => ({ ...m, event: name(m.event) })),
        }
      : {}),
    ...(v.targeting?.audience
      ? {
          targeting: {
            audience: {
              ...v.targeting.audience,
              audiences: v.targeting.audience.audiences.map(name),
            },
          },
        }
      : {}),
    ...(v.targeting?.target
      ? { targeting: { target: rules(v.targeting.target) } }
      : {}),
  });
  return {
    name: snapshot.project.name,
    description: snapshot.project.description,
    attributes: snapshot.attributes
      .filter((a) => a.__type === "CUSTOM")
      .map(({ key, name, description }) => ({ key, name, description })),
    events: snapshot.events.map(({ key, description }) => ({
      key,
      description,
    })),
    audiences: snapshot.audiences.map((a) =>
      a.source === "LYTICS"
        ? {
            name: a.name,
            description: a.description,
            source: "LYTICS",
            slug: a.slug,
          }
        : {
            name: a.name,
            description: a.description,
            definition: rules(a.definition),
          },
    ),
    experiences: snapshot.experiences.map((e) => ({
      name: e.name,
      description: e.description,
      __type: e.__type,
      tags: e.tags,
      versions: [...(snapshot.versions[e.uid] ?? [])].reverse().map(version),
    })),
    priority: snapshot.priority.map(name),
  };
}

describe("seeding a project", () => {
  it("maps every key and name to the uid it minted", () => {
    const result = world.emulator.seedProject(world.organizationUid, SHOP);

    expect(Object.keys(result.attributes)).toEqual(["plan"]);
    expect(Object.keys(result.events)).toEqual(["checkout"]);
    expect(Object.keys(result.audiences)).toEqual([
      "Pro users",
      "Everyone",
      "Big spenders",
    ]);
    expect(Object.keys(result.experiences)).toEqual([
      "Hero",
      "Button",
      "Footer",
    ]);
    expect(result.audiences["Big spenders"]).toMatch(/^[0-9a-f]{32}$/);
  });

  it("answers over HTTP exactly what the snapshot holds", async () => {
    const result = world.emulator.seedProject(world.organizationUid, SHOP);
    const api = world.api.with({ projectUid: result.projectUid });
    const snapshot = world.emulator.snapshot(result.projectUid);

    expect((await api.get("/attributes")).body).toEqual(snapshot.attributes);
    expect((await api.get("/events")).body).toEqual(snapshot.events);
    expect(
      (await api.get("/audiences?includeLyticsAudiences=true")).body,
    ).toEqual(snapshot.audiences);
    expect((await api.get("/experiences")).body).toEqual(snapshot.experiences);
    for (const uid of Object.values(result.experiences)) {
      expect((await api.get(`/experiences/${uid}/versions`)).body).toEqual(
        snapshot.versions[uid],
      );
    }
    expect((await api.get("/experiences-priority")).body.priorityOrder).toEqual(
      snapshot.priority,
    );
  });

  it("resolves references to uids and derives statuses", () => {
    const result = world.emulator.seedProject(world.organizationUid, SHOP);
    const snapshot = world.emulator.snapshot(result.projectUid);
    const hero = result.experiences.Hero ?? "";
    const button = result.experiences.Button ?? "";

    const [draft, active, archived] = snapshot.versions[hero] ?? [];
    expect([draft?.status, active?.status, archived?.status]).toEqual([
      "DRAFT",
      "ACTIVE",
      "ARCHIVED",
    ]);
    expect(active?.variants).toMatchObject([
      { shortUid: "0", audiences: [result.audiences["Pro users"]] },
      { shortUid: "1", lyticsAudiences: [result.audiences["Big spenders"]] },
    ]);
    expect(draft?.variants[0]).toMatchObject({ shortUid: "2" });
    expect(snapshot.versions[button]?.[0]?.metrics?.[0]?.event).toBe(
      result.events.checkout,
    );
    expect(snapshot.experiences.map((e) => e.status)).toEqual([
      "ACTIVE",
      "PAUSED",
      "DRAFT",
    ]);
    expect(snapshot.priority).toEqual([
      button,
      hero,
      result.experiences.Footer,
    ]);
  });

  it("gives an experience without versions the usual empty draft", () => {
    const result = world.emulator.seedProject(world.organizationUid, SHOP);
    const footer = result.experiences.Footer ?? "";

    const versions = world.emulator.snapshot(result.projectUid).versions[
      footer
    ];

    expect(versions).toEqual([
      expect.objectContaining({ status: "DRAFT", variants: [] }),
    ]);
  });

  it("round-trips: a seed read back from a snapshot rebuilds the same project", () => {
    const first = world.emulator.seedProject(world.organizationUid, SHOP);
    const rewritten = seedFromSnapshot(
      world.emulator.snapshot(first.projectUid),
    );

    const second = world.emulator.seedProject(world.organizationUid, {
      ...rewritten,
      name: "Shop copy",
    });

    const again = seedFromSnapshot(world.emulator.snapshot(second.projectUid));
    expect({ ...again, name: "Shop" }).toEqual(rewritten);
  });

  it("hands out copies that do not change the store", () => {
    const { projectUid } = world.emulator.seedProject(
      world.organizationUid,
      SHOP,
    );

    const copy = world.emulator.snapshot(projectUid);
    copy.events.length = 0;

    expect(world.emulator.snapshot(projectUid).events).toHaveLength(1);
  });

  it("leaves a project the API can keep working on", async () => {
    const result = world.emulator.seedProject(world.organizationUid, SHOP);
    const api = world.api.with({ projectUid: result.projectUid });

    const answer = await api.post(
      `/experiences/${result.experiences.Button}/versions`,
      { status: "DRAFT", variants: [] },
    );

    expect(answer.status).toBe(201);
  });
});

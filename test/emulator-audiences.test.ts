import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SeedResult } from "./emulator/index.ts";
import {
  addExperienceWithDraft,
  startWorld,
  type World,
} from "./emulator/test-client.ts";

let world: World;
let seeded: SeedResult;

const COUNTRY_IS_US = {
  __type: "Rule",
  attribute: { __type: "PresetAttributeReference", ref: "COUNTRY" },
  attributeMatchCondition: "STRING_EQUALS",
  attributeMatchOptions: { __type: "StringMatchOptions", value: "US" },
  invertCondition: false,
};

function definition(...rules: unknown[]) {
  return { __type: "RuleCombination", combinationType: "AND", rules };
}

beforeEach(async () => {
  world = await startWorld();
  seeded = world.emulator.seedProject(world.organizationUid, {
    name: "With Lytics",
    attributes: [{ key: "height", name: "Height" }],
    audiences: [{ name: "Big spenders", source: "LYTICS" }],
  });
  world.api = world.api.with({ projectUid: seeded.projectUid });
});

afterEach(async () => {
  await world.emulator.close();
});

describe("listing audiences", () => {
  it("leaves out Lytics audiences by default", async () => {
    await world.api.post("/audiences", {
      name: "US",
      definition: definition(),
    });

    const answer = await world.api.get("/audiences");

    expect(answer.body.map((a: { name: string }) => a.name)).toEqual(["US"]);
  });

  it("includes Lytics audiences when asked", async () => {
    const answer = await world.api.get(
      "/audiences?includeLyticsAudiences=true",
    );

    expect(answer.body).toEqual([
      expect.objectContaining({
        name: "Big spenders",
        source: "LYTICS",
        slug: "big_spenders",
      }),
    ]);
  });
});

describe("creating audiences", () => {
  it("stores the definition and answers 201", async () => {
    const answer = await world.api.post("/audiences", {
      name: "US visitors",
      description: "From the US",
      definition: definition(COUNTRY_IS_US),
    });

    expect(answer.status).toBe(201);
    expect(answer.body.definition).toEqual(definition(COUNTRY_IS_US));
  });

  it("does not require unique names", async () => {
    const body = { name: "Twin", definition: definition() };
    await world.api.post("/audiences", body);

    const answer = await world.api.post("/audiences", body);

    expect(answer.status).toBe(201);
  });

  it("refuses to create a Lytics audience", async () => {
    const answer = await world.api.post("/audiences", {
      name: "Synced",
      source: "LYTICS",
      definition: definition(),
    });

    expect(answer.status).toBe(400);
  });

  it("needs a definition", async () => {
    const answer = await world.api.post("/audiences", { name: "Nobody" });

    expect(answer.body.message).toBe(
      "personalize.AUDIENCES.DEFINITION_REQUIRED",
    );
  });

  it("accepts nested combinations", async () => {
    const nested = definition(COUNTRY_IS_US, {
      __type: "RuleCombination",
      combinationType: "OR",
      rules: [COUNTRY_IS_US],
    });

    const answer = await world.api.post("/audiences", {
      name: "Nested",
      definition: nested,
    });

    expect(answer.status).toBe(201);
    expect(answer.body.definition).toEqual(nested);
  });

  it("refuses a preset reference that is not a preset key", async () => {
    const answer = await world.api.post("/audiences", {
      name: "Planet",
      definition: definition({
        ...COUNTRY_IS_US,
        attribute: { __type: "PresetAttributeReference", ref: "PLANET" },
      }),
    });

    expect(answer.body.message).toBe(
      "personalize.AUDIENCES.INVALID_ATTRIBUTE_REFERENCE",
    );
  });

  it("refuses a custom reference by key instead of uid, naming it", async () => {
    const answer = await world.api.post("/audiences", {
      name: "Tall",
      definition: definition({
        __type: "Rule",
        attribute: { __type: "CustomAttributeReference", ref: "height" },
        attributeMatchCondition: "HAS_ANY_VALUE",
        invertCondition: false,
      }),
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      "personalize.AUDIENCES.INVALID_ATTRIBUTE_REFERENCE",
    );
    expect(JSON.stringify(answer.body.errors)).toContain("height");
  });

  it("refuses a custom reference to a preset attribute's uid", async () => {
    const attributes = (await world.api.get("/attributes")).body;
    const country = attributes.find(
      (a: { key: string }) => a.key === "COUNTRY",
    );

    const answer = await world.api.post("/audiences", {
      name: "Country",
      definition: definition({
        __type: "Rule",
        attribute: { __type: "CustomAttributeReference", ref: country.uid },
        attributeMatchCondition: "HAS_ANY_VALUE",
        invertCondition: false,
      }),
    });

    expect(answer.body.message).toBe(
      "personalize.AUDIENCES.INVALID_ATTRIBUTE_REFERENCE",
    );
  });

  it("accepts a custom reference by the attribute's uid", async () => {
    const answer = await world.api.post("/audiences", {
      name: "Tall",
      definition: definition({
        __type: "Rule",
        attribute: {
          __type: "CustomAttributeReference",
          ref: seeded.attributes.height,
        },
        attributeMatchCondition: "NUMBER_GREATER_THAN",
        attributeMatchOptions: { __type: "NumberMatchOptions", value: 6 },
        invertCondition: false,
      }),
    });

    expect(answer.status).toBe(201);
  });

  it("refuses a condition outside the documented list", async () => {
    const answer = await world.api.post("/audiences", {
      name: "Odd",
      definition: definition({
        ...COUNTRY_IS_US,
        attributeMatchCondition: "STRING_STARTS_WITH",
      }),
    });

    expect(answer.body.message).toBe("personalize.AUDIENCES.NOT_VALID_ENUM");
  });

  it("requires match options for STRING_EQUALS", async () => {
    const { attributeMatchOptions: _, ...withoutOptions } = COUNTRY_IS_US;

    const answer = await world.api.post("/audiences", {
      name: "US",
      definition: definition(withoutOptions),
    });

    expect(answer.status).toBe(400);
    expect(Object.values(answer.body.errors)).toContain(
      "valid matchOptions is required for STRING_EQUALS condition",
    );
  });

  it("requires numeric match options for NUMBER_ conditions", async () => {
    const answer = await world.api.post("/audiences", {
      name: "Tall",
      definition: definition({
        __type: "Rule",
        attribute: {
          __type: "CustomAttributeReference",
          ref: seeded.attributes.height,
        },
        attributeMatchCondition: "NUMBER_LESS_THAN",
        attributeMatchOptions: { __type: "StringMatchOptions", value: "6" },
        invertCondition: false,
      }),
    });

    expect(answer.body.message).toBe(
      "personalize.AUDIENCES.INVALID_MATCH_OPTIONS",
    );
  });

  it("counts rules across nested levels and refuses more than 50", async () => {
    const half = Array.from({ length: 26 }, () => COUNTRY_IS_US);
    const tooMany = definition(...half, {
      __type: "RuleCombination",
      combinationType: "OR",
      rules: half.slice(1),
    });

    const answer = await world.api.post("/audiences", {
      name: "Many",
      definition: tooMany,
    });

    expect(answer.body.message).toBe(
      "personalize.AUDIENCES.RULE_COUNT_EXCEEDED",
    );
  });

  it("are capped per project, Lytics audiences included", async () => {
    const capped = await startWorld({ maxEntitiesPerProject: 2 });
    const { projectUid } = capped.emulator.seedProject(capped.organizationUid, {
      name: "Capped",
      audiences: [{ name: "Synced", source: "LYTICS" }],
    });
    const api = capped.api.with({ projectUid });

    const first = await api.post("/audiences", {
      name: "A",
      definition: definition(),
    });
    const second = await api.post("/audiences", {
      name: "B",
      definition: definition(),
    });
    await capped.emulator.close();

    expect(first.status).toBe(201);
    expect(second.body.message).toBe("personalize.AUDIENCES.LIMIT_EXCEEDED");
  });
});

describe("changing audiences", () => {
  it("updates with the same body as create", async () => {
    const created = await world.api.post("/audiences", {
      name: "US",
      definition: definition(),
    });

    const answer = await world.api.put(`/audiences/${created.body.uid}`, {
      name: "United States",
      definition: definition(COUNTRY_IS_US),
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      uid: created.body.uid,
      name: "United States",
      definition: definition(COUNTRY_IS_US),
    });
  });

  it("treats Lytics audiences as read-only", async () => {
    const uid = seeded.audiences["Big spenders"];

    const updated = await world.api.put(`/audiences/${uid}`, {
      name: "Renamed",
      definition: definition(),
    });
    const deleted = await world.api.delete(`/audiences/${uid}`);

    expect(updated.status).toBe(400);
    expect(deleted.status).toBe(400);
  });

  it("refuses to delete an audience a version refers to", async () => {
    const audience = await world.api.post("/audiences", {
      name: "US",
      definition: definition(COUNTRY_IS_US),
    });
    const hero = { name: "Hero", __type: "SEGMENTED" };
    await addExperienceWithDraft(world.api, hero, {
      status: "DRAFT",
      variants: [
        {
          __type: "SegmentedVariant",
          name: "US",
          audiences: [audience.body.uid],
          audienceCombinationType: "OR",
        },
      ],
    });

    const answer = await world.api.delete(`/audiences/${audience.body.uid}`);

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.AUDIENCES.IN_USE");
  });

  it("deletes an audience nothing refers to", async () => {
    const audience = await world.api.post("/audiences", {
      name: "US",
      definition: definition(),
    });

    const answer = await world.api.delete(`/audiences/${audience.body.uid}`);

    expect(answer.status).toBe(204);
    expect((await world.api.get("/audiences")).body).toEqual([]);
  });
});

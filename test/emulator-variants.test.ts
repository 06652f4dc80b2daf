import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SeedResult } from "./emulator/index.ts";
import { type Json, startWorld, type World } from "./emulator/test-client.ts";

const CODE = "personalize.EXPERIENCES.VERSIONS";

let world: World;
let seeded: SeedResult;

beforeEach(async () => {
  world = await startWorld();
  seeded = world.emulator.seedProject(world.organizationUid, {
    name: "Shop",
    attributes: [{ key: "plan", name: "Plan" }],
    events: [{ key: "checkout" }],
    audiences: [
      { name: "US" },
      { name: "UK" },
      { name: "Big spenders", source: "LYTICS" },
    ],
    experiences: [
      { name: "Hero", __type: "SEGMENTED" },
      { name: "Button", __type: "AB_TEST" },
    ],
  });
  world.api = world.api.with({ projectUid: seeded.projectUid });
});

afterEach(async () => {
  await world.emulator.close();
});

/** PUTs a DRAFT body into the experience's draft version. */
async function saveDraft(name: "Hero" | "Button", body: Json) {
  const uid = seeded.experiences[name];
  const experience = (await world.api.get(`/experiences/${uid}`)).body;
  return world.api.put(
    `/experiences/${uid}/versions/${experience.latestVersion}`,
    { status: "DRAFT", ...body },
  );
}

function segmented(fields: Json) {
  return {
    __type: "SegmentedVariant",
    name: "Variant",
    audienceCombinationType: "OR",
    ...fields,
  };
}

function planRule(ref: string | undefined) {
  return {
    __type: "RuleCombination",
    combinationType: "AND",
    rules: [
      {
        __type: "Rule",
        attribute: { __type: "CustomAttributeReference", ref },
        attributeMatchCondition: "STRING_EQUALS",
        attributeMatchOptions: { __type: "StringMatchOptions", value: "pro" },
        invertCondition: false,
      },
    ],
  };
}

describe("segmented variants", () => {
  it("are stored with lyticsAudiences [] when none were sent", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ audiences: [seeded.audiences.US], color: "red" })],
    });

    expect(answer.status).toBe(200);
    expect(answer.body.variants).toEqual([
      {
        __type: "SegmentedVariant",
        shortUid: "0",
        name: "Variant",
        audiences: [seeded.audiences.US],
        lyticsAudiences: [],
        audienceCombinationType: "OR",
      },
    ]);
  });

  it("need an audience, a Lytics audience or a target", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ audiences: [] })],
    });

    expect(answer.body.message).toBe(`${CODE}.EMPTY_ARRAY`);
  });

  it("refuse an audience that is not an ObjectId", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ audiences: ["us-visitors"] })],
    });

    expect(answer.status).toBe(400);
    expect(Object.values(answer.body.errors)).toContain(
      "`us-visitors` is not a valid ObjectId",
    );
  });

  it("refuse an unknown audience, naming it", async () => {
    const unknown = "0123456789abcdef01234567";

    const answer = await saveDraft("Hero", {
      variants: [segmented({ audiences: [unknown] })],
    });

    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.errors)).toContain(unknown);
  });

  it("refuse a Lytics audience among audiences", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ audiences: [seeded.audiences["Big spenders"]] })],
    });

    expect(answer.body.message).toBe(`${CODE}.INVALID_OBJECT_ID`);
  });

  it("accept an existing Lytics audience among lyticsAudiences", async () => {
    const lytics = seeded.audiences["Big spenders"];

    const answer = await saveDraft("Hero", {
      variants: [segmented({ lyticsAudiences: [lytics] })],
    });

    expect(answer.status).toBe(200);
    expect(answer.body.variants[0].lyticsAudiences).toEqual([lytics]);
  });

  it("refuse Lytics audiences that do not exist", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ lyticsAudiences: ["f".repeat(32)] })],
    });

    expect(answer.body.message).toBe(
      `${CODE}.VARIANTS_REFERRED_LYTICS_AUDIENCE_DOES_NOT_EXIST`,
    );
  });

  it("accept an inline target using a custom attribute uid", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ target: planRule(seeded.attributes.plan) })],
    });

    expect(answer.status).toBe(200);
    expect(answer.body.variants[0].target).toEqual(
      planRule(seeded.attributes.plan),
    );
  });

  it("validate inline target rules as audiences are", async () => {
    const answer = await saveDraft("Hero", {
      variants: [segmented({ target: planRule("plan") })],
    });

    expect(answer.body.message).toBe(`${CODE}.INVALID_ATTRIBUTE_REFERENCE`);
  });

  it("need an audienceCombinationType", async () => {
    const answer = await saveDraft("Hero", {
      variants: [
        {
          __type: "SegmentedVariant",
          name: "US",
          audiences: [seeded.audiences.US],
        },
      ],
    });

    expect(answer.body.message).toBe(`${CODE}.NOT_VALID_ENUM`);
  });

  it("must match the experience type", async () => {
    const answer = await saveDraft("Hero", {
      variants: [{ __type: "ABTestVariant", name: "A" }],
    });

    expect(answer.body.message).toBe(`${CODE}.NOT_VALID_ENUM`);
  });

  it("are at most 20", async () => {
    const variants = Array.from({ length: 21 }, (_, index) =>
      segmented({ name: `V${index}`, audiences: [seeded.audiences.US] }),
    );

    const answer = await saveDraft("Hero", { variants });

    expect(answer.body.message).toBe(`${CODE}.VARIANTS_LIMIT_EXCEEDED`);
  });
});

describe("A/B test variants", () => {
  it("are split evenly, the remainder going to the first ones", async () => {
    const answer = await saveDraft("Button", {
      variantSplit: "EQUALLY_SPLIT",
      variants: ["A", "B", "C"].map((name) => ({
        __type: "ABTestVariant",
        name,
        trafficDistribution: 50,
      })),
    });

    expect(
      answer.body.variants.map((v: Json) => v.trafficDistribution),
    ).toEqual([34, 33, 33]);
  });

  it("keep a custom split as sent", async () => {
    const answer = await saveDraft("Button", {
      variantSplit: "CUSTOM_PERCENTAGE",
      variants: [
        { __type: "ABTestVariant", name: "A", trafficDistribution: 70 },
        { __type: "ABTestVariant", name: "B", trafficDistribution: 30 },
      ],
    });

    expect(answer.body.variantSplit).toBe("CUSTOM_PERCENTAGE");
    expect(
      answer.body.variants.map((v: Json) => v.trafficDistribution),
    ).toEqual([70, 30]);
  });

  it("must add up to 100 under a custom split to activate", async () => {
    const answer = await saveDraft("Button", {
      status: "ACTIVE",
      variantSplit: "CUSTOM_PERCENTAGE",
      variants: [
        { __type: "ABTestVariant", name: "A", trafficDistribution: 70 },
        { __type: "ABTestVariant", name: "B", trafficDistribution: 20 },
      ],
    });

    expect(answer.body.message).toBe(`${CODE}.INVALID_TRAFFIC_DISTRIBUTION`);
  });

  it("refuse a traffic share outside 0..100", async () => {
    const answer = await saveDraft("Button", {
      variantSplit: "CUSTOM_PERCENTAGE",
      variants: [
        { __type: "ABTestVariant", name: "A", trafficDistribution: 120 },
      ],
    });

    expect(answer.body.message).toBe(`${CODE}.INVALID_TRAFFIC_DISTRIBUTION`);
  });
});

describe("metrics and targeting", () => {
  it("store metrics that refer to an event of the project", async () => {
    const metrics = [
      { __type: "Primary", name: "Checkout", event: seeded.events.checkout },
    ];

    const answer = await saveDraft("Button", { variants: [], metrics });

    expect(answer.body.metrics).toEqual(metrics);
  });

  it("refuse a metric on an unknown event", async () => {
    const answer = await saveDraft("Button", {
      variants: [],
      metrics: [
        {
          __type: "Primary",
          name: "Checkout",
          event: "0123456789abcdef01234567",
        },
      ],
    });

    expect(answer.body.message).toBe(
      `${CODE}.METRICS_REFERRED_EVENT_DOES_NOT_EXIST`,
    );
  });

  it("store audience targeting of existing audiences", async () => {
    const targeting = {
      audience: {
        audiences: [seeded.audiences.US, seeded.audiences.UK],
        audienceCombinationType: "OR",
      },
    };

    const answer = await saveDraft("Button", { variants: [], targeting });

    expect(answer.body.targeting).toEqual(targeting);
  });

  it("refuse audience targeting of an unknown audience", async () => {
    const answer = await saveDraft("Button", {
      variants: [],
      targeting: {
        audience: {
          audiences: ["0123456789abcdef01234567"],
          audienceCombinationType: "OR",
        },
      },
    });

    expect(answer.body.message).toBe(
      `${CODE}.TARGETING_REFERRED_AUDIENCE_DOES_NOT_EXIST`,
    );
  });

  it("store inline rule targeting", async () => {
    const targeting = { target: planRule(seeded.attributes.plan) };

    const answer = await saveDraft("Button", { variants: [], targeting });

    expect(answer.body.targeting).toEqual(targeting);
  });

  it("are refused on segmented experiences", async () => {
    const answer = await saveDraft("Hero", {
      variants: [],
      variantSplit: "EQUALLY_SPLIT",
    });

    expect(answer.status).toBe(400);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Json, startWorld, type World } from "./emulator/test-client.ts";

const CODE = "personalize.EXPERIENCES.VERSIONS";

let world: World;
let abTest: Json;
let segmented: Json;
let audienceUid: string;

beforeEach(async () => {
  world = await startWorld();
  const audience = await world.api.post("/audiences", {
    name: "US",
    definition: {
      __type: "RuleCombination",
      combinationType: "AND",
      rules: [],
    },
  });
  audienceUid = audience.body.uid;
  abTest = (
    await world.api.post("/experiences", { name: "Button", __type: "AB_TEST" })
  ).body;
  segmented = (
    await world.api.post("/experiences", { name: "Hero", __type: "SEGMENTED" })
  ).body;
});

afterEach(async () => {
  await world.emulator.close();
});

function abVariants(...names: string[]) {
  return names.map((name) => ({ __type: "ABTestVariant", name }));
}

function segmentedVariant(name: string) {
  return {
    __type: "SegmentedVariant",
    name,
    audiences: [audienceUid],
    audienceCombinationType: "AND",
  };
}

function putVersion(experience: Json, versionUid: string, body: unknown) {
  return world.api.put(
    `/experiences/${experience.uid}/versions/${versionUid}`,
    body,
  );
}

function postVersion(experience: Json, body: unknown) {
  return world.api.post(`/experiences/${experience.uid}/versions`, body);
}

async function listVersions(experience: Json): Promise<Json[]> {
  return (await world.api.get(`/experiences/${experience.uid}/versions`)).body;
}

async function experienceStatus(experience: Json): Promise<string> {
  return (await world.api.get(`/experiences/${experience.uid}`)).body.status;
}

/** Activates the AB test's draft with variants A and B; returns it. */
async function activateAbTest(): Promise<Json> {
  const answer = await putVersion(abTest, abTest.latestVersion, {
    status: "ACTIVE",
    variants: abVariants("A", "B"),
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("creating versions", () => {
  it("refuses a second DRAFT", async () => {
    const answer = await postVersion(abTest, { status: "DRAFT", variants: [] });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      `${CODE}.CANNOT_CREATE_VERSION_AS_DRAFT_ALREADY_EXISTS`,
    );
  });

  it("creates a DRAFT once the experience has none", async () => {
    await activateAbTest();

    const answer = await postVersion(abTest, {
      status: "DRAFT",
      variants: abVariants("A", "B", "C"),
    });

    expect(answer.status).toBe(201);
    expect(answer.body.status).toBe("DRAFT");
  });

  it("creates versions only as DRAFT", async () => {
    await activateAbTest();

    const answer = await postVersion(abTest, {
      status: "ACTIVE",
      variants: abVariants("A", "B"),
    });

    expect(answer.body.message).toBe(`${CODE}.INVALID_STATUS`);
  });

  it("lists versions newest first", async () => {
    const active = await activateAbTest();
    const draft = await postVersion(abTest, { status: "DRAFT", variants: [] });

    const versions = await listVersions(abTest);

    expect(versions.map((version) => version.uid)).toEqual([
      draft.body.uid,
      active.uid,
    ]);
  });
});

describe("what every PUT needs", () => {
  it("requires a status", async () => {
    const answer = await putVersion(abTest, abTest.latestVersion, {
      variants: [],
    });

    expect(answer.body.message).toBe(`${CODE}.STATUS_REQUIRED`);
  });

  it("requires a variants array", async () => {
    const answer = await putVersion(abTest, abTest.latestVersion, {
      status: "DRAFT",
      variants: { A: {} },
    });

    expect(answer.body.message).toBe(`${CODE}.VARIANTS_NOT_ARRAY`);
  });

  it("answers 404 for an unknown version", async () => {
    const answer = await putVersion(abTest, "0123456789abcdef01234567", {
      status: "DRAFT",
      variants: [],
    });

    expect(answer.status).toBe(404);
  });
});

describe("the DRAFT version", () => {
  it("can be edited as a DRAFT", async () => {
    const answer = await putVersion(abTest, abTest.latestVersion, {
      status: "DRAFT",
      variants: abVariants("A"),
    });

    expect(answer.status).toBe(200);
    expect(answer.body.variants).toHaveLength(1);
    expect(await experienceStatus(abTest)).toBe("DRAFT");
  });

  it("is activated with new content in the same PUT", async () => {
    const version = await activateAbTest();

    expect(version.status).toBe("ACTIVE");
    expect(version.variants.map((variant: Json) => variant.name)).toEqual([
      "A",
      "B",
    ]);
    expect(await experienceStatus(abTest)).toBe("ACTIVE");
  });

  it("needs two variants to activate an A/B test", async () => {
    const answer = await putVersion(abTest, abTest.latestVersion, {
      status: "ACTIVE",
      variants: abVariants("A"),
    });

    expect(answer.body.message).toBe(
      `${CODE}.INSUFFICIENT_VARIANTS_TO_ACTIVATE`,
    );
  });

  it("needs one variant to activate a segmented experience", async () => {
    const empty = await putVersion(segmented, segmented.latestVersion, {
      status: "ACTIVE",
      variants: [],
    });
    const one = await putVersion(segmented, segmented.latestVersion, {
      status: "ACTIVE",
      variants: [segmentedVariant("US")],
    });

    expect(empty.body.message).toBe(
      `${CODE}.INSUFFICIENT_VARIANTS_TO_ACTIVATE`,
    );
    expect(one.status).toBe(200);
  });

  it("cannot be paused", async () => {
    const answer = await putVersion(abTest, abTest.latestVersion, {
      status: "PAUSED",
      variants: abVariants("A", "B"),
    });

    expect(answer.body.message).toBe(`${CODE}.INVALID_STATUS`);
  });

  it("archives the ACTIVE version when activated", async () => {
    const first = await activateAbTest();
    const draft = await postVersion(abTest, {
      status: "DRAFT",
      variants: abVariants("C", "D"),
    });

    await putVersion(abTest, draft.body.uid, {
      status: "ACTIVE",
      variants: abVariants("C", "D"),
    });

    const versions = await listVersions(abTest);
    expect(versions.map((version) => [version.uid, version.status])).toEqual([
      [draft.body.uid, "ACTIVE"],
      [first.uid, "ARCHIVED"],
    ]);
  });

  it("archives the PAUSED version when activated", async () => {
    const first = await activateAbTest();
    await putVersion(abTest, first.uid, { ...first, status: "PAUSED" });
    const draft = await postVersion(abTest, {
      status: "DRAFT",
      variants: abVariants("C", "D"),
    });

    await putVersion(abTest, draft.body.uid, {
      ...draft.body,
      status: "ACTIVE",
    });

    const statuses = (await listVersions(abTest)).map((v) => v.status);
    expect(statuses).toEqual(["ACTIVE", "ARCHIVED"]);
  });

  it("can be deleted when another version remains", async () => {
    await activateAbTest();
    const draft = await postVersion(abTest, { status: "DRAFT", variants: [] });

    const answer = await world.api.delete(
      `/experiences/${abTest.uid}/versions/${draft.body.uid}`,
    );

    expect(answer.status).toBe(204);
    expect(await listVersions(abTest)).toHaveLength(1);
  });

  it("cannot be deleted when it is the only version", async () => {
    const answer = await world.api.delete(
      `/experiences/${abTest.uid}/versions/${abTest.latestVersion}`,
    );

    expect(answer.body.message).toBe(`${CODE}.CANNOT_DELETE_ONLY_VERSION`);
  });
});

describe("live versions", () => {
  it("pause with identical content", async () => {
    const active = await activateAbTest();

    const answer = await putVersion(abTest, active.uid, {
      ...active,
      status: "PAUSED",
    });

    expect(answer.status).toBe(200);
    expect(await experienceStatus(abTest)).toBe("PAUSED");
  });

  it("resume with identical content", async () => {
    const active = await activateAbTest();
    await putVersion(abTest, active.uid, { ...active, status: "PAUSED" });

    const answer = await putVersion(abTest, active.uid, {
      ...active,
      status: "ACTIVE",
    });

    expect(answer.status).toBe(200);
    expect(await experienceStatus(abTest)).toBe("ACTIVE");
  });

  it("accept an ACTIVE to ACTIVE PUT with identical content", async () => {
    const active = await activateAbTest();

    const answer = await putVersion(abTest, active.uid, active);

    expect(answer.status).toBe(200);
  });

  it("compare content after normalisation, ignoring shortUids", async () => {
    const active = await activateAbTest();

    const answer = await putVersion(abTest, active.uid, {
      status: "PAUSED",
      variantSplit: "EQUALLY_SPLIT",
      variants: [
        { __type: "ABTestVariant", name: "A", trafficDistribution: 10 },
        { __type: "ABTestVariant", name: "B", shortUid: "9" },
      ],
    });

    expect(answer.status).toBe(200);
    expect(answer.body.variants.map((v: Json) => v.shortUid)).toEqual([
      "0",
      "1",
    ]);
  });

  it("refuse content changes", async () => {
    const active = await activateAbTest();

    const answer = await putVersion(abTest, active.uid, {
      status: "PAUSED",
      variants: abVariants("A", "B", "C"),
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(`${CODE}.CANNOT_UPDATE_LOCKED_VERSION`);
  });

  it("cannot go back to DRAFT from ACTIVE or PAUSED", async () => {
    const active = await activateAbTest();
    const fromActive = await putVersion(abTest, active.uid, {
      ...active,
      status: "DRAFT",
    });
    await putVersion(abTest, active.uid, { ...active, status: "PAUSED" });
    const fromPaused = await putVersion(abTest, active.uid, {
      ...active,
      status: "DRAFT",
    });

    expect(fromActive.body.message).toBe(
      `${CODE}.CANNOT_MARK_VERSION_AS_DRAFT`,
    );
    expect(fromPaused.body.message).toBe(
      `${CODE}.CANNOT_MARK_VERSION_AS_DRAFT`,
    );
  });

  it("cannot be deleted", async () => {
    const active = await activateAbTest();
    await postVersion(abTest, { status: "DRAFT", variants: [] });

    const answer = await world.api.delete(
      `/experiences/${abTest.uid}/versions/${active.uid}`,
    );

    expect(answer.status).toBe(400);
  });
});

describe("archived versions", () => {
  it("refuse every PUT, even with identical content", async () => {
    const first = await activateAbTest();
    const draft = await postVersion(abTest, {
      status: "DRAFT",
      variants: abVariants("C", "D"),
    });
    await putVersion(abTest, draft.body.uid, {
      ...draft.body,
      status: "ACTIVE",
    });

    const answer = await putVersion(abTest, first.uid, {
      ...first,
      status: "ACTIVE",
    });

    expect(answer.body.message).toBe(`${CODE}.CANNOT_UPDATE_LOCKED_VERSION`);
  });
});

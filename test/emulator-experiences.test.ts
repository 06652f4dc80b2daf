import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "./emulator/test-client.ts";

let world: World;

beforeEach(async () => {
  world = await startWorld({ maxEntitiesPerProject: 4 });
});

afterEach(async () => {
  await world.emulator.close();
});

async function createExperience(name: string, type = "SEGMENTED") {
  const answer = await world.api.post("/experiences", { name, __type: type });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function createAudience(name: string) {
  const answer = await world.api.post("/audiences", {
    name,
    definition: {
      __type: "RuleCombination",
      combinationType: "AND",
      rules: [],
    },
  });
  return answer.body.uid as string;
}

describe("creating experiences", () => {
  it("answers 201 with a uid, a shortUid, DRAFT status and latestVersion", async () => {
    const answer = await world.api.post("/experiences", {
      name: "Homepage Banner Test",
      description: "Cloned from Staging",
      __type: "AB_TEST",
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      shortUid: "0",
      name: "Homepage Banner Test",
      description: "Cloned from Staging",
      __type: "AB_TEST",
      status: "DRAFT",
      tags: [],
      project: world.projectUid,
    });
    expect(answer.body.latestVersion).toMatch(/^[0-9a-f]{24}$/);
  });

  it("also creates an empty DRAFT version", async () => {
    const experience = await createExperience("Hero");

    const answer = await world.api.get(
      `/experiences/${experience.uid}/versions`,
    );

    expect(answer.body).toHaveLength(1);
    expect(answer.body[0]).toMatchObject({
      uid: experience.latestVersion,
      status: "DRAFT",
      variants: [],
    });
  });

  it("never reuses a shortUid of a deleted experience", async () => {
    await createExperience("First");
    const second = await createExperience("Second");
    await world.api.delete(`/experiences/${second.uid}`);

    const third = await createExperience("Third");

    expect(third.shortUid).toBe("2");
  });

  it("does not require unique names", async () => {
    await createExperience("Twin");

    const answer = await world.api.post("/experiences", {
      name: "Twin",
      __type: "SEGMENTED",
    });

    expect(answer.status).toBe(201);
  });

  it("refuses a type other than SEGMENTED or AB_TEST", async () => {
    const answer = await world.api.post("/experiences", {
      name: "Bandit",
      __type: "MULTI_ARMED_BANDIT",
    });

    expect(answer.body.message).toBe("personalize.EXPERIENCES.NOT_VALID_ENUM");
  });

  it("stores tags lowercased and de-duplicated", async () => {
    const answer = await world.api.post("/experiences", {
      name: "Tagged",
      __type: "SEGMENTED",
      tags: ["Spring", "spring", "q2:launch"],
    });

    expect(answer.body.tags).toEqual(["spring", "q2:launch"]);
  });

  it("refuses more than 10 tags", async () => {
    const tags = Array.from({ length: 11 }, (_, index) => `tag${index}`);

    const answer = await world.api.post("/experiences", {
      name: "Tagged",
      __type: "SEGMENTED",
      tags,
    });

    expect(answer.body.message).toBe(
      "personalize.EXPERIENCES.TAGS_LIMIT_EXCEEDED",
    );
  });

  it("refuses tags with other characters or over 32 characters", async () => {
    for (const tag of ["two words", "x".repeat(33)]) {
      const answer = await world.api.post("/experiences", {
        name: "Tagged",
        __type: "SEGMENTED",
        tags: [tag],
      });

      expect(answer.body.message).toBe("personalize.EXPERIENCES.INVALID_TAGS");
    }
  });

  it("are capped per project", async () => {
    for (const name of ["a", "b", "c", "d"]) await createExperience(name);

    const answer = await world.api.post("/experiences", {
      name: "e",
      __type: "SEGMENTED",
    });

    expect(answer.body.message).toBe("personalize.EXPERIENCES.LIMIT_EXCEEDED");
  });
});

describe("reading experiences", () => {
  it("lists experiences as a bare array without referred audiences", async () => {
    await createExperience("Hero");

    const answer = await world.api.get("/experiences");

    expect(answer.body).toHaveLength(1);
    expect(answer.body[0]).not.toHaveProperty("referredAudiences");
  });

  it("adds the audiences its live and draft versions refer to", async () => {
    const audience = await createAudience("US");
    const experience = await createExperience("Hero");
    await world.api.put(
      `/experiences/${experience.uid}/versions/${experience.latestVersion}`,
      {
        status: "DRAFT",
        variants: [
          {
            __type: "SegmentedVariant",
            name: "US",
            audiences: [audience],
            audienceCombinationType: "AND",
          },
        ],
      },
    );

    const answer = await world.api.get(`/experiences/${experience.uid}`);

    expect(answer.body.referredAudiences).toEqual([audience]);
    expect(answer.body.referredLyticsAudiences).toEqual([]);
  });

  it("answers 404 for an unknown experience", async () => {
    const answer = await world.api.get("/experiences/0123456789abcdef01234567");

    expect(answer.body.message).toBe("personalize.EXPERIENCES.NOT_FOUND");
  });
});

describe("updating and deleting experiences", () => {
  it("updates name, description, type and tags", async () => {
    const experience = await createExperience("Hero");

    const answer = await world.api.put(`/experiences/${experience.uid}`, {
      name: "Hero banner",
      description: "Top of the page",
      __type: "AB_TEST",
      tags: ["home"],
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      name: "Hero banner",
      description: "Top of the page",
      __type: "AB_TEST",
      tags: ["home"],
      shortUid: experience.shortUid,
    });
  });

  it("refuses to change the type once a version has variants", async () => {
    const experience = await createExperience("Button", "AB_TEST");
    await world.api.put(
      `/experiences/${experience.uid}/versions/${experience.latestVersion}`,
      { status: "DRAFT", variants: [{ __type: "ABTestVariant", name: "A" }] },
    );

    const answer = await world.api.put(`/experiences/${experience.uid}`, {
      name: "Button",
      __type: "SEGMENTED",
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      "personalize.EXPERIENCES.CANNOT_CHANGE_TYPE",
    );
  });

  it("deletes with 204 and leaves the priority order", async () => {
    const first = await createExperience("First");
    const second = await createExperience("Second");

    const answer = await world.api.delete(`/experiences/${first.uid}`);

    expect(answer.status).toBe(204);
    expect((await world.api.get("/experiences-priority")).body).toEqual({
      priorityOrder: [second.uid],
    });
  });
});

describe("priority", () => {
  it("appends new experiences at the lowest priority", async () => {
    const first = await createExperience("First");
    const second = await createExperience("Second");

    const answer = await world.api.get("/experiences-priority");

    expect(answer.body).toEqual({ priorityOrder: [first.uid, second.uid] });
  });

  it("takes a new order naming every experience once", async () => {
    const first = await createExperience("First");
    const second = await createExperience("Second");

    const answer = await world.api.put("/experiences-priority", {
      priorityOrder: [second.uid, first.uid],
    });

    expect(answer.status).toBe(200);
    expect((await world.api.get("/experiences-priority")).body).toEqual({
      priorityOrder: [second.uid, first.uid],
    });
  });

  it("refuses an order missing an experience", async () => {
    const first = await createExperience("First");
    await createExperience("Second");

    const answer = await world.api.put("/experiences-priority", {
      priorityOrder: [first.uid],
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      "personalize.EXPERIENCES_PRIORITY.MISSING_EXPERIENCES",
    );
  });

  it("refuses an order naming an experience twice", async () => {
    const first = await createExperience("First");

    const answer = await world.api.put("/experiences-priority", {
      priorityOrder: [first.uid, first.uid],
    });

    expect(answer.body.message).toBe(
      "personalize.EXPERIENCES_PRIORITY.DUPLICATE_EXPERIENCES",
    );
  });

  it("refuses an order naming an unknown experience", async () => {
    const first = await createExperience("First");

    const answer = await world.api.put("/experiences-priority", {
      priorityOrder: [first.uid, "0123456789abcdef01234567"],
    });

    expect(answer.body.message).toBe(
      "personalize.EXPERIENCES_PRIORITY.UNKNOWN_EXPERIENCES",
    );
  });
});

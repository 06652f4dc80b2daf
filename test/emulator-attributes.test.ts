import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  addExperienceWithDraft,
  startWorld,
  type World,
} from "./emulator/test-client.ts";

let world: World;

beforeEach(async () => {
  world = await startWorld({ maxEntitiesPerProject: 3 });
});

afterEach(async () => {
  await world.emulator.close();
});

function customRule(attributeUid: string) {
  return {
    __type: "RuleCombination",
    combinationType: "AND",
    rules: [
      {
        __type: "Rule",
        attribute: { __type: "CustomAttributeReference", ref: attributeUid },
        attributeMatchCondition: "HAS_ANY_VALUE",
        invertCondition: false,
      },
    ],
  };
}

describe("custom attributes", () => {
  it("are created as CUSTOM with the documented fields only", async () => {
    const answer = await world.api.post("/attributes", {
      name: "Age",
      key: "age",
      description: "Age of the visitor",
      dataType: "NUMBER",
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      name: "Age",
      key: "age",
      description: "Age of the visitor",
      __type: "CUSTOM",
    });
    expect(answer.body).not.toHaveProperty("dataType");
  });

  it("need a name and a key", async () => {
    const noKey = await world.api.post("/attributes", { name: "Age" });
    const noName = await world.api.post("/attributes", { key: "age" });

    expect(noKey.body.message).toBe("personalize.ATTRIBUTES.KEY_REQUIRED");
    expect(noName.body.message).toBe("personalize.ATTRIBUTES.NAME_REQUIRED");
  });

  it("refuse a key another custom attribute has", async () => {
    await world.api.post("/attributes", { name: "Age", key: "age" });

    const answer = await world.api.post("/attributes", {
      name: "Years",
      key: "age",
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.ATTRIBUTES.DUPLICATE_KEY");
  });

  it("refuse a key a preset attribute has", async () => {
    const answer = await world.api.post("/attributes", {
      name: "My country",
      key: "COUNTRY",
    });

    expect(answer.body.message).toBe("personalize.ATTRIBUTES.DUPLICATE_KEY");
  });

  it("refuse an update to a key already taken", async () => {
    await world.api.post("/attributes", { name: "Age", key: "age" });
    const plan = await world.api.post("/attributes", {
      name: "Plan",
      key: "plan",
    });

    const answer = await world.api.put(`/attributes/${plan.body.uid}`, {
      name: "Plan",
      key: "age",
    });

    expect(answer.body.message).toBe("personalize.ATTRIBUTES.DUPLICATE_KEY");
  });

  it("can be updated and keep their uid", async () => {
    const created = await world.api.post("/attributes", {
      name: "Age",
      key: "age",
    });

    const answer = await world.api.put(`/attributes/${created.body.uid}`, {
      name: "Age in years",
      key: "age_years",
      description: "",
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      uid: created.body.uid,
      name: "Age in years",
      key: "age_years",
    });
  });

  it("cannot be deleted while an audience refers to them", async () => {
    const age = await world.api.post("/attributes", {
      name: "Age",
      key: "age",
    });
    await world.api.post("/audiences", {
      name: "Known age",
      definition: customRule(age.body.uid),
    });

    const answer = await world.api.delete(`/attributes/${age.body.uid}`);

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.ATTRIBUTES.IN_USE");
  });

  it("cannot be deleted while an inline target refers to them", async () => {
    const age = await world.api.post("/attributes", {
      name: "Age",
      key: "age",
    });
    const hero = { name: "Hero", __type: "SEGMENTED" };
    await addExperienceWithDraft(world.api, hero, {
      status: "DRAFT",
      variants: [
        {
          __type: "SegmentedVariant",
          name: "Adults",
          audiences: [],
          audienceCombinationType: "AND",
          target: customRule(age.body.uid),
        },
      ],
    });

    const answer = await world.api.delete(`/attributes/${age.body.uid}`);

    expect(answer.body.message).toBe("personalize.ATTRIBUTES.IN_USE");
  });

  it("are capped per project", async () => {
    for (const key of ["a", "b", "c"]) {
      await world.api.post("/attributes", { name: key, key });
    }

    const answer = await world.api.post("/attributes", { name: "d", key: "d" });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.ATTRIBUTES.LIMIT_EXCEEDED");
  });
});

describe("events", () => {
  it("are created from a key alone", async () => {
    const answer = await world.api.post("/events", { key: "checkout" });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ key: "checkout", description: "" });
  });

  it("refuse a key another event has", async () => {
    await world.api.post("/events", { key: "checkout" });

    const answer = await world.api.post("/events", { key: "checkout" });

    expect(answer.body.message).toBe("personalize.EVENTS.DUPLICATE_KEY");
  });

  it("cannot be deleted while a metric refers to them", async () => {
    const event = await world.api.post("/events", { key: "checkout" });
    const button = { name: "Button", __type: "AB_TEST" };
    await addExperienceWithDraft(world.api, button, {
      status: "DRAFT",
      variants: [],
      metrics: [{ __type: "Primary", name: "Checkout", event: event.body.uid }],
    });

    const answer = await world.api.delete(`/events/${event.body.uid}`);

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.EVENTS.IN_USE");
  });

  it("answer 404 when unknown", async () => {
    const answer = await world.api.delete("/events/0123456789abcdef01234567");

    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe("personalize.EVENTS.NOT_FOUND");
  });

  it("are capped per project", async () => {
    for (const key of ["a", "b", "c"]) await world.api.post("/events", { key });

    const answer = await world.api.post("/events", { key: "d" });

    expect(answer.body.message).toBe("personalize.EVENTS.LIMIT_EXCEEDED");
  });
});

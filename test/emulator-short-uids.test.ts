import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Json, startWorld, type World } from "./emulator/test-client.ts";

let world: World;
let abTest: Json;

beforeEach(async () => {
  world = await startWorld();
  const answer = await world.api.post("/experiences", {
    name: "Button",
    __type: "AB_TEST",
  });
  abTest = answer.body;
});

afterEach(async () => {
  await world.emulator.close();
});

function abVariants(...names: string[]) {
  return names.map((name) => ({ __type: "ABTestVariant", name }));
}

function putVersion(versionUid: string, body: unknown) {
  return world.api.put(
    `/experiences/${abTest.uid}/versions/${versionUid}`,
    body,
  );
}

function postVersion(body: unknown) {
  return world.api.post(`/experiences/${abTest.uid}/versions`, body);
}

/** Activates the draft with variants A and B; returns it. */
async function activateAbTest(): Promise<Json> {
  const answer = await putVersion(abTest.latestVersion, {
    status: "ACTIVE",
    variants: abVariants("A", "B"),
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

describe("variant shortUids", () => {
  it("are issued from 0 to variants sent without one", async () => {
    const version = await activateAbTest();

    expect(version.variants.map((v: Json) => v.shortUid)).toEqual(["0", "1"]);
  });

  it("are kept when already issued in this experience", async () => {
    const active = await activateAbTest();
    const [a] = active.variants;

    const draft = await postVersion({
      status: "DRAFT",
      variants: [a, { __type: "ABTestVariant", name: "New" }],
    });

    expect(draft.body.variants.map((v: Json) => v.shortUid)).toEqual([
      "0",
      "2",
    ]);
  });

  it("are never reused, even after their version is deleted", async () => {
    await activateAbTest();
    const draft = await postVersion({
      status: "DRAFT",
      variants: abVariants("C", "D"),
    });
    await world.api.delete(
      `/experiences/${abTest.uid}/versions/${draft.body.uid}`,
    );

    const next = await postVersion({
      status: "DRAFT",
      variants: abVariants("E"),
    });

    expect(next.body.variants[0].shortUid).toBe("4");
  });

  it("are replaced when the experience never issued them", async () => {
    const answer = await putVersion(abTest.latestVersion, {
      status: "DRAFT",
      variants: [{ __type: "ABTestVariant", name: "A", shortUid: "7" }],
    });

    expect(answer.body.variants[0].shortUid).toBe("0");
  });

  it("are issued anew on each DRAFT edit that sends none", async () => {
    await putVersion(abTest.latestVersion, {
      status: "DRAFT",
      variants: abVariants("A"),
    });

    const answer = await putVersion(abTest.latestVersion, {
      status: "DRAFT",
      variants: abVariants("A"),
    });

    expect(answer.body.variants[0].shortUid).toBe("1");
  });
});

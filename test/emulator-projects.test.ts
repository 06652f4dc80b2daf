import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "./emulator/test-client.ts";

const OBJECT_ID = /^[0-9a-f]{24}$/;
const PRESET_KEYS = [
  "COUNTRY",
  "REGION",
  "CITY",
  "DEVICE_TYPE",
  "OPERATING_SYSTEM",
  "QUERY_PARAMETERS",
  "REFERRER",
  "DATE_AND_TIME",
];

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  await world.emulator.close();
});

describe("projects", () => {
  it("creates a project with a 24-hex uid equal to its _id", async () => {
    const answer = await world.org.post("/projects", {
      name: "Staging",
      description: "Pre-production",
      connectedStackApiKey: "blt0123456789abcdef",
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      name: "Staging",
      description: "Pre-production",
      organizationUid: world.organizationUid,
      connectedStackApiKey: "blt0123456789abcdef",
    });
    expect(answer.body.uid).toMatch(OBJECT_ID);
    expect(answer.body._id).toBe(answer.body.uid);
  });

  it("lists the organization's projects as a bare array", async () => {
    await world.org.post("/projects", { name: "Staging" });

    const answer = await world.org.get("/projects");

    expect(Array.isArray(answer.body)).toBe(true);
    expect(
      answer.body.map((project: { name: string }) => project.name),
    ).toEqual(["Website", "Staging"]);
  });

  it("filters projects by connected stack", async () => {
    await world.org.post("/projects", {
      name: "Staging",
      connectedStackApiKey: "bltstaging",
    });

    const answer = await world.org.get(
      "/projects?connectedStackApiKey=bltstaging",
    );

    expect(answer.body).toHaveLength(1);
    expect(answer.body[0].name).toBe("Staging");
  });

  it("refuses a second project with the same name in an organization", async () => {
    const answer = await world.org.post("/projects", { name: "Website" });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.PROJECTS.DUPLICATE_NAME");
  });

  it("allows the same project name in another organization", async () => {
    const { emulator } = world;
    const other = emulator.addOrganization("Other");
    const token = emulator.addUser({ organizations: [other] });

    const answer = await world.org
      .with({ token, organizationUid: other })
      .post("/projects", { name: "Website" });

    expect(answer.status).toBe(201);
  });

  it("refuses projects beyond the organization's limit", async () => {
    await world.org.post("/projects", { name: "Two" });
    await world.org.post("/projects", { name: "Three" });

    const answer = await world.org.post("/projects", { name: "Four" });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.PROJECTS.LIMIT_EXCEEDED");
  });

  it("deletes a project, after which its routes answer 404", async () => {
    const answer = await world.org.delete(`/projects/${world.projectUid}`);

    expect(answer.status).toBe(204);
    expect((await world.api.get("/attributes")).status).toBe(404);
  });

  it("ignores unknown body fields", async () => {
    const answer = await world.org.post("/projects", {
      name: "Staging",
      plan: "enterprise",
    });

    expect(answer.body).not.toHaveProperty("plan");
  });
});

describe("preset attributes", () => {
  it("come with every new project", async () => {
    const created = await world.org.post("/projects", { name: "Staging" });

    const answer = await world.api
      .with({ projectUid: created.body.uid })
      .get("/attributes");

    expect(
      answer.body.map((attribute: { key: string }) => attribute.key),
    ).toEqual(PRESET_KEYS);
    for (const attribute of answer.body) {
      expect(attribute.__type).toBe("PRESET");
      expect(attribute.uid).toMatch(OBJECT_ID);
      expect(attribute.project).toBe(created.body.uid);
    }
  });

  it("cannot be updated", async () => {
    const [country] = (await world.api.get("/attributes")).body;

    const answer = await world.api.put(`/attributes/${country.uid}`, {
      name: "Nation",
      key: "COUNTRY",
    });

    expect(answer.status).toBe(400);
  });

  it("cannot be deleted", async () => {
    const [country] = (await world.api.get("/attributes")).body;

    const answer = await world.api.delete(`/attributes/${country.uid}`);

    expect(answer.status).toBe(400);
    expect((await world.api.get("/attributes")).body).toHaveLength(8);
  });
});

describe("entities", () => {
  it("carry uid, _id, project and audit fields set by the server", async () => {
    const answer = await world.api.post("/events", {
      key: "signup",
      uid: "mine",
      createdBy: "someone",
    });

    expect(answer.status).toBe(201);
    const event = answer.body;
    expect(event.uid).toMatch(OBJECT_ID);
    expect(event._id).toBe(event.uid);
    expect(event.project).toBe(world.projectUid);
    expect(event.createdBy).toMatch(/^blt[0-9a-f]{16}$/);
    expect(event.updatedBy).toBe(event.createdBy);
    expect(Date.parse(event.createdAt)).not.toBeNaN();
    expect(event.updatedAt).toBe(event.createdAt);
  });

  it("are listed as bare arrays in creation order", async () => {
    for (const key of ["b", "a", "c"]) await world.api.post("/events", { key });

    const answer = await world.api.get("/events");

    expect(answer.body.map((event: { key: string }) => event.key)).toEqual([
      "b",
      "a",
      "c",
    ]);
  });

  it("answer 200 to an update and 204 with no body to a delete", async () => {
    const created = await world.api.post("/events", { key: "signup" });
    const path = `/events/${created.body.uid}`;

    const updated = await world.api.put(path, { key: "sign_up" });
    const deleted = await world.api.delete(path);

    expect(updated.status).toBe(200);
    expect(updated.body.key).toBe("sign_up");
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeUndefined();
  });
});

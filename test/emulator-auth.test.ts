import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ApiClient, startWorld, type World } from "./emulator/test-client.ts";

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  await world.emulator.close();
});

describe("authentication", () => {
  it("answers 401 personalize.AUTH.UNAUTHORIZED without a token", async () => {
    const anonymous = world.api.with({ token: "" });

    const answer = await anonymous.get("/attributes");

    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe("personalize.AUTH.UNAUTHORIZED");
    expect(Object.values(answer.body.errors)).toContain(
      "You're not allowed in here unless you're logged in.",
    );
  });

  it("answers 401 to an unknown token", async () => {
    const answer = await world.api
      .with({ token: "x".repeat(48) })
      .get("/events");

    expect(answer.status).toBe(401);
  });

  it("accepts an authtoken only in the authtoken header", async () => {
    const asBearer = world.api.with({ authType: "oauth" });

    expect((await world.api.get("/events")).status).toBe(200);
    expect((await asBearer.get("/events")).status).toBe(401);
  });

  it("accepts an OAuth token only as a Bearer token", async () => {
    const { emulator, organizationUid, projectUid } = world;
    const token = emulator.addUser({
      organizations: [organizationUid],
      authType: "oauth",
    });
    const oauth = new ApiClient(emulator.url, {
      token,
      authType: "oauth",
      projectUid,
    });

    expect((await oauth.get("/events")).status).toBe(200);
    expect(
      (await oauth.with({ authType: "authtoken" }).get("/events")).status,
    ).toBe(401);
  });

  it("answers 403 on a project of an organization the user is not in", async () => {
    const { emulator } = world;
    const otherOrganization = emulator.addOrganization("Other");
    const outsider = emulator.addUser({ organizations: [otherOrganization] });

    const answer = await world.api.with({ token: outsider }).get("/attributes");

    expect(answer.status).toBe(403);
  });

  it("answers 403 on /projects of an organization the user is not in", async () => {
    const otherOrganization = world.emulator.addOrganization("Other");

    const answer = await world.org
      .with({ organizationUid: otherOrganization })
      .get("/projects");

    expect(answer.status).toBe(403);
  });
});

describe("scope headers", () => {
  it("answers 400 when a project route has no x-project-uid", async () => {
    const answer = await world.org.get("/attributes");

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      "personalize.PROJECTS.PROJECT_UID_REQUIRED",
    );
  });

  it("reads the x-project-uid header whatever its case", async () => {
    const answer = await world.org.send("GET", "/attributes", {
      headers: { "X-Project-Uid": world.projectUid },
    });

    expect(answer.status).toBe(200);
  });

  it("answers 404 personalize.PROJECTS.NOT_FOUND for an unknown project", async () => {
    const answer = await world.api
      .with({ projectUid: "0123456789abcdef01234567" })
      .get("/experiences");

    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe("personalize.PROJECTS.NOT_FOUND");
  });

  it("answers 400 when /projects has no organization_uid", async () => {
    const answer = await world.api.get("/projects");

    expect(answer.status).toBe(400);
  });
});

describe("request format", () => {
  it("answers an unknown route 404 Cannot METHOD /path", async () => {
    const answer = await world.api.get("/variants");

    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe("Cannot GET /variants");
  });

  it("has no route to read a single version", async () => {
    const experience = await world.api.post("/experiences", {
      name: "Banner",
      __type: "SEGMENTED",
    });
    const { uid, latestVersion } = experience.body;

    const answer = await world.api.get(
      `/experiences/${uid}/versions/${latestVersion}`,
    );

    expect(answer.status).toBe(404);
    expect(answer.body.message).toBe(
      `Cannot GET /experiences/${uid}/versions/${latestVersion}`,
    );
  });

  it("refuses a POST that is not application/json", async () => {
    const answer = await world.api.send("POST", "/events", {
      rawBody: JSON.stringify({ key: "signup" }),
      headers: { "content-type": "text/plain" },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe(
      "personalize.REQUEST.INVALID_CONTENT_TYPE",
    );
  });

  it("refuses a body that is not valid JSON", async () => {
    const answer = await world.api.send("PUT", "/experiences-priority", {
      rawBody: "{priorityOrder:",
      headers: { "content-type": "application/json" },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.message).toBe("personalize.REQUEST.INVALID_JSON");
  });

  it("accepts a charset parameter on the content type", async () => {
    const answer = await world.api.send("POST", "/events", {
      rawBody: JSON.stringify({ key: "signup" }),
      headers: { "content-type": "application/json; charset=utf-8" },
    });

    expect(answer.status).toBe(201);
  });

  it("answers errors as { message: code, errors: { field: text } }", async () => {
    const answer = await world.api.post("/events", { description: "no key" });

    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      message: "personalize.EVENTS.KEY_REQUIRED",
      errors: { key: expect.any(String) },
    });
  });
});

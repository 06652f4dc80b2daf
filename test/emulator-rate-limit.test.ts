import { afterEach, describe, expect, it } from "vitest";
import { ApiClient, startWorld, type World } from "./emulator/test-client.ts";

let world: World;
/** The emulator's clock (ms): tests move time instead of waiting. */
let now = 0;

async function start(rateLimit?: number): Promise<World> {
  now = 0;
  world = await startWorld({ rateLimit, clock: () => now });
  return world;
}

afterEach(async () => {
  await world.emulator.close();
});

async function statuses(client: ApiClient, count: number): Promise<number[]> {
  const answers: number[] = [];
  for (let index = 0; index < count; index += 1) {
    answers.push((await client.get("/events")).status);
  }
  return answers;
}

describe("rate limit", () => {
  it("defaults to 10 requests a second per organization", async () => {
    const { api } = await start();

    expect(await statuses(api, 11)).toEqual([...Array(10).fill(200), 429]);
  });

  it("answers 429 personalize.RATE_LIMIT_EXCEEDED with no Retry-After", async () => {
    const { api, emulator } = await start(2);
    await statuses(api, 2);

    const answer = await api.get("/events");

    expect(answer.status).toBe(429);
    expect(answer.body.message).toBe("personalize.RATE_LIMIT_EXCEEDED");
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(emulator.requests.at(-1)).toMatchObject({
      status: 429,
      rateLimited: true,
    });
  });

  it("counts reads and writes together", async () => {
    const { api } = await start(2);
    await api.post("/events", { key: "signup" });
    await api.get("/events");

    const answer = await api.post("/events", { key: "checkout" });

    expect(answer.status).toBe(429);
  });

  it("counts each organization apart", async () => {
    const { api, emulator } = await start(2);
    const other = emulator.addOrganization("Other");
    const token = emulator.addUser({ organizations: [other] });
    const otherProject = emulator.createProject(other, { name: "Other site" });
    const otherApi = new ApiClient(emulator.url, {
      token,
      projectUid: otherProject,
    });
    await statuses(api, 3);

    expect(await statuses(otherApi, 2)).toEqual([200, 200]);
  });

  it("counts /projects against the organization_uid header", async () => {
    const { api, org, organizationUid, emulator } = await start(2);
    await statuses(api, 2);

    const answer = await org.get("/projects");

    expect(answer.status).toBe(429);
    expect(emulator.requests.at(-1)?.organizationUid).toBe(organizationUid);
  });

  it("slides: a request leaves the window 1000 ms after it arrived", async () => {
    const { api } = await start(2);
    now = 0;
    await api.get("/events");
    now = 600;
    await api.get("/events");

    now = 999;
    const stillFull = await api.get("/events");
    now = 1000;
    const freed = await api.get("/events");

    expect(stillFull.status).toBe(429);
    expect(freed.status).toBe(200);
  });

  it("does not count a request it refused", async () => {
    const { api } = await start(2);
    now = 0;
    await api.get("/events");
    now = 600;
    await api.get("/events");
    now = 700;
    expect((await api.get("/events")).status).toBe(429);

    // Were the refused request counted, the window would still be full.
    now = 1000;
    const answer = await api.get("/events");

    expect(answer.status).toBe(200);
  });

  it("can be disabled with 0", async () => {
    const { api } = await start(0);

    expect(await statuses(api, 30)).not.toContain(429);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "./emulator/test-client.ts";

let world: World;

beforeEach(async () => {
  world = await startWorld();
});

afterEach(async () => {
  await world.emulator.close();
});

async function eventKeys(): Promise<string[]> {
  const answer = await world.api.get("/events");
  return answer.body.map((event: { key: string }) => event.key);
}

async function elapsed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

describe("latency", () => {
  it("delays every response by the fault's latency", async () => {
    world.emulator.faults.set({ latencyMs: 40 });

    const took = await elapsed(() => world.api.get("/events"));

    expect(took).toBeGreaterThanOrEqual(39);
  });

  it("adds the emulator's own latency option", async () => {
    const slow = await startWorld({ latencyMs: 40 });

    const took = await elapsed(() => slow.api.get("/events"));
    await slow.emulator.close();

    expect(took).toBeGreaterThanOrEqual(39);
  });
});

describe("server errors", () => {
  it("answer 500, 502 and 503 in turn without applying the request", async () => {
    world.emulator.faults.set({ serverErrorRate: 1 });
    const statuses: number[] = [];
    for (const key of ["a", "b", "c", "d"]) {
      statuses.push((await world.api.post("/events", { key })).status);
    }
    world.emulator.faults.reset();

    expect(statuses).toEqual([500, 502, 503, 500]);
    expect(await eventKeys()).toEqual([]);
    expect(world.emulator.requests.filter((r) => r.applied)).toEqual([]);
  });

  it("hit the same requests for the same random seed", async () => {
    async function run(): Promise<number[]> {
      const seeded = await startWorld({ randomSeed: 7 });
      seeded.emulator.faults.set({ serverErrorRate: 0.5 });
      const statuses: number[] = [];
      for (let index = 0; index < 12; index += 1) {
        statuses.push((await seeded.api.get("/events")).status);
      }
      await seeded.emulator.close();
      return statuses;
    }

    const first = await run();

    expect(await run()).toEqual(first);
    expect(first).toContain(200);
    expect(first.some((status) => status >= 500)).toBe(true);
  });

  it("only hit requests the match names", async () => {
    world.emulator.faults.set({
      serverErrorRate: 1,
      match: { method: "post", pathPrefix: "/events" },
    });

    const post = await world.api.post("/events", { key: "signup" });
    const get = await world.api.get("/events");
    const other = await world.api.post("/attributes", { name: "A", key: "a" });

    expect(post.status).toBeGreaterThanOrEqual(500);
    expect(get.status).toBe(200);
    expect(other.status).toBe(201);
  });
});

describe("429 bursts", () => {
  it("answer the next requests 429 without Retry-After", async () => {
    world.emulator.faults.set({ rateLimitBurst: { count: 2 } });

    const first = await world.api.get("/events");
    const second = await world.api.get("/events");
    const third = await world.api.get("/events");

    expect([first.status, second.status, third.status]).toEqual([
      429, 429, 200,
    ]);
    expect(first.headers.get("retry-after")).toBeNull();
    expect(world.emulator.requests[0]?.rateLimited).toBe(true);
  });

  it("send Retry-After when asked to", async () => {
    world.emulator.faults.set({
      rateLimitBurst: { count: 1, retryAfterSeconds: 3 },
    });

    const answer = await world.api.get("/events");

    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe("3");
  });

  it("do not use up the rate limit window", async () => {
    const limited = await startWorld({ rateLimit: 2, clock: () => 0 });
    limited.emulator.faults.set({ rateLimitBurst: { count: 3 } });
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      statuses.push((await limited.api.get("/events")).status);
    }
    await limited.emulator.close();

    expect(statuses).toEqual([429, 429, 429, 200, 200, 429]);
  });
});

describe("ambiguous writes", () => {
  it("apply every Nth write, then answer 502", async () => {
    world.emulator.faults.set({ ambiguousWrites: { every: 2, mode: "502" } });

    const first = await world.api.post("/events", { key: "a" });
    const second = await world.api.post("/events", { key: "b" });

    expect([first.status, second.status]).toEqual([201, 502]);
    expect(await eventKeys()).toEqual(["a", "b"]);
    expect(world.emulator.requests[1]).toMatchObject({
      status: 502,
      applied: true,
    });
  });

  it("apply the write, then drop the connection without answering", async () => {
    world.emulator.faults.set({ ambiguousWrites: { every: 1, mode: "drop" } });

    await expect(world.api.post("/events", { key: "a" })).rejects.toThrow();

    world.emulator.faults.reset();
    expect(await eventKeys()).toEqual(["a"]);
    expect(world.emulator.requests[0]).toMatchObject({
      status: 0,
      applied: true,
    });
  });

  it("stop after the limit", async () => {
    world.emulator.faults.set({
      ambiguousWrites: { every: 1, mode: "502", limit: 1 },
    });

    const first = await world.api.post("/events", { key: "a" });
    const second = await world.api.post("/events", { key: "b" });

    expect([first.status, second.status]).toEqual([502, 201]);
  });

  it("count only writes that were applied", async () => {
    world.emulator.faults.set({ ambiguousWrites: { every: 2, mode: "502" } });

    await world.api.post("/events", { key: "a" });
    const refused = await world.api.post("/events", { key: "a" });
    await world.api.get("/events");
    const second = await world.api.post("/events", { key: "b" });

    expect(refused.status).toBe(400);
    expect(second.status).toBe(502);
  });
});

describe("a crash after N writes", () => {
  it("answers 500 to every later write and applies none of them", async () => {
    world.emulator.faults.set({ failWritesAfter: 2 });

    const statuses: number[] = [];
    for (const key of ["a", "b", "c", "d"]) {
      statuses.push((await world.api.post("/events", { key })).status);
    }

    expect(statuses).toEqual([201, 201, 500, 500]);
    expect(await eventKeys()).toEqual(["a", "b"]);
  });

  it("counts writes from the set() call", async () => {
    await world.api.post("/events", { key: "before" });
    world.emulator.faults.set({ failWritesAfter: 1 });

    const first = await world.api.post("/events", { key: "a" });
    const second = await world.api.post("/events", { key: "b" });

    expect([first.status, second.status]).toEqual([201, 500]);
  });
});

describe("slow requests", () => {
  it("hold the next answers long enough for a client timeout", async () => {
    world.emulator.faults.set({ slowRequests: { count: 1, delayMs: 300 } });

    const slow = fetch(`${world.emulator.url}/events`, {
      headers: { authtoken: world.token, "x-project-uid": world.projectUid },
      signal: AbortSignal.timeout(30),
    });

    await expect(slow).rejects.toThrow();
    const took = await elapsed(() => world.api.get("/events"));
    expect(took).toBeLessThan(300);
  });
});

describe("reset", () => {
  it("returns to no fault", async () => {
    world.emulator.faults.set({ serverErrorRate: 1, latencyMs: 500 });

    world.emulator.faults.reset();

    expect((await world.api.get("/events")).status).toBe(200);
  });
});

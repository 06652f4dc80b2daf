import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { PersonalizeClient } from "../src/personalize/client.ts";
import { RequestBudget } from "../src/personalize/request-budget.ts";
import { cappedProject } from "./fixtures/capped-project.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import type { ScriptedServer } from "./support/http-script.ts";
import { startScriptedServer } from "./support/http-script.ts";
import { openClient } from "./support/open-client.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import { FAST_RETRIES, startTwoRegions } from "./support/two-regions.ts";

/** A deadline far shorter than the slow answers below. */
const TIMEOUT_MS = 200;
const SLOW_MS = 700;
const SHORT_DEADLINE = { ...FAST_RETRIES, timeoutMs: TIMEOUT_MS };

/**
 * Writes a clean clone of `cappedProject(4)` makes: 16 creates (4 of each
 * type), 8 version writes (2 for each ACTIVE+DRAFT and each PAUSED
 * experience) and the priority.
 */
const WRITES_OF_A_CLONE = 16 + 8 + 1;

describe("a client with a limit on requests in flight", () => {
  let server: ScriptedServer | undefined;
  const ANSWER_MS = 120;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Sends three GETs at once to a server that answers each in 120 ms. */
  async function arrivalsWith(maxInFlight: number | undefined) {
    const scripted = await startScriptedServer();
    server = scripted;
    scripted.respondWith(() => ({ body: [], delayMs: ANSWER_MS }));
    const api = openClient({
      baseUrl: server.url,
      token: "t",
      ...(maxInFlight === undefined ? {} : { maxInFlight }),
    });
    await Promise.all(
      ["/attributes", "/events", "/audiences"].map((path) =>
        api.request({ method: "GET", path, schema: z.array(z.unknown()) }),
      ),
    );
    const first = scripted.requests[0]?.arrivedAt ?? 0;
    return scripted.requests.map((r) => r.arrivedAt - first);
  }

  it("sends the next request only once the answer before it arrived, at 1", async () => {
    const [, second, third] = await arrivalsWith(1);

    expect(second).toBeGreaterThanOrEqual(ANSWER_MS - 5);
    expect(third).toBeGreaterThanOrEqual(2 * ANSWER_MS - 10);
  });

  it("lets two wait for answers together, at 2", async () => {
    const [, second, third] = await arrivalsWith(2);

    expect(second).toBeLessThan(ANSWER_MS - 5);
    expect(third).toBeGreaterThanOrEqual(ANSWER_MS - 5);
  });

  it("sends everything at once without a limit", async () => {
    const [, second, third] = await arrivalsWith(undefined);

    expect(second).toBeLessThan(ANSWER_MS - 5);
    expect(third).toBeLessThan(ANSWER_MS - 5);
  });

  it("refuses a limit below one", () => {
    expect(
      () =>
        new PersonalizeClient({
          side: "source",
          baseUrl: "http://127.0.0.1:1",
          token: "t",
          authType: "authtoken",
          budget: new RequestBudget(10),
          maxInFlight: 0,
        }),
    ).toThrow(/maxInFlight must be a whole number of at least 1, not 0/);
  });
});

describe("a clone through answers slower than the client's deadline", () => {
  let regions: TwoRegions;

  afterEach(async () => {
    await regions.close();
  });

  it("retries reads that time out on both sides", async () => {
    regions = await startTwoRegions(cappedProject(4), { rateLimit: 0 });
    const slowReads = { count: 3, delayMs: SLOW_MS };
    regions.source.faults.set({
      slowRequests: slowReads,
      match: { method: "GET" },
    });
    regions.destination.faults.set({
      slowRequests: slowReads,
      match: { method: "GET" },
    });

    const result = await regions.clone({}, SHORT_DEADLINE);

    expect(result.verify?.identical).toBe(true);
    const timeouts = result.log.filter((line) =>
      line.includes(`(no answer within ${TIMEOUT_MS} ms); retrying`),
    );
    expect(timeouts).toHaveLength(6);
    expectExactClone(regions);
  });

  const writes = [
    { kind: "POST /attributes", method: "POST", prefix: "/attributes" },
    { kind: "POST /audiences", method: "POST", prefix: "/audiences" },
    { kind: "POST /experiences", method: "POST", prefix: "/experiences" },
    { kind: "PUT a version", method: "PUT", prefix: "/experiences/" },
    {
      kind: "PUT /experiences-priority",
      method: "PUT",
      prefix: "/experiences-priority",
    },
  ];

  it.each(writes)(
    "reconciles a $kind that was applied but answered too late, without repeating it",
    async ({ method, prefix }) => {
      regions = await startTwoRegions(cappedProject(4), { rateLimit: 0 });
      regions.destination.faults.set({
        slowRequests: { count: 1, delayMs: SLOW_MS },
        match: { method, pathPrefix: prefix },
      });

      const result = await regions.clone({}, SHORT_DEADLINE);

      expect(result.verify?.identical).toBe(true);
      expect(result.log.join("\n")).toMatch(/did not confirm/);
      const late = regions.destination.requests.filter(
        (r) => r.method === method && r.path.startsWith(prefix) && r.applied,
      );
      expect(late.length).toBeGreaterThan(0);
      regions.destination.faults.reset();
      expectExactClone(regions);
      // Every write of the clone landed exactly once: none was repeated.
      const applied = regions.destination.requests.filter((r) => r.applied);
      expect(applied).toHaveLength(WRITES_OF_A_CLONE);
    },
  );
});

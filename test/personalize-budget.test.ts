import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import type { PersonalizeClient } from "../src/personalize/client.ts";
import { RequestBudget } from "../src/personalize/request-budget.ts";
import {
  type ScriptedServer,
  startScriptedServer,
} from "./support/http-script.ts";
import { openClient } from "./support/open-client.ts";

describe("RequestBudget", () => {
  it("grants up to the limit at once, then waits for the window to slide", async () => {
    const budget = new RequestBudget(2, { windowMs: 100, marginMs: 0 });
    const started = performance.now();
    const grantedAt: number[] = [];

    await Promise.all(
      [0, 1, 2, 3].map(async (index) => {
        await budget.acquire();
        grantedAt[index] = performance.now() - started;
      }),
    );

    expect(grantedAt[0]).toBeLessThan(90);
    expect(grantedAt[1]).toBeLessThan(90);
    // Timers may fire up to a millisecond early; the budget re-checks.
    expect(grantedAt[2]).toBeGreaterThanOrEqual(99);
    expect(grantedAt[3]).toBeGreaterThanOrEqual(99);
    expect(budget.granted).toBe(4);
  });

  it("serves waiters in the order they asked", async () => {
    const budget = new RequestBudget(1, { windowMs: 10, marginMs: 0 });
    const order: number[] = [];

    await Promise.all(
      [0, 1, 2, 3, 4].map(async (index) => {
        await budget.acquire();
        order.push(index);
      }),
    );

    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it("adds the margin to the window", async () => {
    const budget = new RequestBudget(1, { windowMs: 40, marginMs: 40 });
    await budget.acquire();
    const started = performance.now();

    await budget.acquire();

    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });

  it("grants nothing while it holds off", async () => {
    const budget = new RequestBudget(10, { windowMs: 1000, marginMs: 0 });
    await budget.acquire();
    budget.holdOff(60);
    const started = performance.now();

    await budget.acquire();

    // Timers may fire up to a millisecond early; the budget re-checks.
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    expect(budget.granted).toBe(2);
  });

  it("refuses a limit below one", () => {
    expect(() => new RequestBudget(0)).toThrow(RangeError);
  });
});

describe("RequestBudget over HTTP", () => {
  let server: ScriptedServer;

  beforeEach(async () => {
    server = await startScriptedServer();
    server.respondWith(() => ({ body: [] }));
  });

  afterEach(async () => {
    await server.close();
  });

  function connect(budget: RequestBudget): PersonalizeClient {
    return openClient({
      side: "destination",
      baseUrl: server.url,
      token: "t",
      budget,
    });
  }

  /** The fewest ms between a request and the `limit`-th one after it. */
  function tightestWindow(limit: number): number {
    const arrivals = server.requests
      .map((r) => r.arrivedAt)
      .sort((a, b) => a - b);
    let tightest = Number.POSITIVE_INFINITY;
    for (let i = 0; i + limit < arrivals.length; i += 1) {
      const span = (arrivals[i + limit] as number) - (arrivals[i] as number);
      tightest = Math.min(tightest, span);
    }
    return tightest;
  }

  it("never lets the server see more than the limit in any window", async () => {
    const budget = new RequestBudget(5, { windowMs: 200, marginMs: 50 });
    const client = connect(budget);
    const started = performance.now();

    await Promise.all(
      Array.from({ length: 15 }, () =>
        client.request({ method: "GET", path: "/events", schema: z.unknown() }),
      ),
    );

    expect(server.requests).toHaveLength(15);
    expect(tightestWindow(5)).toBeGreaterThanOrEqual(200);
    // Three bursts of five, 250 ms apart: not slower than it must be.
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it("holds every request to the organization back after a 429", async () => {
    const budget = new RequestBudget(100, { windowMs: 1000, marginMs: 0 });
    let isFirst = true;
    server.respondWith(() => {
      if (!isFirst) return { body: [] };
      isFirst = false;
      return { status: 429, headers: { "retry-after": "0.1" }, body: {} };
    });
    let other: Promise<unknown> | undefined;
    const client = openClient({
      side: "destination",
      baseUrl: server.url,
      token: "t",
      budget,
      // Called once the 429 is in: a request started now must wait too.
      log: {
        debug: () => {},
        info: () => {
          other = client.request({
            method: "GET",
            path: "/audiences",
            schema: z.unknown(),
          });
        },
      },
    });

    await client.request({
      method: "GET",
      path: "/events",
      schema: z.unknown(),
    });
    await other;

    const [refused, ...rest] = server.requests.map((r) => r.arrivedAt);
    expect(rest).toHaveLength(2);
    for (const arrivedAt of rest) {
      expect(arrivedAt - (refused as number)).toBeGreaterThanOrEqual(95);
    }
  });

  it("holds clients that share a budget to one limit together", async () => {
    const budget = new RequestBudget(3, { windowMs: 150, marginMs: 30 });
    const reader = connect(budget);
    const writer = connect(budget);

    await Promise.all(
      Array.from({ length: 4 }, () => [
        reader.request({ method: "GET", path: "/events", schema: z.unknown() }),
        writer.request({
          method: "POST",
          path: "/events",
          body: {},
          schema: z.unknown(),
        }),
      ]).flat(),
    );

    expect(server.requests).toHaveLength(8);
    expect(tightestWindow(3)).toBeGreaterThanOrEqual(150);
    expect(budget.granted).toBe(8);
  });
});

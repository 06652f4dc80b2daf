import { afterEach, describe, expect, it } from "vitest";
import { CloneFailure } from "../src/clone/clone-failure.ts";
import { PersonalizeApiError } from "../src/personalize/errors.ts";
import type { Emulator } from "./emulator/index.ts";
import { cappedProject } from "./fixtures/capped-project.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import {
  FAST_RETRIES,
  startTwoRegions,
  writesTo,
} from "./support/two-regions.ts";

const SEED = cappedProject(4);

/** 429s in a row; enough attempts that no single request runs out. */
const STORM = 20;
const PATIENT = { ...FAST_RETRIES, maxAttempts: 12 };

let regions: TwoRegions;

afterEach(async () => {
  await regions.close();
});

function rateLimited(emulator: Emulator): number {
  return emulator.requests.filter((r) => r.rateLimited).length;
}

/** The delays the client announced for its retries after a 429. */
function retryDelays(log: string[]): number[] {
  return log
    .map((line) => /\(429 rate limited\); retrying in (\d+) ms$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => Number(match[1]));
}

const STORMS = (["source", "destination", "both"] as const).flatMap(
  (side) =>
    [
      { side, retryAfterSeconds: 0.1, header: "Retry-After: 0.1" },
      { side, retryAfterSeconds: undefined, header: "no Retry-After" },
    ] as const,
);

describe("a storm of 429s", () => {
  it.each(STORMS)(
    "on $side, with $header, is waited out and the clone is exact",
    async ({ side, retryAfterSeconds }) => {
      regions = await startTwoRegions(SEED, { rateLimit: 0 });
      const storm = {
        rateLimitBurst: {
          count: STORM,
          ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
        },
      };
      const stormed = side === "both" ? ["source", "destination"] : [side];
      for (const name of stormed) {
        regions[name as "source" | "destination"].faults.set(storm);
      }

      const result = await regions.clone({}, PATIENT);

      expect(result.verify?.identical).toBe(true);
      expect(rateLimited(regions.source)).toBe(
        stormed.includes("source") ? STORM : 0,
      );
      expect(rateLimited(regions.destination)).toBe(
        stormed.includes("destination") ? STORM : 0,
      );
      const delays = retryDelays(result.log);
      expect(delays).toHaveLength(STORM * stormed.length);
      if (retryAfterSeconds === undefined) {
        // Jittered backoff, within the ceiling the tuning sets.
        expect(Math.max(...delays)).toBeLessThanOrEqual(
          PATIENT.retryMaxMs ?? 0,
        );
      } else {
        expect(new Set(delays)).toEqual(new Set([retryAfterSeconds * 1000]));
      }
      expectExactClone(regions);
    },
  );

  it("that outlasts every attempt on the source fails naming the source, before any write", async () => {
    regions = await startTwoRegions(SEED, { rateLimit: 0 });
    regions.source.faults.set({ rateLimitBurst: { count: 1000 } });

    const error = await regions.clone().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PersonalizeApiError);
    expect((error as Error).message).toMatch(
      /^source API refused GET \/\S+ \(429 personalize\.RATE_LIMIT_EXCEEDED\)\. Still rate limited after every attempt: something else may be using the source organization's request limit\.$/,
    );
    expect(writesTo(regions.destination)).toEqual([]);
  });

  it("that outlasts every attempt on the destination's writes stops the run, and the next run finishes it", async () => {
    regions = await startTwoRegions(SEED, { rateLimit: 0 });
    regions.destination.faults.set({
      rateLimitBurst: { count: 1000 },
      match: { method: "POST", pathPrefix: "/audiences" },
    });

    const error = await regions.clone().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CloneFailure);
    expect((error as Error).message).toMatch(
      /destination API refused POST \/audiences \(429 personalize\.RATE_LIMIT_EXCEEDED\) for audience "Audience 00\d"\. Still rate limited after every attempt/,
    );
    expect((error as CloneFailure).landed.created).toBe(8);

    regions.destination.faults.reset();
    const resumed = await regions.clone();

    expect(resumed.verify?.identical).toBe(true);
    expectExactClone(regions);
  });
});

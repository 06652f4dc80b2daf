import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cloneProject } from "../src/clone/clone-project.ts";
import { PersonalizeApiError } from "../src/personalize/errors.ts";
import type { Emulator } from "./emulator/index.ts";
import { startEmulator } from "./emulator/index.ts";
import { cappedProject } from "./fixtures/capped-project.ts";
import { cloneOptionsFor } from "./support/clone-options.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import type { ScriptedServer } from "./support/http-script.ts";
import { startScriptedServer } from "./support/http-script.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import {
  FAST_RETRIES,
  recordingLog,
  startTwoRegions,
  writesTo,
} from "./support/two-regions.ts";

const SEED = cappedProject(4);

/** Enough attempts that a 25% error rate cannot exhaust them by chance. */
const PATIENT = { ...FAST_RETRIES, maxAttempts: 12 };

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function twoRegions(): Promise<TwoRegions> {
  const regions = await startTwoRegions(SEED, { rateLimit: 0 });
  cleanups.push(() => regions.close());
  return regions;
}

function failedReads(emulator: Emulator): number {
  return emulator.requests.filter((r) => r.method === "GET" && r.status >= 500)
    .length;
}

describe("server errors on reads", () => {
  it("are retried on both sides until the clone is exact", async () => {
    const regions = await twoRegions();
    const flaky = { serverErrorRate: 0.25, match: { method: "GET" } };
    regions.source.faults.set(flaky);
    regions.destination.faults.set(flaky);

    const result = await regions.clone({}, PATIENT);

    expect(result.verify?.identical).toBe(true);
    for (const emulator of [regions.source, regions.destination]) {
      expect(failedReads(emulator)).toBeGreaterThan(0);
    }
    const failedWrites = regions.destination.requests.filter(
      (r) => r.isWrite && r.status >= 500,
    );
    expect(failedWrites).toEqual([]);
    expectExactClone(regions);
  });

  it.each(["source", "destination"] as const)(
    "that never end on the %s fail naming the side and the endpoint, before any write",
    async (side) => {
      const regions = await twoRegions();
      regions[side].faults.set({
        serverErrorRate: 1,
        match: { method: "GET" },
      });

      const error = await regions.clone().catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PersonalizeApiError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^${side} API failed on GET /\\S+ \\(50[023] [^)]+\\)(: [^.]+)?\\. ` +
            "The API failed on every attempt: try again later\\.$",
        ),
      );
      expect(writesTo(regions.destination)).toEqual([]);
    },
  );
});

describe("connections that drop", () => {
  it("after a write landed, on every other write, with 5xx reads on the source and a 429 burst, still give an exact clone", async () => {
    const regions = await twoRegions();
    regions.source.faults.set({
      serverErrorRate: 0.25,
      match: { method: "GET" },
    });
    regions.destination.faults.set({
      ambiguousWrites: { every: 2, mode: "drop" },
      rateLimitBurst: { count: 6 },
    });

    const result = await regions.clone({}, PATIENT);

    expect(result.verify?.identical).toBe(true);
    const dropped = regions.destination.requests.filter(
      (r) => r.applied && r.status === 0,
    );
    expect(dropped.length).toBeGreaterThanOrEqual(12);
    expectExactClone(regions);
  });

  it("on reads, before any answer, are retried", async () => {
    const source = await startScriptedServer();
    const destination = await startEmulator({ rateLimit: 0 });
    const directory = await mkdtemp(join(tmpdir(), "personalize-drop-"));
    cleanups.push(async () => {
      await Promise.all([source.close(), destination.close()]);
      await rm(directory, { recursive: true, force: true });
    });
    dropEachPathOnce(source);
    const organization = destination.addOrganization("Prod");
    const projectUid = destination.createProject(organization, {
      name: "Production",
    });
    const log = recordingLog();

    const options = cloneOptionsFor({
      source: {
        baseUrl: source.url,
        token: "source-token",
        projectUid: "source-project",
      },
      destination: {
        baseUrl: destination.url,
        token: destination.addUser({ organizations: [organization] }),
        projectUid,
        organizationUid: organization,
      },
      mappingFile: join(directory, "mapping.json"),
      maxRequestsPerSecond: 100,
    });
    const result = await cloneProject({ ...options, log }, FAST_RETRIES);

    expect(result.verify?.identical).toBe(true);
    const drops = log.lines.filter((line) =>
      /^attempt 1 of 5 for GET \/\S+ failed \(connection dropped\); retrying in \d+ ms$/.test(
        line,
      ),
    );
    expect(drops).toHaveLength(5);
    const copied = destination.snapshot(projectUid);
    expect(copied.attributes.map((a) => a.key)).toContain("plan");
    expect(copied.events.map((e) => e.key)).toEqual(["checkout"]);
  });
});

/**
 * A source project of one attribute and one event whose every list drops
 * the connection the first time it is asked for.
 */
function dropEachPathOnce(server: ScriptedServer): void {
  const answers: Record<string, unknown> = {
    "/attributes": [{ uid: "a1", key: "plan", name: "Plan", __type: "CUSTOM" }],
    "/audiences": [],
    "/events": [{ uid: "e1", key: "checkout", description: "" }],
    "/experiences": [],
    "/experiences-priority": { priorityOrder: [] },
  };
  const dropped = new Set<string>();
  server.respondWith((request) => {
    if (!dropped.has(request.path)) {
      dropped.add(request.path);
      return { destroy: true };
    }
    const body = answers[request.path];
    return body === undefined
      ? { status: 404, body: { message: "not scripted" } }
      : { body };
  });
}

import { afterEach, describe, expect, it } from "vitest";
import type { CloneOptions } from "../src/clone/types.ts";
import type { ProjectSeed, RequestRecord } from "./emulator/index.ts";
import { cappedProject } from "./fixtures/capped-project.ts";
import { expectExactClone } from "./support/expect-clone.ts";
import type { TwoRegions } from "./support/two-regions.ts";
import { destinationNamed, startTwoRegions } from "./support/two-regions.ts";

/** Both experience types, each ACTIVE+DRAFT and PAUSED. */
const SOURCE = cappedProject(4);

/** The same project, but every entity's description is out of date. */
const OUTDATED: ProjectSeed = {
  ...SOURCE,
  name: "Production",
  attributes: SOURCE.attributes?.map((a) => ({ ...a, description: "old" })),
  events: SOURCE.events?.map((e) => ({ ...e, description: "old" })),
  audiences: SOURCE.audiences?.map((a) => ({ ...a, description: "old" })),
  experiences: SOURCE.experiences?.map((e) => ({ ...e, description: "old" })),
};

type Scenario = "fresh" | "by name" | "outdated";

/** Each kind of write the engine makes, and how a fault can target it. */
const KINDS: {
  kind: string;
  scenario: Scenario;
  match: { method: string; pathPrefix: string };
}[] = [
  { kind: "POST /projects", scenario: "by name", match: post("/projects") },
  { kind: "POST /attributes", scenario: "fresh", match: post("/attributes") },
  { kind: "POST /events", scenario: "fresh", match: post("/events") },
  { kind: "POST /audiences", scenario: "fresh", match: post("/audiences") },
  {
    kind: "POST /experiences",
    scenario: "fresh",
    match: post("/experiences"),
  },
  {
    kind: "POST /experiences/{uid}/versions",
    scenario: "fresh",
    match: post("/experiences/"),
  },
  {
    kind: "PUT /experiences/{uid}/versions/{uid}",
    scenario: "fresh",
    match: put("/experiences/"),
  },
  {
    kind: "PUT /experiences-priority",
    scenario: "fresh",
    match: put("/experiences-priority"),
  },
  {
    kind: "PUT /attributes/{uid}",
    scenario: "outdated",
    match: put("/attributes/"),
  },
  { kind: "PUT /events/{uid}", scenario: "outdated", match: put("/events/") },
  {
    kind: "PUT /audiences/{uid}",
    scenario: "outdated",
    match: put("/audiences/"),
  },
  {
    kind: "PUT /experiences/{uid}",
    scenario: "outdated",
    match: put("/experiences/"),
  },
];

function post(pathPrefix: string) {
  return { method: "POST", pathPrefix };
}

function put(pathPrefix: string) {
  return { method: "PUT", pathPrefix };
}

/** `PUT /audiences/blt123` → `PUT /audiences/{uid}`. */
function kindOf(request: RequestRecord): string {
  const [, first, uid, versions, versionUid] = request.path.split("/");
  const path =
    `/${first}` +
    (uid === undefined ? "" : "/{uid}") +
    (versions === undefined ? "" : `/${versions}`) +
    (versionUid === undefined ? "" : "/{uid}");
  return `${request.method} ${path}`;
}

/** How many writes of each kind the destination applied. */
function appliedByKind(regions: TwoRegions): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of regions.destination.requests) {
    if (!request.applied) continue;
    const kind = kindOf(request);
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

async function start(scenario: Scenario): Promise<TwoRegions> {
  return startTwoRegions(SOURCE, {
    rateLimit: 0,
    ...(scenario === "outdated" ? { destinationSeed: OUTDATED } : {}),
  });
}

function overrides(
  scenario: Scenario,
  regions: TwoRegions,
): Partial<CloneOptions> {
  return scenario === "by name" ? destinationNamed(regions, "Copy") : {};
}

/** The writes a clone makes when every answer arrives, by kind. */
async function measureCleanClone(scenario: Scenario) {
  const regions = await start(scenario);
  try {
    await regions.clone(overrides(scenario, regions));
    return appliedByKind(regions);
  } finally {
    await regions.close();
  }
}

const CLEAN: Record<Scenario, Record<string, number>> = {
  fresh: await measureCleanClone("fresh"),
  "by name": await measureCleanClone("by name"),
  outdated: await measureCleanClone("outdated"),
};

let opened: TwoRegions | undefined;

afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

describe("the clean clones the faults are measured against", () => {
  it.each(KINDS)("make at least one $kind", ({ kind, scenario }) => {
    expect(CLEAN[scenario][kind]).toBeGreaterThan(0);
  });
});

const CASES = KINDS.flatMap((target) =>
  (["502", "drop"] as const).map((mode) => ({
    ...target,
    mode,
    answer: mode === "502" ? "answered 502" : "whose connection drops",
  })),
);

describe("every write that lands but goes unconfirmed", () => {
  it.each(CASES)(
    "$kind $answer is reconciled, never repeated, and the clone is exact",
    async ({ kind, scenario, match, mode }) => {
      const regions = await start(scenario);
      opened = regions;
      regions.destination.faults.set({
        ambiguousWrites: { every: 1, mode },
        match,
      });

      const result = await regions.clone(overrides(scenario, regions));

      // A dropped answer is recorded with status 0.
      const lostStatus = mode === "502" ? 502 : 0;
      expect(result.verify?.identical).toBe(true);
      const unconfirmed = regions.destination.requests.filter(
        (r) => kindOf(r) === kind && r.applied && r.status === lostStatus,
      );
      expect(unconfirmed.length).toBeGreaterThan(0);
      expect(result.log.join("\n")).toMatch(/did not confirm/);
      expect(appliedByKind(regions)).toEqual(CLEAN[scenario]);

      regions.destination.faults.reset();
      expectExactClone(regions, result.destinationProjectUid);
    },
  );
});

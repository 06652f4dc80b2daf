import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProjectSeed, SeedVersion } from "./emulator/index.ts";
import { startWorld, type World } from "./emulator/test-client.ts";
import { allOf, anyOf, custom, hasAnyValue } from "./fixtures/rules.ts";

let world: World;

beforeEach(async () => {
  world = await startWorld({ maxProjectsPerOrganization: 10 });
});

afterEach(async () => {
  await world.emulator.close();
});

describe("bad seeds", () => {
  const experience = (versions: SeedVersion[]): ProjectSeed => ({
    name: "Bad",
    experiences: [{ name: "Button", __type: "AB_TEST", versions }],
  });
  const twoVariants = [{ name: "A" }, { name: "B" }];

  const cases: [string, ProjectSeed][] = [
    [
      "an unknown attribute key",
      {
        name: "Bad",
        audiences: [
          { name: "Pro", definition: allOf(hasAnyValue(custom("plan"))) },
        ],
      },
    ],
    [
      "a duplicate attribute key",
      {
        name: "Bad",
        attributes: [
          { key: "plan", name: "Plan" },
          { key: "plan", name: "Plan again" },
        ],
      },
    ],
    [
      "a Lytics audience with a definition",
      {
        name: "Bad",
        audiences: [
          {
            name: "Synced",
            source: "LYTICS",
            definition: anyOf(),
          },
        ],
      },
    ],
    [
      "an unknown audience name",
      {
        name: "Bad",
        experiences: [
          {
            name: "Hero",
            __type: "SEGMENTED",
            versions: [
              {
                status: "DRAFT",
                variants: [{ name: "X", audiences: ["Nobody"] }],
              },
            ],
          },
        ],
      },
    ],
    [
      "two live versions",
      experience([
        { status: "ACTIVE", variants: twoVariants },
        { status: "PAUSED", variants: twoVariants },
      ]),
    ],
    [
      "an ARCHIVED version without a live one",
      experience([{ status: "ARCHIVED", variants: twoVariants }]),
    ],
    [
      "a DRAFT older than the live version",
      experience([
        { status: "DRAFT", variants: [] },
        { status: "ACTIVE", variants: twoVariants },
      ]),
    ],
    [
      "a live A/B test with one variant",
      experience([{ status: "ACTIVE", variants: [{ name: "A" }] }]),
    ],
    ["a priority missing an experience", { ...experience([]), priority: [] }],
  ];

  it.each(cases)("throws on %s and keeps no project", (_, seed) => {
    const { emulator, organizationUid } = world;

    expect(() => emulator.seedProject(organizationUid, seed)).toThrow(
      /Bad seed/,
    );
    expect(() =>
      emulator.createProject(organizationUid, { name: "Bad" }),
    ).not.toThrow();
  });

  it("throws when the organization has no room for another project", () => {
    const { emulator, organizationUid } = world;
    for (let index = 2; index <= 10; index += 1) {
      emulator.createProject(organizationUid, { name: `Project ${index}` });
    }

    expect(() =>
      emulator.seedProject(organizationUid, { name: "Shop" }),
    ).toThrow(/LIMIT_EXCEEDED/);
  });
});

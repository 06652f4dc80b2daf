/** Sample plans, results and projects for the action's tests and demo. */

import type { ActionInputs } from "../../src/action/inputs.ts";
import type { CloneResult, Plan, PlanEntry } from "../../src/clone/types.ts";
import type { ProjectSeed } from "../emulator/index.ts";
import { allOf, anyOf, custom, equals, preset } from "../fixtures/rules.ts";
import { cloneOptionsFor } from "./clone-options.ts";

export const SAMPLE_DIGEST = `sha256:${"ab".repeat(32)}`;

export function samplePlan(entries: PlanEntry[] = sampleEntries()): Plan {
  return {
    source: { region: "eu", projectUid: "66f1a2b3c4d5e6f7a8b9c0d1" },
    destination: {
      region: "na",
      project: {
        uid: "77f1a2b3c4d5e6f7a8b9c0d2",
        name: "Production",
        action: "use",
      },
    },
    settings: {
      include: ["attributes", "audiences", "events", "experiences"],
      experiences: [],
      onExisting: "update",
      activation: "mirror",
    },
    entries,
    priority: {
      action: "update",
      order: ["Homepage banner", "Pricing by region"],
    },
  };
}

export function sampleEntries(): PlanEntry[] {
  return [
    {
      type: "attributes",
      sourceUid: "a1",
      label: "plan_tier",
      action: "create",
    },
    {
      type: "attributes",
      sourceUid: "a2",
      label: "age",
      action: "unchanged",
      destinationUid: "d2",
    },
    { type: "events", sourceUid: "e1", label: "checkout", action: "create" },
    {
      type: "audiences",
      sourceUid: "u1",
      label: "Returning <EU> | visitors",
      action: "update",
      destinationUid: "du1",
      reason: "definition differs",
    },
    {
      type: "audiences",
      sourceUid: "u2",
      label: "Lytics high intent",
      action: "skip",
      reason: "Lytics audience: the API cannot create it",
    },
    {
      type: "experiences",
      sourceUid: "x1",
      label: "Homepage banner",
      action: "create",
      droppedReferences: [
        'Lytics audience "Lytics high intent" in variant "VIP"',
      ],
    },
  ];
}

export function sampleResult(
  overrides: Partial<CloneResult> = {},
): CloneResult {
  return {
    plan: samplePlan(),
    planDigest: SAMPLE_DIGEST,
    destinationProjectUid: "77f1a2b3c4d5e6f7a8b9c0d2",
    counts: { created: 3, updated: 1, unchanged: 1, skipped: 1 },
    verify: { identical: true, differences: [] },
    mappingFile: "personalize-clone-mapping.json",
    dryRun: false,
    ...overrides,
  };
}

export function sampleOptions(
  overrides: Partial<ActionInputs["clone"]> = {},
): ActionInputs["clone"] {
  const defaults = cloneOptionsFor({
    source: {
      baseUrl: "https://eu-personalize-api.contentstack.com",
      region: "eu",
      projectUid: "66f1a2b3c4d5e6f7a8b9c0d1",
      token: "source-secret-token",
    },
    destination: {
      baseUrl: "https://personalize-api.contentstack.com",
      region: "na",
      projectUid: "77f1a2b3c4d5e6f7a8b9c0d2",
      token: "destination-secret-token",
      authType: "oauth",
    },
    mappingFile: "personalize-clone-mapping.json",
    maxRequestsPerSecond: 10,
  });
  return { ...defaults, ...overrides };
}

/**
 * A small staging project with the shapes a clone has to carry: nested rules
 * over custom and preset attributes, an A/B test live with a newer draft, a
 * paused segmented experience, and a priority that is not creation order.
 */
export const stagingSeed: ProjectSeed = {
  name: "Storefront staging",
  attributes: [
    { key: "plan", name: "Plan", description: "Subscription plan" },
    { key: "loyalty_tier", name: "Loyalty tier" },
  ],
  events: [
    { key: "add_to_cart", description: "Product added to the cart" },
    { key: "checkout", description: "Checkout completed" },
  ],
  audiences: [
    {
      name: "Premium in Europe",
      description: "Premium plan, or gold tier, in Germany or France",
      definition: allOf(
        anyOf(
          equals(custom("plan"), "premium"),
          equals(custom("loyalty_tier"), "gold"),
        ),
        anyOf(equals(preset("COUNTRY"), "DE"), equals(preset("COUNTRY"), "FR")),
      ),
    },
    {
      name: "Mobile visitors",
      definition: allOf(equals(preset("DEVICE_TYPE"), "MOBILE")),
    },
  ],
  experiences: [
    {
      name: "Checkout button test",
      description: "Which button colour converts better",
      __type: "AB_TEST",
      versions: [
        {
          status: "ACTIVE",
          variantSplit: "CUSTOM_PERCENTAGE",
          variants: [
            { name: "Blue", trafficDistribution: 60 },
            { name: "Green", trafficDistribution: 40 },
          ],
          metrics: [
            { __type: "Primary", name: "Checkouts", event: "checkout" },
          ],
        },
        {
          status: "DRAFT",
          variantSplit: "EQUALLY_SPLIT",
          variants: [
            { name: "Blue", trafficDistribution: 50 },
            { name: "Orange", trafficDistribution: 50 },
          ],
          metrics: [
            { __type: "Primary", name: "Checkouts", event: "checkout" },
          ],
        },
      ],
    },
    {
      name: "Homepage hero by audience",
      __type: "SEGMENTED",
      versions: [
        {
          status: "PAUSED",
          variants: [
            { name: "Premium hero", audiences: ["Premium in Europe"] },
            { name: "Mobile hero", audiences: ["Mobile visitors"] },
          ],
        },
      ],
    },
  ],
  // Not the creation order: the clone must carry the order itself.
  priority: ["Homepage hero by audience", "Checkout button test"],
};

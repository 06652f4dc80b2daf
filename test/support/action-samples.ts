/** A small plan and result, as the engine would report them. */

import type { ActionInputs } from "../../src/action/inputs.ts";
import type { CloneResult, Plan, PlanEntry } from "../../src/clone/types.ts";

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
  return {
    source: {
      baseUrl: "https://eu-personalize-api.contentstack.com",
      region: "eu",
      projectUid: "66f1a2b3c4d5e6f7a8b9c0d1",
      token: "source-secret-token",
      authType: "authtoken",
    },
    destination: {
      baseUrl: "https://personalize-api.contentstack.com",
      region: "na",
      projectUid: "77f1a2b3c4d5e6f7a8b9c0d2",
      organizationUid: "",
      projectName: "",
      stackApiKey: "",
      token: "destination-secret-token",
      authType: "oauth",
    },
    include: ["attributes", "audiences", "events", "experiences"],
    experiences: [],
    onExisting: "update",
    activation: "mirror",
    dryRun: false,
    mappingFile: "personalize-clone-mapping.json",
    maxRequestsPerSecond: 10,
    expectedPlanDigest: "",
    ...overrides,
  };
}

import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MAX_SUMMARY_BYTES,
  renderSummary,
  writeSummary,
} from "../src/action/summary.ts";
import { CloneFailure } from "../src/clone/clone-failure.ts";
import type { PlanEntry } from "../src/clone/types.ts";
import { InputError } from "../src/personalize/errors.ts";
import {
  SAMPLE_DIGEST,
  sampleOptions,
  samplePlan,
  sampleResult,
} from "./support/action-samples.ts";

const DRY_RUN_BANNER = "DRY RUN — nothing was written";

describe("the job summary", () => {
  it("shows the dry-run banner on a dry run", () => {
    const markdown = renderSummary({
      options: sampleOptions({ dryRun: true }),
      outcome: { result: sampleResult({ dryRun: true, verify: undefined }) },
      artifactName: "",
    });

    expect(markdown).toContain("> [!WARNING]");
    expect(markdown).toContain(DRY_RUN_BANNER);
    expect(markdown).toContain("#### To create (3)");
    expect(markdown).not.toContain("### Verify");
    expect(markdown).toContain("pass it as `expected-plan-digest`");
  });

  it("has no dry-run banner on a real run, and says what was done", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult() },
      artifactName: "personalize-clone",
    });

    expect(markdown).not.toContain("DRY RUN");
    expect(markdown).not.toContain("[!WARNING]");
    expect(markdown).toContain("#### Created (3)");
    expect(markdown).toContain("| attribute | plan_tier |");
    expect(markdown).toContain(
      "The destination matches the source for everything cloned.",
    );
    expect(markdown).toContain(`\`${SAMPLE_DIGEST}\``);
  });

  it("names the source and destination, region and project", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult() },
      artifactName: "",
    });

    expect(markdown).toContain(
      "| Source | `eu` | `66f1a2b3c4d5e6f7a8b9c0d1` |",
    );
    expect(markdown).toContain(
      "| Destination | `na` | `77f1a2b3c4d5e6f7a8b9c0d2` (Production) |",
    );
  });

  it("gives the reason for each skip and each dropped reference", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult() },
      artifactName: "",
    });

    expect(markdown).toContain(
      "| audience | Lytics high intent | Lytics audience: the API cannot create it |",
    );
    expect(markdown).toContain("#### References dropped (1)");
    expect(markdown).toContain(
      '| experience | Homepage banner | Lytics audience "Lytics high intent" in variant "VIP" |',
    );
  });

  it("counts each entity type per action", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult() },
      artifactName: "",
    });

    expect(markdown).toContain(
      "| Entity | Created | Updated | Unchanged | Skipped |",
    );
    expect(markdown).toContain("| Attributes | 1 | 0 | 1 | 0 |");
    expect(markdown).toContain("| Audiences | 0 | 1 | 0 | 1 |");
    expect(markdown).toContain("| **Total** | **3** | **1** | **1** | **1** |");
  });

  it("states the priority decision in order", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult() },
      artifactName: "",
    });

    expect(markdown).toContain(
      "The destination's priority was set to this order.",
    );
    expect(markdown).toContain("1. Homepage banner\n2. Pricing by region");
  });

  it("escapes names so they cannot break the table or inject HTML", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult() },
      artifactName: "",
    });

    expect(markdown).toContain("Returning &lt;EU&gt; \\| visitors");
    expect(markdown).not.toContain("<EU>");
  });

  it("lists the differences when verify found some", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: {
        result: sampleResult({
          verify: {
            identical: false,
            differences: ['audience "Returning visitors": definition differs'],
          },
        }),
      },
      artifactName: "",
    });

    expect(markdown).toContain(
      "The destination differs from the source (1 difference)",
    );
    expect(markdown).toContain(
      '- audience "Returning visitors": definition differs',
    );
  });

  it("after a failure, says what landed and how to resume", () => {
    const failure = new CloneFailure(
      'destination API refused POST /audiences (400 personalize.AUDIENCES.RULE_COUNT_EXCEEDED) for audience "Big"',
      {
        landed: { created: 2, updated: 1, unchanged: 0, skipped: 0 },
        plan: samplePlan(),
        mappingFile: "maps/production.json",
        destinationProjectUid: "77f1a2b3c4d5e6f7a8b9c0d2",
      },
    );

    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { error: failure },
      artifactName: "personalize-clone",
    });

    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toContain("RULE_COUNT_EXCEEDED");
    expect(markdown).toContain("### What landed and how to resume");
    expect(markdown).toContain("| 2 | 1 | 0 | 0 |");
    expect(markdown).toContain("`maps/production.json`");
    expect(markdown).toContain("artifact `personalize-clone`");
    expect(markdown).toContain("re-run the same workflow");
    expect(markdown).toContain("nothing\nis duplicated");
    expect(markdown).toContain("#### To create (3)");
  });

  it("after a failure before any write, says nothing was written", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: {
        error: new InputError("expected-plan-digest", "the plan changed"),
      },
      artifactName: "",
    });

    expect(markdown).toContain("Nothing was written to the destination.");
    expect(markdown).not.toContain("### Plan digest");
  });

  it("never shows a token, even one echoed in an error", () => {
    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: {
        error: new Error("refused token source-secret-token for user"),
      },
      artifactName: "",
    });

    expect(markdown).not.toContain("source-secret-token");
    expect(markdown).toContain("refused token *** for user");
  });

  it("stays under 1 MiB, saying how many rows were left out", () => {
    const entries: PlanEntry[] = Array.from({ length: 20_000 }, (_, index) => ({
      type: "audiences",
      sourceUid: `u${index}`,
      label: `Audience ${index} ${"x".repeat(80)}`,
      action: "skip",
      // Reasons differ, so no two skips fold into one row.
      reason: `reason ${index} ${"y".repeat(80)}`,
    }));

    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult({ plan: samplePlan(entries) }) },
      artifactName: "",
    });

    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES);
    expect(markdown).toMatch(
      /_\d+ more rows left out to stay within the size limit\._/,
    );
    expect(markdown).toContain("| Audiences | 0 | 0 | 0 | 20000 |");
  });

  it("folds many skips with one reason into a row, still counting each", () => {
    const presets = ["COUNTRY", "REGION", "CITY", "DEVICE_TYPE", "REFERRER"];
    const entries: PlanEntry[] = presets.map((key) => ({
      type: "attributes",
      sourceUid: key,
      label: key,
      action: "skip",
      reason: "preset attribute: every project has it",
    }));
    entries.push({
      type: "audiences",
      sourceUid: "lytics",
      label: "Lytics high value",
      action: "skip",
      reason: "Lytics audience: the API cannot create it",
    });

    const markdown = renderSummary({
      options: sampleOptions(),
      outcome: { result: sampleResult({ plan: samplePlan(entries) }) },
      artifactName: "",
    });

    expect(markdown).toContain("#### Skipped (6)");
    expect(markdown).toContain(
      "| attribute | 5 of them: COUNTRY, REGION, CITY, DEVICE_TYPE, " +
        "REFERRER | preset attribute: every project has it |",
    );
    expect(markdown).toContain(
      "| audience | Lytics high value | Lytics audience: the API cannot " +
        "create it |",
    );
  });

  it("is written to the runner's summary file", async () => {
    const directory = await mkdtemp(join(tmpdir(), "summary-"));
    const file = join(directory, "summary.md");
    await writeFile(file, "");
    process.env.GITHUB_STEP_SUMMARY = file;
    try {
      await writeSummary({
        options: sampleOptions(),
        outcome: { result: sampleResult() },
        artifactName: "",
      });
    } finally {
      delete process.env.GITHUB_STEP_SUMMARY;
    }

    expect(await readFile(file, "utf8")).toContain("## Personalize clone");
  });
});

/**
 * The job summary: what was cloned where, the plan, the verify result and
 * the plan digest; on failure, what landed and how to resume. Written once
 * per run, success or not.
 */

import * as core from "@actions/core";
import { CloneFailure } from "../clone/clone-failure.ts";
import type { ActionCounts, CloneResult, Plan } from "../clone/types.ts";
import type { ActionInputs } from "./inputs.ts";
import { cell, fitToSize, renderPlan } from "./plan-markdown.ts";
import { redact } from "./redact.ts";

/**
 * GitHub refuses step summaries over 1 MiB; stay a little under it so the
 * notes added by truncation always fit.
 */
export const MAX_SUMMARY_BYTES = 1024 * 1024 - 16 * 1024;

/** How the clone ended: a result, or the error it threw. */
export type Outcome =
  | { result: CloneResult; error?: undefined }
  | { result?: undefined; error: unknown };

export interface SummaryContext {
  options: ActionInputs["clone"];
  outcome: Outcome;
  /** The artifact the mapping file went to; empty when none was uploaded. */
  artifactName: string;
}

/** Writes the summary when the runner provides a summary file. */
export async function writeSummary(context: SummaryContext): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug("No GITHUB_STEP_SUMMARY: the job summary is not written.");
    return;
  }
  await core.summary.addRaw(renderSummary(context), true).write();
}

/** The summary as Markdown, at most `MAX_SUMMARY_BYTES`, tokens redacted. */
export function renderSummary(context: SummaryContext): string {
  const markdown = fitToSize(
    (maxRows) => renderSections(context, maxRows).join("\n\n"),
    MAX_SUMMARY_BYTES,
  );
  const { source, destination } = context.options;
  return redact(markdown, [source.token, destination.token]);
}

function renderSections(context: SummaryContext, maxRows: number): string[] {
  const { options, outcome } = context;
  const isDryRun = options.dryRun;
  const failure = outcome.error;
  const plan = outcome.result?.plan ?? planOf(failure);
  const sections = [
    isDryRun ? "## Personalize clone — dry run" : "## Personalize clone",
  ];
  if (isDryRun) {
    sections.push(
      [
        "> [!WARNING]",
        "> **DRY RUN — nothing was written.** This is the plan a run with",
        "> `dry-run: false` would carry out.",
      ].join("\n"),
    );
  }
  if (failure !== undefined) {
    sections.push(renderFailureAlert(failure));
  }
  sections.push(renderProjects(context, plan));
  if (plan !== undefined) {
    const tense = outcome.result && !isDryRun ? "done" : "planned";
    sections.push(`### Plan\n\n${renderPlan(plan, tense, maxRows)}`);
  }
  if (outcome.result?.verify !== undefined) {
    sections.push(renderVerify(outcome.result.verify, maxRows));
  }
  if (outcome.result !== undefined) {
    sections.push(renderDigest(outcome.result.planDigest, isDryRun));
  }
  if (failure !== undefined) {
    sections.push(renderResume(context, failure));
  }
  return sections;
}

/**
 * The summary of a run stopped by its inputs: the problems, and that
 * nothing was read or written. `secrets` are the token inputs as given.
 */
export async function writeInputsSummary(
  error: Error,
  secrets: readonly string[],
): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const markdown = [
    "## Personalize clone",
    renderFailureAlert(error, "The inputs are not valid."),
    "Nothing was read or written. Fix the inputs named above in the " +
      "workflow file and run it again.",
  ].join("\n\n");
  await core.summary.addRaw(redact(markdown, secrets), true).write();
}

function renderFailureAlert(
  error: unknown,
  headline = "The clone failed.",
): string {
  const message = error instanceof Error ? error.message : String(error);
  const quoted = message
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .split("\n")
    .map((line) => `> ${line}`)
    .join("\n");
  return `> [!CAUTION]\n> **${headline}**\n>\n${quoted}`;
}

function renderProjects(context: SummaryContext, plan: Plan | undefined) {
  const { source, destination } = context.options;
  const project = plan?.destination.project;
  const uid =
    context.outcome.result?.destinationProjectUid ||
    failureOf(context.outcome.error)?.destinationProjectUid ||
    destination.projectUid ||
    project?.uid ||
    "";
  const name = project?.name || destination.projectName;

  let described = uid ? `\`${uid}\`` : "";
  if (name) {
    described += described ? ` (${cell(name)})` : cell(name);
  }
  if (project?.action === "create") {
    if (context.options.dryRun) {
      described += " — would be created";
    } else {
      described += uid ? " — created by this run" : " — not created";
    }
  }

  return [
    "| | Region | Project |",
    "|---|---|---|",
    `| Source | \`${cell(source.region)}\` | \`${cell(source.projectUid)}\` |`,
    `| Destination | \`${cell(destination.region)}\` | ${described} |`,
  ].join("\n");
}

function renderVerify(
  verify: NonNullable<CloneResult["verify"]>,
  maxRows: number,
): string {
  if (verify.identical) {
    return "### Verify\n\nThe destination matches the source for everything cloned.";
  }

  const count = verify.differences.length;
  const lines = verify.differences
    .slice(0, maxRows)
    .map((difference) => `- ${cell(difference)}`);
  if (count > maxRows) {
    lines.push(`- _…and ${count - maxRows} more, left out to stay small._`);
  }
  const noun = count === 1 ? "1 difference" : `${count} differences`;
  return `### Verify\n\nThe destination differs from the source (${noun}):\n\n${lines.join("\n")}`;
}

function renderDigest(digest: string, isDryRun: boolean): string {
  const lock = isDryRun
    ? "\n\nTo make a later run write exactly this plan and nothing else, pass it as `expected-plan-digest`."
    : "";
  return `### Plan digest\n\n\`${digest}\`${lock}`;
}

function renderResume(context: SummaryContext, error: unknown): string {
  const failure = failureOf(error);
  const mappingFile = failure?.mappingFile || context.options.mappingFile;
  const where = context.artifactName
    ? ` It was uploaded in the artifact \`${cell(context.artifactName)}\`.`
    : "";

  const landed =
    failure === undefined
      ? "Nothing was written to the destination."
      : `What landed before it stopped:\n\n${renderCounts(failure.landed)}`;

  return [
    "### What landed and how to resume",
    landed,
    `The mapping file \`${cell(mappingFile)}\` records every write that landed.${where}`,
    [
      "Fix the cause above, then re-run the same workflow. The clone matches",
      "what already landed by the mapping file and by key or name, so nothing",
      "is duplicated. Keep the mapping file between runs: commit it, or",
      "download this run's artifact into the workspace before re-running.",
    ].join("\n"),
  ].join("\n\n");
}

function renderCounts(counts: ActionCounts): string {
  return [
    "| Created | Updated | Unchanged | Skipped |",
    "|---:|---:|---:|---:|",
    `| ${counts.created} | ${counts.updated} | ${counts.unchanged} | ${counts.skipped} |`,
  ].join("\n");
}

function failureOf(error: unknown): CloneFailure | undefined {
  return error instanceof CloneFailure ? error : undefined;
}

function planOf(error: unknown): Plan | undefined {
  return failureOf(error)?.plan;
}

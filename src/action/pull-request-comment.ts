/**
 * The plan as a pull-request comment: one comment per source and destination
 * pair, found again by a hidden marker and updated on every dry run, so the
 * conversation shows the current plan and not a pile of old ones.
 */

import * as core from "@actions/core";
import * as github from "@actions/github";
import type { CloneResult } from "../clone/types.ts";
import type { ActionInputs } from "./inputs.ts";
import { cell, fitToSize, renderPlan } from "./plan-markdown.ts";
import { redact } from "./redact.ts";

/** GitHub refuses comment bodies over 65,536 characters; stay under it. */
export const MAX_COMMENT_BYTES = 60_000;

/** Events whose payload carries the pull request to comment on. */
const PULL_REQUEST_EVENTS = ["pull_request", "pull_request_target"];

export interface PlanComment {
  token: string;
  /** REST API base URL, e.g. `https://api.github.com`. */
  apiUrl: string;
  owner: string;
  repo: string;
  pullRequestNumber: number;
  /** Hidden line that tells this comment apart from every other one. */
  marker: string;
  body: string;
}

/** The pull request number of the triggering event, if it has one. */
export function pullRequestNumberOf(context: {
  eventName: string;
  payload: { pull_request?: { number?: number } };
}): number | undefined {
  if (!PULL_REQUEST_EVENTS.includes(context.eventName)) {
    return undefined;
  }
  return context.payload.pull_request?.number;
}

/** The marker for one clone: from this source project to that destination. */
export function planCommentMarker(options: ActionInputs["clone"]): string {
  const { source, destination } = options;
  const target =
    destination.projectUid ||
    `${destination.organizationUid}/${destination.projectName}`;
  // Nothing in the marker may end the HTML comment early.
  const safe = (text: string) => text.replace(/--|>|</g, "_");
  return `<!-- personalize-clone-plan: ${safe(source.projectUid)} -> ${safe(target)} -->`;
}

/** The comment body: marker, heading, plan and digest. */
export function renderPlanComment(
  options: ActionInputs["clone"],
  result: CloneResult,
): string {
  const { source, destination } = options;
  const project = result.plan.destination.project;
  const target = project.uid
    ? `\`${project.uid}\``
    : `new project "${cell(project.name)}"`;

  const body = fitToSize(
    (maxRows) =>
      [
        planCommentMarker(options),
        "### Personalize clone plan (dry run)",
        `From \`${cell(source.projectUid)}\` in \`${cell(source.region)}\` to ${target} in \`${cell(destination.region)}\`. Nothing was written.`,
        renderPlan(result.plan, "planned", maxRows),
        `Plan digest: \`${result.planDigest}\``,
        "To apply exactly this plan and nothing else, pass the digest as `expected-plan-digest` to the run that writes. This comment is updated on every dry run of this pull request.",
      ].join("\n\n"),
    MAX_COMMENT_BYTES,
  );
  return redact(body, [source.token, destination.token]);
}

/**
 * Updates the comment that carries `marker`, or creates it. A failure (most
 * often a token without `pull-requests: write`) is a warning: the plan is in
 * the job summary either way.
 */
export async function postPlanComment(comment: PlanComment): Promise<void> {
  const { owner, repo, pullRequestNumber, marker, body } = comment;
  const octokit = github.getOctokit(comment.token, { baseUrl: comment.apiUrl });
  const where = `pull request #${pullRequestNumber}`;

  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: pullRequestNumber,
      per_page: 100,
    });
    const existing = comments.find((found) => found.body?.includes(marker));

    if (existing === undefined) {
      const created = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: pullRequestNumber,
        body,
      });
      core.info(`Commented the plan on ${where}: ${created.data.html_url}`);
      return;
    }

    await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: existing.id,
      body,
    });
    core.info(`Updated the plan comment on ${where}: ${existing.html_url}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    core.warning(
      `Could not comment the plan on ${where}: ${reason}. Give the job "permissions: pull-requests: write", or read the plan in the job summary.`,
    );
  }
}

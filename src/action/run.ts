/**
 * One run of the action: read the inputs, clone, then report the outcome
 * (outputs, artifact, job summary, pull-request comment) whether the clone
 * succeeded or not.
 */

import * as core from "@actions/core";
import * as github from "@actions/github";
import { CloneFailure } from "../clone/clone-failure.ts";
import { cloneProject } from "../clone/clone-project.ts";
import { uploadCloneArtifact } from "./artifact.ts";
import { runnerLog } from "./clone-log.ts";
import {
  type ActionInputs,
  getInputs,
  INPUT_DEFAULTS,
  Inputs,
  InvalidInputsError,
  SECRET_INPUTS,
} from "./inputs.ts";
import {
  setDefaultOutputs,
  setFailureOutputs,
  setResultOutputs,
} from "./outputs.ts";
import {
  planCommentMarker,
  postPlanComment,
  pullRequestNumberOf,
  renderPlanComment,
} from "./pull-request-comment.ts";
import { type Outcome, writeInputsSummary, writeSummary } from "./summary.ts";

export async function run(): Promise<void> {
  try {
    setDefaultOutputs(
      core.getInput(Inputs.MappingFile) ||
        (INPUT_DEFAULTS[Inputs.MappingFile] ?? ""),
    );
    const inputs = getInputs();

    // Errors become an outcome so that a failed clone is still reported.
    const outcome: Outcome = await cloneProject({
      ...inputs.clone,
      log: runnerLog,
    }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    await report(inputs, outcome);

    if (outcome.result === undefined) {
      throw outcome.error;
    }
  } catch (error) {
    if (error instanceof InvalidInputsError) {
      const secrets = SECRET_INPUTS.map((name) => core.getInput(name));
      await writeInputsSummary(error, secrets);
    }
    core.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function report(inputs: ActionInputs, outcome: Outcome): Promise<void> {
  const failure =
    outcome.error instanceof CloneFailure ? outcome.error : undefined;
  if (outcome.result !== undefined) {
    setResultOutputs(outcome.result);
  } else if (failure !== undefined) {
    setFailureOutputs(failure);
  }

  const isUploaded = await core.group("Upload the mapping artifact", () =>
    uploadCloneArtifact({
      name: inputs.artifactName,
      mappingFile: outcome.result?.mappingFile ?? inputs.clone.mappingFile,
      plan: outcome.result?.plan ?? failure?.plan,
    }),
  );

  await writeSummary({
    options: inputs.clone,
    outcome,
    artifactName: isUploaded ? inputs.artifactName : "",
  });

  if (outcome.result?.dryRun) {
    await commentPlan(inputs, outcome.result);
  }
}

/** On a pull request, keeps one comment with the dry run's plan. */
async function commentPlan(
  inputs: ActionInputs,
  result: NonNullable<Outcome["result"]>,
): Promise<void> {
  const pullRequestNumber = pullRequestNumberOf(github.context);
  if (pullRequestNumber === undefined) {
    return;
  }
  if (inputs.githubToken === "") {
    core.info("github-token is empty: the plan is not commented.");
    return;
  }

  const { owner, repo } = github.context.repo;
  await core.group(
    `Comment the plan on pull request #${pullRequestNumber}`,
    () =>
      postPlanComment({
        token: inputs.githubToken,
        apiUrl: github.context.apiUrl,
        owner,
        repo,
        pullRequestNumber,
        marker: planCommentMarker(inputs.clone),
        body: renderPlanComment(inputs.clone, result),
      }),
  );
}

/**
 * The workflow artifact that keeps a run's mapping file and plan, so that a
 * later run can resume from them and a reviewer can read the plan in full.
 */

import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { DefaultArtifactClient } from "@actions/artifact";
import * as core from "@actions/core";
import type { Plan } from "../clone/types.ts";

/** The plan's file name inside the artifact. */
export const PLAN_FILE_NAME = "personalize-clone-plan.json";

export interface ArtifactRequest {
  /** Artifact name; empty disables the upload. */
  name: string;
  mappingFile: string;
  /** Absent when the run failed before it made a plan. */
  plan: Plan | undefined;
}

/**
 * Uploads the mapping file (when it exists) and the plan. Never fails the
 * run: outside a runner or without a name it says why it skipped, and an
 * upload error is a warning. Returns whether an artifact was uploaded.
 */
export async function uploadCloneArtifact(
  request: ArtifactRequest,
): Promise<boolean> {
  const { name, mappingFile, plan } = request;
  if (name === "") {
    core.notice("artifact-name is empty: no artifact is uploaded.");
    return false;
  }
  // Both are set by the runner for actions and nowhere else.
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    core.notice(
      `Not on a GitHub Actions runner: artifact "${name}" is not uploaded; the mapping file stays at ${mappingFile}.`,
    );
    return false;
  }

  const directory = await stageFiles(mappingFile, plan);
  if (directory.files.length === 0) {
    core.notice(
      `No mapping file or plan to upload: artifact "${name}" skipped.`,
    );
    return false;
  }

  try {
    const client = new DefaultArtifactClient();
    const { id } = await client.uploadArtifact(
      name,
      directory.files,
      directory.root,
    );
    core.info(`Uploaded artifact "${name}" (id ${id}): ${directory.names}.`);
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    core.warning(
      `Could not upload artifact "${name}": ${reason}. The mapping file is still at ${mappingFile} in this job's workspace.`,
    );
    return false;
  }
}

/** Copies what the artifact holds into a directory of its own. */
async function stageFiles(mappingFile: string, plan: Plan | undefined) {
  const parent = process.env.RUNNER_TEMP || tmpdir();
  await mkdir(parent, { recursive: true });
  const root = await mkdtemp(join(parent, "personalize-clone-"));
  const files: string[] = [];

  if (existsSync(mappingFile)) {
    const copy = join(root, basename(mappingFile));
    await copyFile(mappingFile, copy);
    files.push(copy);
  }
  if (plan !== undefined) {
    const planFile = join(root, PLAN_FILE_NAME);
    await writeFile(planFile, `${JSON.stringify(plan, null, 2)}\n`);
    files.push(planFile);
  }

  const names = files.map((file) => basename(file)).join(", ");
  return { root, files, names };
}
